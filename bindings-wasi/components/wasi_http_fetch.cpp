// wasi_http_fetch_all (see wasi_http_fetch.hpp). Each request is a small state
// machine: waiting out its delay, waiting for the response head, reading the
// body. Every round subscribes a pollable for each unfinished request (its
// timer, its future or its body stream, plus its deadline), polls them all once,
// drops them, and lets each request advance as far as it can without blocking.
// The deadline covers the whole exchange; the request options carry it too, so
// the host gives up connecting or waiting for the head on its own.
#include "wasi_http_fetch.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "guest.h"

namespace ycfn_wasi {

namespace {

using Instant = wasi_clocks_monotonic_clock_instant_t;

constexpr std::uint64_t kNsPerMs = 1000000;
// Bytes asked of a body stream per read.
constexpr std::uint64_t kReadChunk = 65536;

guest_string_t wit_string(const std::string& text) {
  guest_string_t s;
  s.ptr = reinterpret_cast<uint8_t*>(const_cast<char*>(text.data()));
  s.len = text.size();
  return s;
}

std::string from_bytes(const uint8_t* ptr, size_t len) {
  return std::string(reinterpret_cast<const char*>(ptr), len);
}

// "http://host:port/path?q" -> scheme, authority, path with query.
bool split_url(const std::string& url, bool& https, std::string& authority, std::string& path) {
  std::string_view rest = url;
  if (rest.substr(0, 7) == "http://") {
    https = false;
    rest.remove_prefix(7);
  } else if (rest.substr(0, 8) == "https://") {
    https = true;
    rest.remove_prefix(8);
  } else {
    return false;
  }
  const std::size_t slash = rest.find_first_of("/?");
  authority = std::string(rest.substr(0, slash));
  path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (path[0] == '?') path.insert(0, "/");
  return !authority.empty();
}

wasi_http_types_method_t wit_method(const std::string& name, guest_string_t& other) {
  wasi_http_types_method_t m;
  static const struct {
    const char* name;
    uint8_t tag;
  } kKnown[] = {{"GET", WASI_HTTP_TYPES_METHOD_GET},         {"HEAD", WASI_HTTP_TYPES_METHOD_HEAD},
                {"POST", WASI_HTTP_TYPES_METHOD_POST},       {"PUT", WASI_HTTP_TYPES_METHOD_PUT},
                {"DELETE", WASI_HTTP_TYPES_METHOD_DELETE},   {"CONNECT", WASI_HTTP_TYPES_METHOD_CONNECT},
                {"OPTIONS", WASI_HTTP_TYPES_METHOD_OPTIONS}, {"TRACE", WASI_HTTP_TYPES_METHOD_TRACE},
                {"PATCH", WASI_HTTP_TYPES_METHOD_PATCH}};
  for (const auto& known : kKnown) {
    if (name == known.name) {
      m.tag = known.tag;
      return m;
    }
  }
  m.tag = WASI_HTTP_TYPES_METHOD_OTHER;
  other = wit_string(name);
  m.val.other = other;
  return m;
}

// What an error-code of wasi:http means for the core: timeouts are "timeout",
// everything else "network". The message names the kind, never reply bytes.
void describe_error(const wasi_http_types_error_code_t& code, FetchOutcome& out) {
  switch (code.tag) {
    case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TIMEOUT:
    case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT:
    case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_WRITE_TIMEOUT:
      out.error = "timeout";
      out.message = "wasi:http: the connection timed out";
      return;
    case WASI_HTTP_TYPES_ERROR_CODE_DNS_TIMEOUT:
      out.error = "timeout";
      out.message = "wasi:http: the name lookup timed out";
      return;
    case WASI_HTTP_TYPES_ERROR_CODE_DNS_ERROR:
      out.error = "network";
      out.message = "wasi:http: the name lookup failed";
      return;
    case WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_REFUSED:
      out.error = "network";
      out.message = "wasi:http: connection refused";
      return;
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_DENIED:
      out.error = "network";
      out.message = "wasi:http: the host denied the request (run with -S http)";
      return;
    default:
      out.error = "network";
      out.message = "wasi:http: the request failed (error-code " + std::to_string(code.tag) + ")";
      return;
  }
}

struct Slot {
  enum class State { delay, head, body, done } state = State::delay;
  const FetchRequest* request = nullptr;
  FetchOutcome outcome;
  Instant start_at = 0, deadline = 0;
  bool has_future = false, has_response = false, has_body = false, has_stream = false;
  wasi_http_types_own_future_incoming_response_t future{};
  wasi_http_types_own_incoming_response_t response{};
  wasi_http_types_own_incoming_body_t body{};
  wasi_io_streams_own_input_stream_t stream{};

  void fail(const char* error, std::string message) {
    outcome.error = error;
    outcome.message = std::move(message);
    outcome.status = 0;
    outcome.headers.clear();
    outcome.body.clear();
    finish();
  }

  // Children before parents: stream, body, response, future.
  void finish() {
    if (has_stream) wasi_io_streams_input_stream_drop_own(stream);
    if (has_body) wasi_http_types_incoming_body_drop_own(body);
    if (has_response) wasi_http_types_incoming_response_drop_own(response);
    if (has_future) wasi_http_types_future_incoming_response_drop_own(future);
    has_stream = has_body = has_response = has_future = false;
    state = State::done;
  }
};

// Writes `body` to an outgoing request body already handed to the host.
bool write_body(wasi_http_types_own_outgoing_body_t out_body, const std::string& body) {
  wasi_io_streams_own_output_stream_t stream;
  if (!wasi_http_types_method_outgoing_body_write(wasi_http_types_borrow_outgoing_body(out_body), &stream)) {
    return false;
  }
  bool ok = true;
  for (std::size_t at = 0; ok && at < body.size(); at += 4096) {
    const std::size_t n = body.size() - at < 4096 ? body.size() - at : 4096;
    guest_list_u8_t chunk{reinterpret_cast<uint8_t*>(const_cast<char*>(body.data() + at)), n};
    wasi_io_streams_stream_error_t err;
    ok = wasi_io_streams_method_output_stream_blocking_write_and_flush(
        wasi_io_streams_borrow_output_stream(stream), &chunk, &err);
    if (!ok) wasi_io_streams_stream_error_free(&err);
  }
  wasi_io_streams_output_stream_drop_own(stream);
  wasi_http_types_error_code_t finish_err;
  if (!wasi_http_types_static_outgoing_body_finish(out_body, nullptr, &finish_err)) {
    wasi_http_types_error_code_free(&finish_err);
    return false;
  }
  return ok;
}

// Hands the request to the host; the slot then waits for the head.
void start(Slot& slot, Instant now) {
  const FetchRequest& req = *slot.request;
  bool https = false;
  std::string authority, path;
  if (!split_url(req.url, https, authority, path)) {
    slot.fail("network", "the URL is not http:// or https:// with a host");
    return;
  }
  wasi_http_types_own_fields_t fields = wasi_http_types_constructor_fields();
  for (const auto& [name, value] : req.headers) {
    wasi_http_types_field_name_t wname = wit_string(name);
    wasi_http_types_field_value_t wvalue{reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())),
                                         value.size()};
    wasi_http_types_header_error_t herr;
    if (!wasi_http_types_method_fields_append(wasi_http_types_borrow_fields(fields), &wname, &wvalue,
                                              &herr)) {
      wasi_http_types_fields_drop_own(fields);
      slot.fail("network", "the host refused request header '" + name + "'");
      return;
    }
  }
  wasi_http_types_own_outgoing_request_t out = wasi_http_types_constructor_outgoing_request(fields);
  auto borrowed = wasi_http_types_borrow_outgoing_request(out);
  guest_string_t other{};
  wasi_http_types_method_t method = wit_method(req.method, other);
  wasi_http_types_scheme_t scheme;
  scheme.tag = https ? WASI_HTTP_TYPES_SCHEME_HTTPS : WASI_HTTP_TYPES_SCHEME_HTTP;
  guest_string_t wauthority = wit_string(authority), wpath = wit_string(path);
  if (!wasi_http_types_method_outgoing_request_set_method(borrowed, &method) ||
      !wasi_http_types_method_outgoing_request_set_scheme(borrowed, &scheme) ||
      !wasi_http_types_method_outgoing_request_set_authority(borrowed, &wauthority) ||
      !wasi_http_types_method_outgoing_request_set_path_with_query(borrowed, &wpath)) {
    wasi_http_types_outgoing_request_drop_own(out);
    slot.fail("network", "the host refused the request's method, authority or path");
    return;
  }
  wasi_http_types_own_outgoing_body_t out_body;
  if (!wasi_http_types_method_outgoing_request_body(borrowed, &out_body)) {
    wasi_http_types_outgoing_request_drop_own(out);
    slot.fail("network", "the host gave no request body");
    return;
  }
  // The host's own limits for connecting and for the head: what is left.
  wasi_http_types_own_request_options_t options = wasi_http_types_constructor_request_options();
  wasi_clocks_monotonic_clock_duration_t left = slot.deadline > now ? slot.deadline - now : 1;
  auto boptions = wasi_http_types_borrow_request_options(options);
  wasi_http_types_method_request_options_set_connect_timeout(boptions, &left);
  wasi_http_types_method_request_options_set_first_byte_timeout(boptions, &left);
  wasi_http_types_method_request_options_set_between_bytes_timeout(boptions, &left);
  wasi_http_outgoing_handler_error_code_t err;
  if (!wasi_http_outgoing_handler_handle(out, &options, &slot.future, &err)) {
    wasi_http_types_outgoing_body_drop_own(out_body);
    describe_error(err, slot.outcome);
    wasi_http_outgoing_handler_error_code_free(&err);
    slot.finish();
    return;
  }
  slot.has_future = true;
  if (!write_body(out_body, req.body)) {
    slot.fail("network", "the request body could not be sent");
    return;
  }
  slot.state = Slot::State::head;
}

// The head has arrived (or failed): status and headers, then the body.
void take_head(Slot& slot) {
  wasi_http_types_result_result_own_incoming_response_error_code_void_t result;
  if (!wasi_http_types_method_future_incoming_response_get(
          wasi_http_types_borrow_future_incoming_response(slot.future), &result)) {
    return;  // not yet
  }
  if (result.is_err) {
    slot.fail("network", "wasi:http: the response was already taken");
    return;
  }
  if (result.val.ok.is_err) {
    describe_error(result.val.ok.val.err, slot.outcome);
    wasi_http_types_error_code_free(&result.val.ok.val.err);
    slot.finish();
    return;
  }
  slot.response = result.val.ok.val.ok;
  slot.has_response = true;
  auto borrowed = wasi_http_types_borrow_incoming_response(slot.response);
  slot.outcome.status = wasi_http_types_method_incoming_response_status(borrowed);
  wasi_http_types_own_headers_t headers = wasi_http_types_method_incoming_response_headers(borrowed);
  wasi_http_types_list_tuple2_field_name_field_value_t entries;
  wasi_http_types_method_fields_entries(wasi_http_types_borrow_fields(headers), &entries);
  for (size_t i = 0; i < entries.len; ++i) {
    slot.outcome.headers.emplace_back(from_bytes(entries.ptr[i].f0.ptr, entries.ptr[i].f0.len),
                                      from_bytes(entries.ptr[i].f1.ptr, entries.ptr[i].f1.len));
  }
  wasi_http_types_list_tuple2_field_name_field_value_free(&entries);
  wasi_http_types_fields_drop_own(headers);
  if (!wasi_http_types_method_incoming_response_consume(borrowed, &slot.body)) {
    slot.fail("network", "wasi:http: the response body was already taken");
    return;
  }
  slot.has_body = true;
  if (!wasi_http_types_method_incoming_body_stream(wasi_http_types_borrow_incoming_body(slot.body),
                                                   &slot.stream)) {
    slot.fail("network", "wasi:http: the response body stream was already taken");
    return;
  }
  slot.has_stream = true;
  slot.state = Slot::State::body;
}

// Reads what has arrived, without blocking; done at the end of the stream.
void read_body(Slot& slot) {
  for (;;) {
    guest_list_u8_t chunk{};
    wasi_io_streams_stream_error_t err;
    if (!wasi_io_streams_method_input_stream_read(wasi_io_streams_borrow_input_stream(slot.stream),
                                                  kReadChunk, &chunk, &err)) {
      if (err.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED) {
        slot.finish();
      } else {
        wasi_io_streams_stream_error_free(&err);
        slot.fail("network", "wasi:http: reading the response body failed");
      }
      return;
    }
    const std::size_t n = chunk.len;
    if (slot.outcome.body.size() + n > slot.request->max_body_bytes) {
      guest_list_u8_free(&chunk);
      slot.fail("too_large",
                "the response body is over " + std::to_string(slot.request->max_body_bytes) + " bytes");
      return;
    }
    slot.outcome.body.append(reinterpret_cast<const char*>(chunk.ptr), n);
    guest_list_u8_free(&chunk);
    if (n == 0) return;  // nothing more for now
  }
}

}  // namespace

std::vector<FetchOutcome> wasi_http_fetch_all(const std::vector<FetchRequest>& requests) {
  std::vector<Slot> slots(requests.size());
  const Instant begin = wasi_clocks_monotonic_clock_now();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Slot& slot = slots[i];
    slot.request = &requests[i];
    slot.outcome.id = requests[i].id;
    const std::int64_t delay = requests[i].delay_ms > 0 ? requests[i].delay_ms : 0;
    const std::int64_t timeout = requests[i].timeout_ms > 0 ? requests[i].timeout_ms : 1;
    slot.start_at = begin + static_cast<Instant>(delay) * kNsPerMs;
    slot.deadline = slot.start_at + static_cast<Instant>(timeout) * kNsPerMs;
  }
  std::vector<wasi_io_poll_own_pollable_t> pollables;
  std::vector<wasi_io_poll_borrow_pollable_t> borrowed;
  for (;;) {
    // Advance every request as far as it goes without waiting.
    const Instant now = wasi_clocks_monotonic_clock_now();
    bool pending = false;
    for (Slot& slot : slots) {
      if (slot.state == Slot::State::delay && now >= slot.start_at) start(slot, now);
      if (slot.state == Slot::State::head) take_head(slot);
      if (slot.state == Slot::State::body) read_body(slot);
      if (slot.state != Slot::State::done && slot.state != Slot::State::delay && now >= slot.deadline) {
        slot.fail("timeout", "no complete reply within " + std::to_string(slot.request->timeout_ms) + " ms");
      }
      pending = pending || slot.state != Slot::State::done;
    }
    if (!pending) break;
    // Wait until one of them can move: its timer, its head, its body, its deadline.
    pollables.clear();
    for (Slot& slot : slots) {
      switch (slot.state) {
        case Slot::State::delay:
          pollables.push_back(wasi_clocks_monotonic_clock_subscribe_instant(slot.start_at));
          break;
        case Slot::State::head:
          pollables.push_back(wasi_http_types_method_future_incoming_response_subscribe(
              wasi_http_types_borrow_future_incoming_response(slot.future)));
          pollables.push_back(wasi_clocks_monotonic_clock_subscribe_instant(slot.deadline));
          break;
        case Slot::State::body:
          pollables.push_back(wasi_io_streams_method_input_stream_subscribe(
              wasi_io_streams_borrow_input_stream(slot.stream)));
          pollables.push_back(wasi_clocks_monotonic_clock_subscribe_instant(slot.deadline));
          break;
        case Slot::State::done:
          break;
      }
    }
    borrowed.clear();
    for (const auto& p : pollables) borrowed.push_back(wasi_io_poll_borrow_pollable(p));
    wasi_io_poll_list_borrow_pollable_t list{borrowed.data(), borrowed.size()};
    guest_list_u32_t ready{};
    wasi_io_poll_poll(&list, &ready);
    guest_list_u32_free(&ready);
    // Pollables are children of the futures and streams: drop them first.
    for (const auto& p : pollables) wasi_io_poll_pollable_drop_own(p);
  }
  std::vector<FetchOutcome> outcomes;
  outcomes.reserve(slots.size());
  for (Slot& slot : slots) outcomes.push_back(std::move(slot.outcome));
  return outcomes;
}

}  // namespace ycfn_wasi

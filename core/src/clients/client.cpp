#include "ycfn/detail/client.hpp"

#include "ycfn/detail/utf8.hpp"
#include "ycfn/json.hpp"

namespace ycfn::client {

namespace {

std::string prefix(Operation op) {
  std::string out(op.service);
  out += '.';
  out += op.name;
  out += ": ";
  return out;
}

std::string code_of(Operation op, std::string_view kind) {
  std::string out(op.service);
  out += '.';
  out += kind;
  return out;
}

// The code a status maps to, and whether trying again may help.
std::string_view status_kind(int status, bool& retryable) {
  retryable = false;
  if (status == 404) return "not_found";
  if (status == 401 || status == 403) return "denied";
  if (status == 409 || status == 412) return "conflict";
  if (status == 429) {
    retryable = true;
    return "throttled";
  }
  if (status >= 500 && status <= 599) {
    retryable = status != 501;  // 501: the service will never do it
    return "unavailable";
  }
  return "rejected";
}

}  // namespace

std::string endpoint(const Context& context, std::string_view variable, std::string_view fallback) {
  auto value = context.env(variable);
  std::string out(value && !value->empty() ? *value : fallback);
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

Result<std::string> required_endpoint(const Context& context, std::string_view variable, Operation op) {
  std::string out = endpoint(context, variable, "");
  if (out.empty()) {
    return make_error("config.missing",
                      prefix(op) + "set " + std::string(variable) + " to the service's endpoint");
  }
  return out;
}

Error invalid_argument(Operation op, std::string_view what) {
  return make_error(code_of(op, "invalid_argument"), prefix(op) + std::string(what));
}

Error bad_reply(Operation op, std::string_view what) {
  return make_error(code_of(op, "bad_reply"), prefix(op) + std::string(what));
}

Error reply_error(const HttpReply& reply, Operation op, ErrorBodyReader read, std::string_view code) {
  if (!reply.ok()) {
    Error error = reply.error();
    error.message = prefix(op) + error.message;
    return error;
  }
  bool retryable = false;
  const std::string_view kind = status_kind(reply.status(), retryable);
  std::string message = prefix(op) + "HTTP " + std::to_string(reply.status());
  const ServiceError service = read != nullptr ? read(reply) : ServiceError{};
  if (!service.code.empty()) message += ' ' + message_text(service.code, 80);
  if (!service.message.empty()) message += ": " + message_text(service.message);
  return make_error(code.empty() ? code_of(op, kind) : std::string(code), std::move(message), retryable);
}

ServiceError read_grpc_error(const HttpReply& reply) {
  auto body = json::parse(reply.body());
  if (!body) return {};
  ServiceError out;
  if (auto code = json::get_int(*body, "code")) out.code = "gRPC " + std::to_string(*code);
  if (auto message = json::get_string(*body, "message")) out.message = std::string(*message);
  return out;
}

Result<nlohmann::json> json_body(const HttpReply& reply, Operation op, bool object) {
  auto body = json::parse(reply.body());
  if (!body) return bad_reply(op, "the reply is not JSON (" + body.error().message + ")");
  if (object && !body->is_object()) return bad_reply(op, "the reply is not a JSON object");
  return body;
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string message_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (out.size() + (len == 0 ? 1 : len) > max_bytes) {
      out += "...";
      break;
    }
    if (len == 0) {
      out += '?';
      ++i;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (len == 1 && (byte < 0x20 || byte == 0x7F)) {
      out += ' ';
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace ycfn::client

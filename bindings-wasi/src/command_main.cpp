// The main of every handler's WASI command module (<name>.wasm):
//
//   wasmtime run --env YCFN_CONTEXT='{"requestId":"r1"}' <name>.wasm < event.json
//   wasmtime run <name>.wasm --jsonl < events.jsonl
//
// It is a host like any other: it drives the handler through the C ABI (ycfn.h)
// only, with guest_step_driver.cpp. Its network comes from command_network():
// a WASI preview1 module cannot open sockets (command_network_none.cpp: the
// runtime is created with "network": false; a handler that needs a token gets
// it from YCFN_CONTEXT's "token", or the core answers 502 token.missing); the
// <name>.cli.wasm component performs requests through wasi:http
// (command_network_wasi_http.cpp).
// bindings-wasi/README.md documents options, environment, exit codes and the
// batch line format; --help prints the same.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "command_network.hpp"
#include "guest_step_driver.hpp"
#include "ycfn/ycfn.h"

namespace {

using nlohmann::json;
using ycfn_wasi::StepDriver;
using ycfn_wasi::wall_now_ms;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitMisuse = 2;

// Used when YCFN_CONTEXT has no deadlineMs and YCFN_TIMEOUT_MS is not set.
constexpr std::int64_t kDefaultTimeoutMs = 3000;
// Yandex Cloud Functions' longest timeout (10 minutes).
constexpr std::int64_t kMaxTimeoutMs = 600000;

constexpr const char* kUsage =
    "usage: wasmtime run [--env YCFN_CONTEXT=<json>] [--env YCFN_TIMEOUT_MS=<ms>] <handler>.wasm [--jsonl]\n"
    "\n"
    "Runs the ycfn handler built into this module. Reads one event (a JSON document)\n"
    "from standard input and prints the handler's response (the platform's HTTP\n"
    "result: statusCode, headers, body, ...) as one line of JSON on standard output.\n"
    "Log records go to standard error, one per line.\n"
    "\n"
    "options:\n"
    "  --jsonl     batch mode: each input line is one event; each gets one response\n"
    "              line, in order (a line that is not a JSON object is answered with\n"
    "              a 400 response and the stream goes on). requestId of line N is\n"
    "              \"<YCFN_CONTEXT.requestId or batch>-N\".\n"
    "  --help, -h  print this text and exit\n"
    "  --version   print the ycfn C ABI version and exit\n"
    "\n"
    "environment (wasmtime passes only what --env names):\n"
    "  YCFN_CONTEXT     the invocation context: the JSON object the Node.js runtime\n"
    "                   passes as `context` (requestId, functionName, functionVersion,\n"
    "                   memoryLimitInMB, token, deadlineMs). Default {}.\n"
    "                   A handler that needs an IAM token takes it from \"token\":\n"
    "                   {\"access_token\":\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}\n";
// After the network note of command_network().
constexpr const char* kUsageTail =
    "  YCFN_TIMEOUT_MS  time budget of each event in ms when YCFN_CONTEXT has no\n"
    "                   deadlineMs (Unix ms); 1..600000, default 3000.\n"
    "  YC_METADATA_ADDR, GCE_METADATA_HOST  handed to the runtime as they are.\n"
    "\n"
    "exit status: 0 a response was printed for every event, whatever its statusCode;\n"
    "1 internal failure; 2 misuse (unknown option, malformed YCFN_CONTEXT or\n"
    "YCFN_TIMEOUT_MS, unreadable input). A handler that traps ends the process with\n"
    "the wasm runtime's trap status and no response.\n";

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// One line on stderr: "ycfn: <reason>".
int fail(int status, const std::string& reason) {
  std::fprintf(stderr, "ycfn: %s\n", reason.c_str());
  return status;
}

bool write_all(std::FILE* out, std::string_view text) {
  return std::fwrite(text.data(), 1, text.size(), out) == text.size();
}

// Reads standard input to its end. False on a read error.
bool read_all(std::string& out) {
  char buffer[65536];
  for (;;) {
    std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin);
    out.append(buffer, n);
    if (n < sizeof buffer) return std::ferror(stdin) == 0;
  }
}

// Splits standard input into lines of any length; the last line may lack its
// newline. The newline is not part of the line (a '\r' before it is: JSON
// treats it as whitespace).
class LineReader {
 public:
  // False at the end of input (or on a read error: see failed()).
  bool next(std::string& line) {
    line.clear();
    for (;;) {
      if (pos_ < len_) {
        const char* start = buffer_ + pos_;
        const void* nl = std::memchr(start, '\n', len_ - pos_);
        if (nl != nullptr) {
          const std::size_t n = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
          line.append(start, n);
          pos_ += n + 1;
          have_partial_ = false;
          return true;
        }
        line.append(start, len_ - pos_);
        pos_ = len_;
        have_partial_ = true;
      }
      if (eof_) {
        const bool got = have_partial_;
        have_partial_ = false;
        return got;
      }
      // read(), not fread(): it returns what has arrived, so a line is
      // answered as soon as it is complete even when more input is to come.
      pos_ = len_ = 0;
      const ssize_t n = ::read(STDIN_FILENO, buffer_, sizeof buffer_);
      if (n > 0) {
        len_ = static_cast<std::size_t>(n);
      } else if (n == 0) {
        eof_ = true;
      } else if (errno != EINTR && errno != EAGAIN) {
        eof_ = true;
        failed_ = true;
      }
    }
  }
  bool failed() const { return failed_; }

 private:
  char buffer_[65536];
  std::size_t pos_ = 0, len_ = 0;
  bool eof_ = false, failed_ = false, have_partial_ = false;
};

struct Options {
  bool jsonl = false;
  bool help = false;
  bool version = false;
};

// Everything an invocation needs besides the event, read once from the
// environment.
struct Setup {
  json context = json::object();
  bool has_deadline = false;
  std::int64_t deadline_ms = 0;  // absolute, from context.deadlineMs
  std::int64_t timeout_ms = kDefaultTimeoutMs;
};

bool parse_timeout(const char* text, std::int64_t& out) {
  if (text == nullptr || *text == '\0') return false;
  std::int64_t value = 0;
  for (const char* p = text; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9') return false;
    value = value * 10 + (*p - '0');
    if (value > kMaxTimeoutMs) return false;
  }
  if (value < 1) return false;
  out = value;
  return true;
}

// False (with `why`) when YCFN_CONTEXT or YCFN_TIMEOUT_MS is malformed.
bool read_setup(Setup& setup, std::string& why) {
  if (const char* text = std::getenv("YCFN_CONTEXT"); text != nullptr) {
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
      why = "YCFN_CONTEXT is not valid JSON (" + std::to_string(std::strlen(text)) +
            " bytes); expected an object like {\"requestId\":\"r1\"}";
      return false;
    }
    if (!parsed.is_object()) {
      why = std::string("YCFN_CONTEXT is JSON ") + parsed.type_name() +
            ", expected an object like {\"requestId\":\"r1\"}";
      return false;
    }
    setup.context = std::move(parsed);
  }
  if (auto it = setup.context.find("deadlineMs"); it != setup.context.end()) {
    if (it->is_number_integer()) {
      setup.deadline_ms = it->get<std::int64_t>();
    } else if (it->is_number_float() && it->get<double>() > 0 && it->get<double>() < 9.0e15) {
      setup.deadline_ms = static_cast<std::int64_t>(it->get<double>());
    } else {
      why = std::string("YCFN_CONTEXT.deadlineMs is ") + it->type_name() +
            ", expected a number (Unix epoch milliseconds)";
      return false;
    }
    setup.has_deadline = true;
  }
  if (const char* text = std::getenv("YCFN_TIMEOUT_MS"); text != nullptr) {
    if (!parse_timeout(text, setup.timeout_ms)) {
      why = "YCFN_TIMEOUT_MS must be a whole number of milliseconds from 1 to 600000";
      return false;
    }
  }
  return true;
}

// {"network": ..., "env": {...}}: the two metadata address variables when set.
std::string runtime_config() {
  json env = json::object();
  for (const char* name : {"YC_METADATA_ADDR", "GCE_METADATA_HOST"}) {
    if (const char* value = std::getenv(name); value != nullptr) env[name] = value;
  }
  return dump(json{{"network", ycfn_wasi::command_network().network}, {"env", std::move(env)}});
}

json invocation_json(const Setup& setup, json context) {
  const std::int64_t now = wall_now_ms();
  return json{{"context", std::move(context)},
              {"now_ms", now},
              {"deadline_ms", setup.has_deadline ? setup.deadline_ms : now + setup.timeout_ms}};
}

int run_single(StepDriver& host, const Setup& setup) {
  std::string event;
  if (!read_all(event))
    return fail(kExitMisuse, std::string("cannot read standard input: ") + std::strerror(errno));
  std::string response, why;
  if (!host.run(event, dump(invocation_json(setup, setup.context)), response, why))
    return fail(kExitInternal, why);
  response.push_back('\n');
  if (!write_all(stdout, response) || std::fflush(stdout) != 0) {
    return fail(kExitInternal, std::string("cannot write standard output: ") + std::strerror(errno));
  }
  return kExitOk;
}

int run_batch(StepDriver& host, const Setup& setup) {
  std::string prefix = "batch";
  if (auto it = setup.context.find("requestId"); it != setup.context.end() && it->is_string()) {
    prefix = it->get<std::string>();
  }
  json invocation = invocation_json(setup, setup.context);
  json& request_id = invocation["context"]["requestId"];
  LineReader reader;
  std::string line, response, why;
  for (std::uint64_t number = 1; reader.next(line); ++number) {
    request_id = prefix + "-" + std::to_string(number);
    const std::int64_t now = wall_now_ms();
    invocation["now_ms"] = now;
    invocation["deadline_ms"] = setup.has_deadline ? setup.deadline_ms : now + setup.timeout_ms;
    if (!host.run(line, dump(invocation), response, why)) {
      return fail(kExitInternal, "line " + std::to_string(number) + ": " + why);
    }
    response.push_back('\n');
    // One flush per line, so a reader of a pipe sees each answer at once.
    if (!write_all(stdout, response) || std::fflush(stdout) != 0) {
      return fail(kExitInternal, std::string("cannot write standard output: ") + std::strerror(errno));
    }
  }
  if (reader.failed())
    return fail(kExitMisuse, std::string("cannot read standard input: ") + std::strerror(errno));
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--jsonl") {
      options.jsonl = true;
    } else if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--version") {
      options.version = true;
    } else {
      return fail(kExitMisuse,
                  "unknown " + std::string(arg.empty() || arg[0] != '-' ? "argument" : "option") + " '" +
                      std::string(arg) + "' (the event is read from standard input; try --help)");
    }
  }
  if (options.help) {
    const bool ok = write_all(stdout, kUsage) && write_all(stdout, ycfn_wasi::command_network().usage_note) &&
                    write_all(stdout, kUsageTail);
    return ok ? kExitOk : kExitInternal;
  }
  if (options.version) {
    std::printf("ycfn WASI command, C ABI %u\n", static_cast<unsigned>(ycfn_abi_version()));
    return kExitOk;
  }
  if (ycfn_abi_version() != YCFN_ABI_VERSION) return fail(kExitInternal, "C ABI version mismatch");

  Setup setup;
  std::string why;
  if (!read_setup(setup, why)) return fail(kExitMisuse, why);

  const std::string config = runtime_config();
  YcfnRuntime* runtime = ycfn_runtime_new(config.data(), config.size());
  if (runtime == nullptr) return fail(kExitInternal, "the runtime ran out of memory");
  StepDriver host(runtime, ycfn_wasi::command_network().fetch_all);
  return options.jsonl ? run_batch(host, setup) : run_single(host, setup);
}

// The main of every handler's WASI command module (<name>.wasm):
//
//   wasmtime run --env YCFN_CONTEXT='{"requestId":"r1"}' <name>.wasm < event.json
//   wasmtime run <name>.wasm --jsonl < events.jsonl
//
// It is a host like any other (docs/design.md, "The host contract"): it drives
// the handler through the C ABI (ycfn.h) only. A WASI preview1 module cannot
// open sockets, so the runtime is created with "network": false and this
// host's hints: a handler that needs a token gets it from YCFN_CONTEXT's
// "token" (or the core answers 502 token.missing saying so), and a handler's
// requests fail with fetch.unsupported naming the hosts that can make them.
// The core judges YCFN_CONTEXT and YCFN_TIMEOUT_MS (500 context.malformed,
// context.bad_deadline, config.bad_timeout), so every host answers alike.
// bindings-wasi/README.md documents options, environment, exit codes and the
// batch line format; --help prints the same.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ycfn/ycfn.h"

namespace {

using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitMisuse = 2;

// The host hints of the runtime config: how a token and requests work here.
constexpr const char* kTokenHint =
    "the invocation context has no \"token\" and a WASI preview1 module cannot reach the metadata service. "
    "Pass the metadata service's token reply in YCFN_CONTEXT: wasmtime run --env "
    "YCFN_CONTEXT='{\"token\":{\"access_token\":\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}}' "
    "<name>.wasm (on a Yandex Compute VM the metadata service gives it: GET "
    "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token with "
    "Metadata-Flavor: Google), or run <name>.cli.wasm with wasmtime run -S http, which fetches it itself";
constexpr const char* kFetchHint =
    "a WASI preview1 command has no sockets; run <name>.cli.wasm with wasmtime run -S http, the "
    "reactor under bindings-wasi/host/ycfn_host.py, or the function on Node or Python";

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
    "environment (wasmtime passes only what --env names; the handler reads it too):\n"
    "  YCFN_CONTEXT     the invocation context: the JSON object the Node.js runtime\n"
    "                   passes as `context` (requestId, functionName, functionVersion,\n"
    "                   memoryLimitInMB, token, deadlineMs). Default {}.\n"
    "                   A handler that needs an IAM token takes it from \"token\":\n"
    "                   {\"access_token\":\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}\n"
    "                   (this module cannot reach the metadata service itself).\n"
    "  YCFN_TIMEOUT_MS  time budget of each event in ms when YCFN_CONTEXT has no\n"
    "                   deadlineMs (Unix ms); 1..600000, default 3000.\n"
    "  A malformed YCFN_CONTEXT, deadlineMs or YCFN_TIMEOUT_MS is answered as on\n"
    "  every host: a 500 response (context.malformed, context.bad_deadline,\n"
    "  config.bad_timeout).\n"
    "\n"
    "exit status: 0 a response was printed for every event, whatever its statusCode;\n"
    "1 internal failure; 2 misuse (unknown option, unreadable input). A handler that\n"
    "traps ends the process with the wasm runtime's trap status and no response\n"
    "(this module is the instance that trapped).\n";

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// One line on stderr: "ycfn: <reason>".
int fail(int status, const std::string& reason) {
  std::fprintf(stderr, "ycfn: %s\n", reason.c_str());
  return status;
}

std::int64_t now_ms() {
  struct timespec ts{};
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return 0;
  return static_cast<std::int64_t>(ts.tv_sec) * 1000 + static_cast<std::int64_t>(ts.tv_nsec / 1000000);
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

// The invocation context, read once from YCFN_CONTEXT: kept as text for the
// core to judge, and parsed only to give batch lines their own requestId.
struct Setup {
  std::string context_text;  // YCFN_CONTEXT as set ("" when unset)
  json context_object;       // the same when it is a JSON object, else null
};

Setup read_setup() {
  Setup setup;
  if (const char* text = std::getenv("YCFN_CONTEXT"); text != nullptr) setup.context_text = text;
  json parsed = json::parse(setup.context_text.empty() ? "{}" : setup.context_text, nullptr, false);
  if (parsed.is_object()) setup.context_object = std::move(parsed);
  return setup;
}

// {"network": false, "env": {...every variable...}, "token_hint", "fetch_hint"}.
std::string runtime_config() {
  json env = json::object();
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    env[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
  }
  return dump(json{
      {"network", false}, {"env", std::move(env)}, {"token_hint", kTokenHint}, {"fetch_hint", kFetchHint}});
}

// Owns a string the ABI returned.
struct AbiString {
  char* ptr;
  explicit AbiString(char* p) : ptr(p) {}
  ~AbiString() { ycfn_free(ptr); }
  AbiString(const AbiString&) = delete;
  AbiString& operator=(const AbiString&) = delete;
};

class Host {
 public:
  explicit Host(YcfnRuntime* runtime) : runtime_(runtime) {}
  ~Host() { ycfn_runtime_delete(runtime_); }
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Drives one invocation to its answer; `response` gets the response JSON.
  // False (with `why`) on an internal failure.
  bool run(std::string_view event, const std::string& invocation, std::string& response, std::string& why) {
    AbiString step(ycfn_invoke(runtime_, event.data(), event.size(), invocation.data(), invocation.size()));
    if (step.ptr == nullptr) {
      why = "the runtime ran out of memory";
      return false;
    }
    const std::string_view text = step.ptr;
    // A respond step has its response last (docs/design.md): the response text
    // is printed as it is, and only the head (the logs) is parsed.
    static constexpr std::string_view kRespond = ",\"step\":\"respond\",\"response\":";
    if (const std::size_t at = text.find(kRespond); at != std::string_view::npos && text.back() == '}') {
      print_logs(json::parse(std::string(text.substr(0, at)) + "}", nullptr, false));
      response.assign(text.substr(at + kRespond.size(), text.size() - at - kRespond.size() - 1));
      return true;
    }
    const json parsed = json::parse(text, nullptr, false);
    print_logs(parsed);
    if (parsed.is_object() && parsed.value("step", "") == "error") {
      // A host bug the core detected: answered like on every host.
      const json error = parsed.value("error", json::object());
      const std::string code = error.value("code", "abi.internal");
      std::fprintf(stderr, "{\"level\":\"ERROR\",\"msg\":\"the core answered an ABI error (%s)\"}\n",
                   code.c_str());
      response = dump({{"statusCode", 500},
                       {"headers", {{"Content-Type", "application/json"}}},
                       {"body", dump({{"errorMessage", error.value("message", "")}, {"errorType", code}})},
                       {"isBase64Encoded", false}});
      return true;
    }
    // Created with "network": false, the runtime never asks to fetch or wait.
    why = "the runtime answered a step this host does not expect: " + std::string(text.substr(0, 80));
    return false;
  }

 private:
  static void print_logs(const json& step) {
    const auto logs = step.find("logs");
    if (logs == step.end() || !logs->is_array()) return;
    for (const json& line : *logs) {
      if (!line.is_string()) continue;
      const std::string& text = line.get_ref<const std::string&>();
      std::fwrite(text.data(), 1, text.size(), stderr);
      std::fputc('\n', stderr);
    }
  }

  YcfnRuntime* runtime_;
};

// The invocation JSON: the context as the host read it, the host clock. The
// core decides the deadline (context.deadlineMs, YCFN_TIMEOUT_MS or 3000 ms).
std::string invocation_json(const Setup& setup, const json* with_request_id) {
  json invocation{{"now_ms", now_ms()}};
  if (with_request_id != nullptr) {
    invocation["context"] = *with_request_id;
  } else if (!setup.context_text.empty()) {
    invocation["context_json"] = setup.context_text;
  } else {
    invocation["context"] = json::object();
  }
  return dump(invocation);
}

int emit(const std::string& response) {
  if (!write_all(stdout, response) || !write_all(stdout, "\n") || std::fflush(stdout) != 0) {
    return fail(kExitInternal, std::string("cannot write standard output: ") + std::strerror(errno));
  }
  return kExitOk;
}

int run_single(Host& host, const Setup& setup) {
  std::string event;
  if (!read_all(event))
    return fail(kExitMisuse, std::string("cannot read standard input: ") + std::strerror(errno));
  std::string response, why;
  if (!host.run(event, invocation_json(setup, nullptr), response, why)) return fail(kExitInternal, why);
  return emit(response);
}

int run_batch(Host& host, const Setup& setup) {
  std::string prefix = "batch";
  json context = setup.context_object;
  if (context.is_object()) {
    if (auto it = context.find("requestId"); it != context.end() && it->is_string())
      prefix = it->get<std::string>();
  }
  LineReader reader;
  std::string line, response, why;
  for (std::uint64_t number = 1; reader.next(line); ++number) {
    if (context.is_object()) context["requestId"] = prefix + "-" + std::to_string(number);
    const std::string invocation = invocation_json(setup, context.is_object() ? &context : nullptr);
    if (!host.run(line, invocation, response, why)) {
      return fail(kExitInternal, "line " + std::to_string(number) + ": " + why);
    }
    // One flush per line, so a reader of a pipe sees each answer at once.
    if (const int status = emit(response); status != kExitOk) return status;
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
  if (options.help) return write_all(stdout, kUsage) ? kExitOk : kExitInternal;
  if (options.version) {
    std::printf("ycfn WASI command, C ABI %u\n", static_cast<unsigned>(ycfn_abi_version()));
    return kExitOk;
  }
  if (ycfn_abi_version() != YCFN_ABI_VERSION) return fail(kExitInternal, "C ABI version mismatch");

  const Setup setup = read_setup();

  const std::string config = runtime_config();
  YcfnRuntime* runtime = ycfn_runtime_new(config.data(), config.size());
  if (runtime == nullptr) return fail(kExitInternal, "the runtime ran out of memory");
  Host host(runtime);
  return options.jsonl ? run_batch(host, setup) : run_single(host, setup);
}

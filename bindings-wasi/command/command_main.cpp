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
// Its network comes from command_network() (command_network.hpp): the preview1
// <name>.wasm links command_network_none.cpp (the words above); the
// <name>.cli.wasm component links command_network_wasi_http.cpp, created with
// "network": true, and performs the core's fetch steps through wasi:http with
// the same step driver (guest_step_driver.cpp) as the other guest hosts.
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
#include <wasi/libc-environ.h>

#include <nlohmann/json.hpp>

#include "command_network.hpp"
#include "guest_step_driver.hpp"
#include "ycfn/json.hpp"
#include "ycfn/ycfn.h"

namespace {

using nlohmann::json;
using ycfn_wasi::StepDriver;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitMisuse = 2;

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
    "                   {\"access_token\":\"...\",\"expires_in\":3600,\"token_type\":\"Bearer\"}\n";
// After the network note of command_network().
constexpr const char* kUsageTail =
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

std::string dump(const json& value) { return ycfn::json::dump(value); }

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

// {"network", "env": {...every variable...}, "token_hint", "fetch_hint"?}: the
// network and hints of command_network().
std::string runtime_config() {
  json env = json::object();
  // __wasilibc_get_environ(), not `environ`: naming `environ` makes wasi-libc
  // read the environment in a constructor, and a command's exports (the
  // component's cabi_realloc included) run the constructors on every call,
  // where a component may not call out: the <name>.cli.wasm component traps.
  for (char** entry = __wasilibc_get_environ(); entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    env[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
  }
  const ycfn_wasi::CommandNetwork& network = ycfn_wasi::command_network();
  json config{{"network", network.network}, {"env", std::move(env)}, {"token_hint", network.token_hint}};
  if (network.fetch_hint != nullptr) config["fetch_hint"] = network.fetch_hint;
  return dump(config);
}

// The invocation JSON: the context as the host read it, the host clock. The
// core decides the deadline (context.deadlineMs, YCFN_TIMEOUT_MS or 3000 ms).
std::string invocation_json(const Setup& setup, const json* with_request_id) {
  json invocation{{"now_ms", ycfn_wasi::wall_now_ms()}};
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

int run_single(StepDriver& host, const Setup& setup) {
  std::string event;
  if (!read_all(event))
    return fail(kExitMisuse, std::string("cannot read standard input: ") + std::strerror(errno));
  std::string response, why;
  if (!host.run(event, invocation_json(setup, nullptr), response, why)) return fail(kExitInternal, why);
  return emit(response);
}

int run_batch(StepDriver& host, const Setup& setup) {
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

  const Setup setup = read_setup();

  const std::string config = runtime_config();
  YcfnRuntime* runtime = ycfn_runtime_new(config.data(), config.size());
  if (runtime == nullptr) return fail(kExitInternal, "the runtime ran out of memory");
  StepDriver host(runtime, ycfn_wasi::command_network().fetch_all);
  return options.jsonl ? run_batch(host, setup) : run_single(host, setup);
}

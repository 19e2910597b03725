// For the clients' tests: a Context with an environment the test sets, and
// replies as the runtime would hand them over.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ycfn/context.hpp"
#include "ycfn/detail/runtime.hpp"
#include "ycfn/fetch.hpp"

namespace ycfn_test {

struct ClientContext {
  ycfn::LogBuffer log;
  ycfn::HostEnvironment host;
  ycfn::Context context{ycfn::ContextInfo{}, log, &host};

  ClientContext& env(std::string name, std::string value) {
    host.env[std::move(name)] = std::move(value);
    return *this;
  }
};

inline ycfn::HttpReply reply(int status, std::string body = "",
                             std::vector<std::pair<std::string, std::string>> headers = {}) {
  ycfn::Headers h;
  for (auto& [name, value] : headers) h.add(std::move(name), std::move(value));
  return ycfn::HttpReply::received(status, std::move(h), std::move(body), "https://example.test/", 5);
}

inline ycfn::HttpReply transport_failure(std::string code, std::string message, bool retryable) {
  return ycfn::HttpReply::failed(ycfn::make_error(std::move(code), std::move(message), retryable),
                                 "https://example.test/", 5);
}

}  // namespace ycfn_test

#include "ycfn/token.hpp"

namespace ycfn {

const char* token_source_name(TokenSource source) {
  switch (source) {
    case TokenSource::context:
      return "context";
    case TokenSource::metadata:
      return "metadata";
    case TokenSource::cache:
      return "cache";
  }
  return "context";
}

}  // namespace ycfn

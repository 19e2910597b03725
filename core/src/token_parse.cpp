#include "ycfn/detail/token_parse.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/detail/json_text.hpp"

namespace ycfn {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kBearer = "Bearer";

Error invalid(std::string message) { return make_error(kTokenInvalid, std::move(message)); }

// `position` is where parse_json_document gave up. The parser counts reading
// the end of input as one more character, so a position past the last byte
// means the text stopped mid-value. Never quotes the body.
Error syntax_error(std::string_view json_text, std::size_t position, std::size_t skipped) {
  const std::size_t total = json_text.size() + skipped;
  if (position > json_text.size()) {
    return invalid("body is not valid JSON: it ends before the value is complete (" + std::to_string(total) +
                   " bytes; truncated?)");
  }
  // The position counts characters read, so the offending byte is the one before.
  const std::size_t offset = (position > 0 ? position - 1 : 0) + skipped;
  return invalid("body is not valid JSON (or not UTF-8): syntax error at offset " + std::to_string(offset) +
                 " of " + std::to_string(total) + " bytes");
}

// JSON type name for messages, telling integers from fractions.
std::string kind_of(const nlohmann::json& value) {
  if (value.is_number_float()) return "a floating-point number";
  if (value.is_number()) return "an integer";
  if (value.is_object() || value.is_array()) return std::string("an ") + value.type_name();
  return std::string("a ") + value.type_name();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The token goes into an HTTP header: printable ASCII without spaces only.
Result<std::string> check_access_token(const nlohmann::json& object) {
  const auto it = object.find("access_token");
  if (it == object.end()) return invalid("access_token is missing");
  if (!it->is_string()) return invalid("access_token is " + kind_of(*it) + ", not a string");
  const std::string& token = it->get_ref<const std::string&>();
  if (token.empty()) return invalid("access_token is empty");
  for (std::size_t i = 0; i < token.size(); ++i) {
    const auto byte = static_cast<unsigned char>(token[i]);
    const char* what = nullptr;
    if (byte == ' ' || byte == '\t' || byte == '\r' || byte == '\n') {
      what = "whitespace";
    } else if (byte < 0x20 || byte == 0x7F) {
      what = "a control character";
    } else if (byte >= 0x80) {
      what = "a non-ASCII byte";
    }
    if (what != nullptr) {
      return invalid("access_token (" + std::to_string(token.size()) + " bytes) contains " + what +
                     " at offset " + std::to_string(i));
    }
  }
  return token;
}

Result<std::int64_t> check_expires_in(const nlohmann::json& object) {
  const auto it = object.find("expires_in");
  if (it == object.end()) return invalid("expires_in is missing");
  // "3600" and 3600.0 are refused: the rule is a JSON integer.
  if (!it->is_number_integer()) return invalid("expires_in is " + kind_of(*it) + ", not an integer");
  const std::string range = " (must be 1.." + std::to_string(kMaxExpiresInSeconds) + " seconds)";
  if (it->is_number_unsigned()) {
    const auto seconds = it->get<std::uint64_t>();
    if (seconds == 0) return invalid("expires_in is zero" + range);
    if (seconds > static_cast<std::uint64_t>(kMaxExpiresInSeconds))
      return invalid("expires_in is too large" + range);
    return static_cast<std::int64_t>(seconds);
  }
  const auto seconds = it->get<std::int64_t>();
  if (seconds <= 0) return invalid("expires_in is not positive" + range);
  if (seconds > kMaxExpiresInSeconds) return invalid("expires_in is too large" + range);
  return seconds;
}

Result<std::string> check_token_type(const nlohmann::json& object) {
  const auto it = object.find("token_type");
  if (it == object.end()) return invalid("token_type is missing");
  if (!it->is_string()) return invalid("token_type is " + kind_of(*it) + ", not a string");
  const std::string& type = it->get_ref<const std::string&>();
  if (!equals_ignoring_case(type, kBearer)) {
    return invalid("token_type is not \"Bearer\" (a " + std::to_string(type.size()) + "-byte string)");
  }
  return type;
}

}  // namespace

Result<Token> parse_token_object(const nlohmann::json& value, std::int64_t now_ms) {
  if (!value.is_object()) return invalid("expected a JSON object, got " + kind_of(value));
  auto access_token = check_access_token(value);
  if (!access_token) return access_token.error();
  auto expires_in = check_expires_in(value);
  if (!expires_in) return expires_in.error();
  auto token_type = check_token_type(value);
  if (!token_type) return token_type.error();

  Token token;
  token.access_token = std::move(access_token).value();
  token.token_type = std::move(token_type).value();
  token.expires_in_s = expires_in.value();
  token.obtained_at_ms = now_ms;
  return token;
}

Result<Token> parse_token_body(std::string_view body, std::int64_t now_ms) {
  // First, so that an oversized body costs nothing more than its length.
  if (body.size() > kMaxTokenBodyBytes) {
    return make_error(kTokenTooLarge, "body is " + std::to_string(body.size()) + " bytes, over the " +
                                          std::to_string(kMaxTokenBodyBytes) + "-byte limit (not parsed)");
  }
  std::size_t skipped = 0;
  if (body.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    body.remove_prefix(kUtf8Bom.size());
    skipped = kUtf8Bom.size();
  }
  if (body.empty()) return invalid("body is empty");
  if (const std::size_t at = find_nesting_over(body, kMaxTokenJsonDepth); at != std::string_view::npos) {
    return invalid("body nests JSON deeper than " + std::to_string(kMaxTokenJsonDepth) +
                   " levels (at offset " + std::to_string(at + skipped) + "; not parsed)");
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so a reply
  // followed by a NUL and anything at all would parse. A NUL is never part of
  // JSON text.
  if (const std::size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return invalid("body is not valid JSON: a NUL byte at offset " + std::to_string(nul + skipped) + " of " +
                   std::to_string(body.size() + skipped) + " bytes");
  }
  const JsonDocument document = parse_json_document(body);
  if (!document.ok) return syntax_error(body, document.error_position, skipped);
  return parse_token_object(document.value, now_ms);
}

}  // namespace ycfn

#include <catch2/catch.hpp>

#include "ycfn/redact.hpp"

using ycfn::redact_secret;
using ycfn::scrub_secrets;

TEST_CASE("redact_secret shows 4 characters and the length", "[redact]") {
  CHECK(redact_secret("t1.9euelZqUjM2Wk5DKkJ") == "t1.9\xE2\x80\xA6(21 chars)");
  CHECK(redact_secret("") == "\xE2\x80\xA6(0 chars)");
}

TEST_CASE("redact_secret shows nothing of a short secret", "[redact]") {
  CHECK(redact_secret("abcdefgh") == "\xE2\x80\xA6(8 chars)");
  CHECK(redact_secret("abcdefghi") == "abcd\xE2\x80\xA6(9 chars)");
}

TEST_CASE("scrub_secrets replaces every occurrence of every secret", "[redact]") {
  const std::string token = "t1.SECRETSECRETSECRET";
  const std::string text = "a " + token + " b " + token + token + " c";
  const std::string scrubbed = scrub_secrets(text, {token, "other-secret"});
  CHECK(scrubbed.find(token) == std::string::npos);
  CHECK(scrubbed.find("SECRET") == std::string::npos);
  CHECK(scrubbed == "a t1.S\xE2\x80\xA6(21 chars) b t1.S\xE2\x80\xA6(21 chars)t1.S\xE2\x80\xA6(21 chars) c");
}

TEST_CASE("scrub_secrets masks protected values whole, tokens keep their mark", "[redact]") {
  const std::string token = "t1.9euelZqUjM2Wk5DKkJ";
  const std::string password = "p@ssw0rd-from-lockbox-42";
  const std::string text = "token=" + token + " password=" + password + " again " + password;
  const std::string scrubbed = scrub_secrets(text, {token, password}, {password});
  CHECK(scrubbed == "token=t1.9\xE2\x80\xA6(21 chars) password=[secret] again [secret]");
  CHECK(scrubbed.find("p@ss") == std::string::npos);
  CHECK(scrubbed.find("(24 chars)") == std::string::npos);
  // A short protected value: masked too (from 4 bytes on).
  CHECK(scrub_secrets("pin 4321!", {"4321"}, {"4321"}) == "pin [secret]!");
}

TEST_CASE("scrub_secrets ignores empty and tiny secrets", "[redact]") {
  CHECK(scrub_secrets("a b c", {"", "a"}) == "a b c");
}

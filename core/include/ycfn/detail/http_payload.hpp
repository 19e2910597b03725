// The Node.js runtime's `context.getPayload()`: the request body of an HTTP
// event, parsed by its Content-Type. `ycfn serve` emulates the runtime for plain
// JavaScript functions and asks the core for it (ycfn_http_payload in
// ycfn_http.h), so the rule lives here once, built on the event parse and the
// HTTP semantics' own rules (http_semantics.hpp). The platform documents what
// getPayload() returns for JSON and form bodies, not its edge cases; the
// choices, numbered as the semantics' are:
//
//  P1 An event that is not an object with a string `body` (a trigger's
//     message; the raw and async integrations' event, which is the body
//     itself): the payload is the event.
//  P2 Otherwise the event is read as an HTTP event (parse_http_event's rules,
//     without requiring `httpMethod`, as a WebSocket MESSAGE has none): the body
//     is base64-decoded when `isBase64Encoded`; a bad field or bad base64 is
//     that parse's error. The Content-Type is the header's last value
//     (multiValueHeaders first), its media type read as C5 reads it: any case,
//     parameters ignored.
//  P3 `application/json`: the body parsed as JSON (HttpRequest::json_body():
//     `event.bad_json_body` when it is empty, not UTF-8, not JSON or nested too
//     deep). `ycfn serve`'s emulation of the runtime throws this error, or
//     P2's, as the SyntaxError JSON.parse would throw, with the core's message
//     (and its code as the error's `code`).
//  P4 `application/x-www-form-urlencoded`: an object of the body's fields,
//     split and decoded by C7's query rule; a field named once is a string, a
//     repeated one an array of its values in order (as Node's querystring
//     module parses a form); fields in the order they first appear.
//  P5 Any other media type, or none: the body as a string (bytes that are not
//     UTF-8 become U+FFFD).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "ycfn/result.hpp"

namespace ycfn::http {

struct Payload {
  bool is_event = false;  // P1: the payload is the event itself
  std::string json;       // P3..P5: the payload as JSON text (when !is_event)
};

Result<Payload> payload_of(std::shared_ptr<const nlohmann::json> event);

}  // namespace ycfn::http

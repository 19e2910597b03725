// The platform's HTTP semantics: how Yandex Cloud Functions turns a request to a
// function's HTTPS URL into the event the function receives, and the function's
// result (or its failure) into the HTTP response. One implementation, used by
// `ycfn serve` (through ycfn_http.h, compiled to wasm) and by native tests; no
// I/O, no clock, no randomness: the caller passes the request id, trace id and
// request time.
//
// Facts come from docs/platform.md ("Calling a function over HTTPS") and the
// documentation's captured events. Where a fact is uncertain, the choice made is
// listed here, once, with the constant that holds it (docs/design.md, "HTTP
// semantics (choices)", summarises this block):
//
//  Request -> event
//  C1 Header names are rewritten to canonical Title-Case (`content-type` ->
//     `Content-Type`), as every capture shows; a name with bytes outside the
//     HTTP token set is kept as sent. (canonical_header_name)
//  C2 The documented removed headers, plus `Host` (no capture shows it) and the
//     hop-by-hop `Keep-Alive` and `Proxy-Connection`: kRemovedRequestHeaders.
//  C3 The platform's own headers X-Real-Remote-Address (`[ip]:port`, brackets for
//     IPv4 too, as captured), X-Request-Id and X-Trace-Id replace any the client
//     sent. X-Forwarded-For is not added (not in the captures).
//  C4 Repeated names: `headers` and `queryStringParameters` hold the last value,
//     the multi-value maps every value in order. Map keys are sorted (byte
//     order), as in the captures.
//  C5 The body is text (`isBase64Encoded: false`) when the Content-Type's media
//     type is `application/json` (case-insensitive, parameters such as
//     `charset=utf-8` ignored) and the body is valid UTF-8; otherwise it is
//     base64 with `isBase64Encoded: true`, an empty body included (`""`, as a
//     captured GET shows).
//  C6 `path` is the target's path as sent (not percent-decoded), except that
//     the function's root `/` is `""` (the docs' capture of a call to
//     `.../<function-id>?a=1` shows `"path": ""`).
//  C7 The query is split on `&` only; `+` is a space; bad percent escapes are
//     kept literally; a name without `=` has the value "".
//  C8 `integration=raw` anywhere in the query selects the raw integration: the
//     request body is the event when it is a JSON document, else the body as
//     one JSON string (invalid UTF-8 replaced by U+FFFD).
//  C9 Limits: a request body over kMaxRequestBytes, or an event text over it,
//     answers 413 (kRequestTooLargeType).
//  C10 `integration=async` anywhere in the query (the first `integration` that
//     is raw or async wins): the event is built as for raw (C8), the platform
//     answers 202 at once, before the function runs, and the result is never
//     sent back (the documentation gives the status only: the body is empty,
//     kAcceptedStatus). A body that is JSON but not an object (an array, a
//     string, a number) is passed as it is in both modes: the function gets it
//     (a ycfn handler answers 400 event.malformed, which raw returns as its
//     result and async drops).
//
//  Result -> response (HTTP integration)
//  R1 Not JSON: 502 ProxyIntegrationError "Malformed serverless function
//     response: not a valid json" with `payload` (the docs' body). Valid JSON
//     but not an object (number, string, array, null): the same answer.
//  R2 `statusCode` absent: 200 (the docs' own examples return `{code, body}`);
//     present: an integer in 100..599, else malformed.
//  R3 `body` absent or null: empty. A string: as is. Any other JSON value: its
//     JSON text (the docs' context-token example returns `body: context.token`)
//     (kNonStringBodyAsJson).
//  R4 Header values: strings; numbers and booleans become their JSON text; any
//     other type is malformed. `multiValueHeaders` values are arrays of those.
//     A name in both maps (compared case-insensitively) takes the multi-value
//     map's values only.
//  R5 Names in kDroppedResponseHeaders are dropped, kRemappedResponseHeaders are
//     renamed `X-Yf-Remapped-<Name>`, kFailingResponseHeaders make the answer a
//     502 ProxyIntegrationError. Content-Length is dropped too (the server
//     computes it). Names are canonicalised (C1); a name that is not an HTTP
//     token, or a value with CR, LF or NUL, is malformed. Output order: sorted by
//     canonical name (before renaming), values in order.
//  R6 `isBase64Encoded: true`: the body is decoded; bad base64 is malformed.
//  R7 A result text over kMaxResponseBytes: 502 ProxyIntegrationError.
//  R8 Raw integration: 200, `Content-Type: application/json`, the result text
//     unchanged (still limited by R7). Async integration: the 202 of C10,
//     whatever the result.
//
//  WebSocket (`ycfn serve` as API Gateway's WebSocket front; docs/api-gateway.md)
//  W1 Each of CONNECT, MESSAGE, DISCONNECT is one invocation, its event shaped
//     as the published examples: the upgrade request's headers with C1 names,
//     without the handshake's own (kWebSocketHandshakeHeaders) and with C3's
//     platform headers and the X-Yc-Apigateway-Websocket-* ones (any the
//     client sent are replaced; Host, Cookie
//     and Authorization are kept: the gateway passes them, as the examples
//     show); `resource` and `path` the request's path; the query maps as C4
//     (CONNECT only, as published); empty `pathParameters`, `parameters`,
//     `multiValueParameters`; a
//     requestContext with identity, httpMethod (GET, POST, DELETE), requestId
//     (each invocation its own), requestTime(Epoch), connectionId, connectedAt,
//     eventType, and messageId or disconnectStatusCode and disconnectReason.
//     Only CONNECT has a top-level httpMethod, as published.
//  W2 A text frame is `body` as text with isBase64Encoded false; a binary frame
//     is base64 with isBase64Encoded true. CONNECT and DISCONNECT have no body.
//  W3 CONNECT decides: an HTTP result with a 2xx status opens the connection
//     (101); anything else (another status, a failure) is answered to the
//     client as the HTTP response it makes, and no connection is made.
//  W4 What the function answers to MESSAGE and DISCONNECT is not sent to the
//     client: a function writes to a connection through the connections API.
//     A connection the function closes (DELETE) closes with 1000 and an empty
//     reason, then gets its DISCONNECT like any other.
//
//  The Node.js runtime's context.getPayload(): P1..P5 in
//  ycfn/detail/http_payload.hpp.
//
//  Failures
//  F1 A thrown error: 502, `X-Function-Error: true`, body
//     {"errorMessage", "errorType", "stackTrace"} with the stack as an array of
//     strings, one per frame (the platform's frame format is not documented).
//  F2 Past the timeout: 504 kTimeoutType. The instance process exiting or
//     crashing during a call: 502 kRuntimeExitType. Both bodies in the
//     platform's error shape {"errorMessage", "errorType"}.
//  F3 The handler cannot be loaded (no index.js, no such export, an error while
//     loading): 502 kInitErrorType, same shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ycfn::http {

// Request and response JSON limits (bytes): "3.5 MB" in the platform's limits.
constexpr std::size_t kMaxRequestBytes = 3500000;
constexpr std::size_t kMaxResponseBytes = 3500000;

// R3: a non-string `body` is sent as its JSON text.
constexpr bool kNonStringBodyAsJson = true;

// C10: the answer to an asynchronous invocation.
constexpr int kAcceptedStatus = 202;

// C2: request headers the function never sees.
constexpr const char* kRemovedRequestHeaders[] = {"Authorization",
                                                  "Cookie",
                                                  "Connection",
                                                  "Expect",
                                                  "Te",
                                                  "Trailer",
                                                  "Upgrade",
                                                  "Transfer-Encoding",
                                                  "Proxy-Authenticate",
                                                  "Content-Md5",
                                                  "Max-Forwards",
                                                  "Server",
                                                  "Www-Authenticate",
                                                  "Host",
                                                  "Keep-Alive",
                                                  "Proxy-Connection"};
// W1: the WebSocket handshake's headers, which the function never sees.
constexpr const char* kWebSocketHandshakeHeaders[] = {"Connection",
                                                      "Upgrade",
                                                      "Sec-Websocket-Key",
                                                      "Sec-Websocket-Version",
                                                      "Sec-Websocket-Extensions",
                                                      "Transfer-Encoding",
                                                      "Te",
                                                      "Trailer",
                                                      "Keep-Alive",
                                                      "Proxy-Connection"};
// W4: the close of a connection the function closed.
constexpr int kWebSocketClosedByFunction = 1000;

// C3: headers the platform sets on every request.
constexpr const char* kRealRemoteAddressHeader = "X-Real-Remote-Address";
constexpr const char* kRequestIdHeader = "X-Request-Id";
constexpr const char* kTraceIdHeader = "X-Trace-Id";

// R5: response header rules.
constexpr const char* kDroppedResponseHeaders[] = {
    "Host", "Authorization", "User-Agent", "Connection", "Max-Forwards", "Cookie", "Content-Length"};
constexpr const char* kRemappedResponseHeaders[] = {"Content-Md5", "Date", "Server", "Www-Authenticate"};
constexpr const char* kFailingResponseHeaders[] = {"Proxy-Authenticate", "Transfer-Encoding", "Via"};
constexpr const char* kRemappedPrefix = "X-Yf-Remapped-";

// Error types of the platform's answers (F1/F2, R1, C9).
constexpr const char* kMalformedType = "ProxyIntegrationError";
constexpr const char* kMalformedPrefix = "Malformed serverless function response: ";
constexpr const char* kRequestTooLargeType = "RequestTooLarge";
constexpr const char* kBadRequestType = "BadRequest";
constexpr const char* kTimeoutType = "Timeout";
constexpr const char* kRuntimeExitType = "RuntimeExit";
constexpr const char* kInitErrorType = "InitError";
constexpr const char* kFunctionErrorHeader = "X-Function-Error";

// One header line; lists keep repeated names and their order.
struct HeaderField {
  std::string name;
  std::string value;
};
using HeaderList = std::vector<HeaderField>;

struct Request {
  std::string method;   // as sent, e.g. "POST"
  std::string target;   // origin-form: path and optional query, e.g. "/a/b?x=1"
  HeaderList headers;   // as received, repeated names allowed
  std::string body;     // bytes
  std::string peer_ip;  // "127.0.0.1", "::1"
  int peer_port = 0;
  std::string request_id;  // also X-Request-Id and requestContext.requestId
  std::string trace_id;    // X-Trace-Id
  int64_t time_ms = 0;     // when the request arrived, Unix epoch milliseconds
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;  // bytes
};

enum class Integration { http, raw, async };

// The outcome of building an event: either an event to invoke the function
// with, or an answer the platform gives without invoking it (400, 413).
struct EventOutcome {
  bool invoke = false;
  Integration integration = Integration::http;
  std::string event;  // JSON text, when invoke
  // When !invoke; and for an async invocation, the answer to send at once
  // (accepted_response()), before the function runs.
  Response response;
};

// Request -> event (C1..C10).
EventOutcome request_to_event(const Request& request);

// The function's result, as JSON text -> the response (R1..R8).
Response result_to_response(std::string_view result_json, Integration integration);

// C10: 202, no body.
Response accepted_response();

// W1, W2: one WebSocket invocation's event.
struct WebSocketEventInput {
  // The upgrade request (its body unused); request_id, trace_id and time_ms
  // are this invocation's.
  Request upgrade;
  std::string event_type;  // "CONNECT", "MESSAGE", "DISCONNECT"
  std::string connection_id;
  int64_t connected_at_ms = 0;
  std::string message_id;  // MESSAGE
  std::string data;        // MESSAGE: the frame's payload
  bool binary = false;     // MESSAGE: a binary frame
  int close_code = 0;      // DISCONNECT
  std::string close_reason;
};
// The event as JSON text.
std::string websocket_event(const WebSocketEventInput& input);

// F1: the function threw.
Response thrown_error_response(std::string_view error_message, std::string_view error_type,
                               const std::vector<std::string>& stack_trace);
// F2: no result within timeout_ms.
Response timeout_response(int64_t timeout_ms);
// F2: the instance died during the call; `what` says how (no secrets).
Response runtime_exit_response(std::string_view what);
// F3: the handler could not be loaded; `what` says why.
Response init_error_response(std::string_view what);

// Helpers, exposed for tests.
// C1: `x-request-ID` -> `X-Request-Id`; a name with non-token bytes is returned unchanged.
std::string canonical_header_name(std::string_view name);
// Common Log Format time in UTC: `26/Dec/2019:14:22:07 +0000`.
std::string clf_time(int64_t epoch_ms);

}  // namespace ycfn::http

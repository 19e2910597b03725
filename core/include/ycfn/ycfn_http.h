/*
 * ycfn_http.h: the C ABI of the platform's HTTP semantics
 * (ycfn/detail/http_semantics.hpp), for runners such as `ycfn serve` that load
 * the core as a small wasm module of its own. It is not part of a function's
 * module (that is ycfn.h).
 *
 * Everything crossing it is UTF-8 JSON; bytes (request and response bodies)
 * travel base64-encoded. A header list is an array of [name, value] pairs,
 * repeated names allowed, in order.
 *
 * Ownership, as in ycfn.h:
 *  - Input pointers are borrowed for the duration of the call only.
 *  - Every `char *` returned is a NUL-terminated string malloc'd by the core;
 *    the caller owns it and releases it with ycfn_http_free() exactly once.
 *    Functions return NULL only when out of memory.
 *
 * Bad input (not JSON, a field of the wrong type) answers
 *   {"error": {"code": "abi.bad_input", "message": "..."}}
 * (a bug in the runner, never the HTTP client's fault). Well-formed input that
 * a rule refuses (a bad address, a body that is not the JSON it claims to be)
 * answers {"problem": {"code": "...", "message": "..."}}, the core's error.
 */
#ifndef YCFN_YCFN_HTTP_H_
#define YCFN_YCFN_HTTP_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Allocates `size` bytes for an input (wasm hosts cannot call malloc). The
 * caller owns the buffer and releases it with ycfn_http_free(). */
char* ycfn_http_alloc(size_t size);

/* Releases a buffer from ycfn_http_alloc() or a string returned here. NULL is
 * ignored. */
void ycfn_http_free(char* ptr);

/* An HTTP request to the event the function receives. `request` (borrowed):
 *   {"method": "POST", "target": "/path?query", "headers": [["Name", "value"], ...],
 *    "body_base64": "...", "peer_ip": "127.0.0.1", "peer_port": 50000,
 *    "request_id": "...", "trace_id": "...", "time_ms": <Unix epoch ms>}
 * Returns (owned by the caller) either the event to invoke the function with
 *   {"invoke": true, "integration": "http" | "raw" | "async", "event": "<event JSON text>"}
 * (for "async" also "response": the 202 to send at once, before the function runs)
 * or the answer the platform gives without invoking it (400, 413):
 *   {"invoke": false, "response": {"status": 413, "headers": [[..]], "body_base64": "..."}} */
char* ycfn_http_request_to_event(const char* request, size_t request_len);

/* The function's result to the HTTP response. `input` (borrowed):
 *   {"integration": "http" | "raw" | "async", "result": "<the result as JSON text>"}
 * Returns (owned by the caller)
 *   {"response": {"status": N, "headers": [[..]], "body_base64": "..."}} */
char* ycfn_http_result_to_response(const char* input, size_t input_len);

/* One API Gateway WebSocket invocation's event (W1, W2). `input` (borrowed):
 *   {"request": {<the upgrade request, as for ycfn_http_request_to_event; its
 *                 request_id, trace_id and time_ms are this invocation's>},
 *    "event_type": "CONNECT" | "MESSAGE" | "DISCONNECT", "connection_id": "...",
 *    "connected_at_ms": <Unix epoch ms>, "message_id": "...", "data_base64": "...",
 *    "binary": false, "close_code": 1000, "close_reason": "..."}
 * Returns (owned by the caller) {"event": "<event JSON text>"}. */
char* ycfn_http_websocket_event(const char* input, size_t input_len);

/* The platform's answer when there is no result. `input` (borrowed), one of:
 *   {"kind": "thrown", "errorMessage": "...", "errorType": "...", "stackTrace": ["..."]}
 *   {"kind": "timeout", "timeout_ms": 5000}
 *   {"kind": "exit", "message": "exit code 3"}
 *   {"kind": "init", "message": "index.js has no export `main`"}
 * Returns (owned by the caller) {"response": {...}} as above. */
char* ycfn_http_failure_to_response(const char* input, size_t input_len);

/* The metadata service address rule (ycfn/detail/metadata.hpp), which the
 * core applies to YC_METADATA_ADDR / GCE_METADATA_HOST. `input` (borrowed):
 *   {"address": "host[:port]", "source": "--metadata"}
 * (`source` names where the address came from, in the message; default "the
 * metadata address"). Returns (owned by the caller) either
 *   {"host": "::1", "port": 80}      (an IPv6 host without brackets; port 80 when none)
 * or {"problem": {"code": "metadata.bad_address", "message": "--metadata is not ..."}}. */
char* ycfn_http_metadata_address(const char* input, size_t input_len);

/* The Node.js runtime's context.getPayload() (ycfn/detail/http_payload.hpp,
 * P1..P5). `event` (borrowed): the event's JSON text, as the function received
 * it. Returns (owned by the caller) one of
 *   {"payload": <the parsed body: a JSON value, a form's fields, or the body as a string>}
 *   {"payload_is_event": true}       (not an HTTP event: the payload is the event itself)
 *   {"problem": {"code": "event.bad_json_body", "message": "..."}}   (or event.bad_base64,
 *                                     event.malformed: the event parse's errors) */
char* ycfn_http_payload(const char* event, size_t event_len);

#ifdef __cplusplus
}
#endif

#endif /* YCFN_YCFN_HTTP_H_ */

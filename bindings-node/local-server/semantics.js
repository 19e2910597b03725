// The platform's HTTP semantics for `ycfn serve`: a thin JavaScript door to the
// core's ycfn_http.h, compiled to http-semantics.js (CMakeLists.txt here). No
// rule of the platform lives in this file: it copies JSON in and out of wasm.
'use strict';

const fs = require('fs');
const path = require('path');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const BUILD_COMMAND = 'cmake --preset node && cmake --build --preset node --target ycfn_http_semantics';
// Where the node preset puts the module; YCFN_HTTP_SEMANTICS overrides it.
const DEFAULT_MODULE = path.join(REPO_DIR, 'build', 'node', 'bindings-node', 'local-server', 'http-semantics.js');

// An object with requestToEvent/resultToResponse/failureToResponse/websocketEvent/
// metadataAddress/payload and modulePath (the module it loaded, which the
// function's process loads too, for payload); throws an Error whose message says
// which command builds the module when it is not built. Synchronous: the module
// is built with WASM_ASYNC_COMPILATION=0, so the factory fills the object it is
// given before it returns (a function's process loads it only at its first
// getPayload(), inside that call). Node 16.14.1 runs it too.
function loadSemantics(modulePath = process.env.YCFN_HTTP_SEMANTICS || DEFAULT_MODULE) {
  if (!fs.existsSync(modulePath)) {
    throw new Error(`${modulePath} is not built: run \`${BUILD_COMMAND}\` in ${REPO_DIR}`);
  }
  const factory = require(modulePath);
  const mod = {};
  const ready = factory(mod);
  // A failure is seen below (the exports are missing); its rejection is not news.
  if (ready && typeof ready.catch === 'function') ready.catch(() => {});
  if (typeof mod._ycfn_http_payload !== 'function' || !mod.HEAPU8) {
    throw new Error(`${modulePath} did not instantiate synchronously: rebuild it (\`${BUILD_COMMAND}\`)`);
  }

  // One call: JSON in (copied into wasm memory), JSON out (copied out, freed).
  // `input` is an object, or JSON text passed as it is.
  function call(fn, input) {
    const bytes = Buffer.from(typeof input === 'string' ? input : JSON.stringify(input), 'utf8');
    const ptr = mod._ycfn_http_alloc(bytes.length) >>> 0;
    if (ptr === 0) throw new Error('http semantics: out of memory');
    mod.HEAPU8.set(bytes, ptr);
    const out = fn(ptr, bytes.length) >>> 0;
    mod._ycfn_http_free(ptr);
    if (out === 0) throw new Error('http semantics: out of memory');
    const heap = mod.HEAPU8; // read after the call: memory may have grown
    let end = out;
    while (heap[end] !== 0) end += 1;
    const text = Buffer.from(heap.subarray(out, end)).toString('utf8');
    mod._ycfn_http_free(out);
    const answer = JSON.parse(text);
    if (answer.error) throw new Error(`http semantics: ${answer.error.code}: ${answer.error.message}`);
    return answer;
  }

  const toResponse = (r) => ({ status: r.status, headers: r.headers, body: Buffer.from(r.body_base64, 'base64') });

  return {
    modulePath,
    // request: {method, target, headers: [[n, v]], body: Buffer, peerIp, peerPort, requestId, traceId, timeMs}
    // -> {invoke: true, integration, event: <JSON text>, response?} | {invoke: false, response}
    //    (an async invocation's `response` is the 202 to send at once, before the function runs)
    requestToEvent(request) {
      const answer = call(mod._ycfn_http_request_to_event, {
        method: request.method,
        target: request.target,
        headers: request.headers,
        body_base64: request.body.toString('base64'),
        peer_ip: request.peerIp,
        peer_port: request.peerPort,
        request_id: request.requestId,
        trace_id: request.traceId,
        time_ms: request.timeMs,
      });
      if (answer.invoke) return answer.response ? { ...answer, response: toResponse(answer.response) } : answer;
      return { invoke: false, response: toResponse(answer.response) };
    },
    // resultText: the handler's result as JSON text -> {status, headers, body: Buffer}
    resultToResponse(integration, resultText) {
      return toResponse(call(mod._ycfn_http_result_to_response, { integration, result: resultText }).response);
    },
    // One WebSocket invocation's event (W1, W2): {request (as for requestToEvent), eventType,
    // connectionId, connectedAtMs, messageId?, data?: Buffer, binary?, closeCode?, closeReason?}
    // -> the event as JSON text
    websocketEvent(input) {
      const request = input.request;
      return call(mod._ycfn_http_websocket_event, {
        request: {
          method: request.method,
          target: request.target,
          headers: request.headers,
          peer_ip: request.peerIp,
          peer_port: request.peerPort,
          request_id: request.requestId,
          trace_id: request.traceId,
          time_ms: request.timeMs,
        },
        event_type: input.eventType,
        connection_id: input.connectionId,
        connected_at_ms: input.connectedAtMs,
        message_id: input.messageId || '',
        data_base64: (input.data || Buffer.alloc(0)).toString('base64'),
        binary: Boolean(input.binary),
        close_code: input.closeCode || 0,
        close_reason: input.closeReason || '',
      }).event;
    },
    // failure: {kind: 'thrown', errorMessage, errorType, stackTrace} | {kind: 'timeout', timeout_ms} |
    //          {kind: 'exit', message} | {kind: 'init', message}
    failureToResponse(failure) {
      return toResponse(call(mod._ycfn_http_failure_to_response, failure).response);
    },
    // The core's metadata address rule: (address, source: what to call it in the
    // message) -> {host, port} | {problem: {code, message}}
    metadataAddress(address, source) {
      return call(mod._ycfn_http_metadata_address, { address, source });
    },
    // context.getPayload()'s rule (P1..P5): the event's JSON text ->
    // {payload} | {payload_is_event: true} | {problem: {code, message}}
    payload(eventText) {
      return call(mod._ycfn_http_payload, eventText);
    },
  };
}

module.exports = { loadSemantics, BUILD_COMMAND, DEFAULT_MODULE };

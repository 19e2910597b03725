// The function's process: loads <dir>/<file>.js, calls the named export once per
// invocation the parent sends over IPC, and answers with the result as JSON text
// or the error it threw. Runs under the Node chosen with --node (Node 16.14.1 by
// default), so it uses nothing newer than that.
//   node child.js <function-dir> <file.export> <http-semantics.js> <metadata route JSON: {host, port} | null>
// Messages in:  {type: 'invoke', id, event: <JSON text>, context: {...}, deadlineMs}
// Messages out: {type: 'ready'} | {type: 'init-error', message}
//               | {type: 'result', id, result: <JSON text>} | {type: 'error', id, errorMessage, errorType, stackTrace}
// Logs: whatever the function prints goes to this process's stdout/stderr, which
// the parent reads line by line.
'use strict';

const path = require('path');
const fs = require('fs');
const { loadSemantics } = require('./semantics');

const [dir, entry, semanticsModule, routeJson] = process.argv.slice(2);
const dot = entry.lastIndexOf('.');
const file = entry.slice(0, dot);
const exportName = entry.slice(dot + 1);

function send(message) {
  if (process.connected) process.send(message);
}

function describeError(e) {
  if (e instanceof Error) {
    const frames = String(e.stack || '')
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    return { errorMessage: String(e.message), errorType: e.name || 'Error', stackTrace: frames };
  }
  // `throw "text"` and the like: no stack.
  let message = typeof e === 'string' ? e : JSON.stringify(e);
  if (message === undefined) message = String(e);
  return { errorMessage: message, errorType: 'Error', stackTrace: [] };
}

// The link-local metadata address reaches --metadata's service (metadata-route.js).
const route = JSON.parse(routeJson || 'null');
if (route) require('./metadata-route').installMetadataRoute(route);

// context.getPayload() is the core's rule, from the module the server loaded:
// loaded once per process, at the first getPayload() (synchronously: a few ms),
// so a function that never calls it does not pay for it.
let semantics = null;
function rules() {
  if (!semantics) semantics = loadSemantics(semanticsModule);
  return semantics;
}

let handler;
try {
  const modulePath = path.join(dir, `${file}.js`);
  if (!fs.existsSync(modulePath)) throw new Error(`${file}.js not found in ${dir}`);
  const loaded = require(modulePath);
  handler = loaded && loaded[exportName];
  if (typeof handler !== 'function') {
    throw new Error(`${file}.js has no exported function \`${exportName}\` (exports: ${Object.keys(loaded || {}).join(', ') || 'none'})`);
  }
} catch (e) {
  send({ type: 'init-error', message: e instanceof Error ? e.message : String(e) });
  // Let the message flush; the parent ends this process.
  handler = null;
}

// The core's refusal of a body (P2, P3 in core/include/ycfn/detail/http_payload.hpp):
// thrown as the SyntaxError JSON.parse would throw, with the core's message.
function payloadError(problem) {
  const e = new SyntaxError(problem.message);
  e.code = problem.code;
  return e;
}

// The context the platform passes (context.md): memoryLimitInMB is a string.
function makeContext(c, eventText, event, deadlineMs) {
  const context = {
    requestId: c.requestId,
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    memoryLimitInMB: c.memoryLimitInMB,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    // The request body parsed by its Content-Type (the core's P1..P5), from the
    // event as the platform sent it.
    getPayload() {
      const answer = rules().payload(eventText);
      if (answer.payload_is_event) return event;
      if (answer.problem) throw payloadError(answer.problem);
      return answer.payload;
    },
  };
  if (c.token) context.token = c.token;
  return context;
}

// JSON text of a result; `undefined` (nothing returned) has none.
function resultText(value) {
  const text = JSON.stringify(value);
  return text === undefined ? '' : text;
}

async function invoke(message) {
  const event = JSON.parse(message.event);
  const context = makeContext(message.context, message.event, event, message.deadlineMs);
  try {
    let value = handler(event, context);
    const isPromise = value && typeof value.then === 'function';
    if (!isPromise && value === undefined && handler.constructor.name !== 'AsyncFunction') {
      // The platform's own message for a sync handler that returns nothing.
      throw new Error('Non-async entry point should provide a result. Return a value or use async function instead');
    }
    value = await value;
    send({ type: 'result', id: message.id, result: resultText(value) });
  } catch (e) {
    send({ type: 'error', id: message.id, ...describeError(e) });
  }
}

process.on('message', (message) => {
  if (message && message.type === 'invoke' && handler) invoke(message);
});
// A rejection nobody awaited, or an exception thrown outside the handler's
// promise chain: the platform's runtime dies with it; so does this one.
process.on('unhandledRejection', (e) => {
  throw e;
});
// The server is gone (stopped or crashed): so is its instance.
process.on('disconnect', () => process.exit(0));
if (handler) send({ type: 'ready' });

// What one invocation hands the core: the event as JSON text (a large body
// beside it) and the invocation JSON (the context's data fields, now_ms and
// the platform's deadline when the context tells it).
'use strict';

// Event bodies from this many characters on go beside the JSON (splitLargeBody).
const LARGE_BODY_CHARS = 64 * 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

// The platform's deadline, when the context can tell it; otherwise the core
// applies context.deadlineMs or its default (docs/design.md, host contract).
function deadlineFrom(context, now) {
  if (context && typeof context.getRemainingTimeInMillis === 'function') {
    let left = NaN;
    try {
      left = Number(context.getRemainingTimeInMillis());
    } catch (e) {
      left = NaN;
    }
    if (Number.isFinite(left)) return now + Math.max(0, Math.floor(left));
  }
  return undefined;
}

// Every data field of the context (functions drop out); the core removes the
// token from what handlers see. A context that cannot be serialised is sent
// as its plain string and number fields.
function contextJson(context) {
  if (!context || typeof context !== 'object') return '{}';
  try {
    return JSON.stringify(context);
  } catch (e) {
    const out = {};
    for (const key of Object.keys(context)) {
      const value = context[key];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
      else if (key === 'token' && value && typeof value === 'object') out.token = value;
    }
    return JSON.stringify(out);
  }
}

function invocationJson(context, now, deadline) {
  return (
    `{"context":${contextJson(context)},"now_ms":${now}` + (deadline === undefined ? '}' : `,"deadline_ms":${deadline}}`)
  );
}

// A large body string goes to the core beside the event's JSON
// (ycfn_invoke_with_body) instead of inside it: never escaped into JSON
// text, copied once into wasm memory, and not scanned by the core's JSON
// parser (bench/README.md, item 2). Only where that is provably the same
// event: a plain object, whose body JSON.stringify would write as is (no
// toJSON) and whose UTF-8 is the string's own (no lone surrogate, which
// JSON.stringify escapes but UTF-8 cannot carry).
function splitLargeBody(event) {
  if (event === null || typeof event !== 'object' || Object.getPrototypeOf(event) !== Object.prototype) return null;
  const body = event.body;
  if (typeof body !== 'string' || body.length < LARGE_BODY_CHARS) return null;
  if (typeof event.toJSON === 'function' || LONE_SURROGATE.test(body)) return null;
  const { body: _body, ...rest } = event;
  return { rest, body };
}

// {eventJson, body}: body is undefined unless it goes beside the JSON. Throws
// when the event cannot be serialised.
function eventInput(event) {
  const split = splitLargeBody(event);
  const eventJson = JSON.stringify(split ? split.rest : event);
  return { eventJson: eventJson === undefined ? 'null' : eventJson, body: split ? split.body : undefined };
}

module.exports = { deadlineFrom, invocationJson, eventInput };

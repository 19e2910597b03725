// `ycfn serve`'s context.getPayload() for plain JavaScript functions: the core's
// rule (P1..P5 in core/include/ycfn/detail/http_payload.hpp) reached through the
// semantics module the function's process loads: JSON, form and base64 bodies,
// a body that is not the JSON it claims to be, and events that are not HTTP.
'use strict';

const assert = require('assert');
const { test } = require('../test-support/helpers');
const { serveFunction, startServe, request } = require('./serve-helpers');

// One request to the `payload` function; resolves its answer.
async function payloadOf(server, { path = '/', headers = {}, body } = {}) {
  const r = await request(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body });
  assert.strictEqual(r.status, 200, r.text);
  return r.json;
}

test('serve: getPayload parses JSON and form bodies by their Content-Type, and answers other bodies as text', async () => {
  const server = await startServe(serveFunction('payload'));
  try {
    // JSON (a text body): members keep the order they were sent in.
    let a = await payloadOf(server, { headers: { 'Content-Type': 'application/json' }, body: '{"z": 1, "a": [true, null, "x"]}' });
    assert.deepStrictEqual(a.payload, { z: 1, a: [true, null, 'x'] });
    assert.deepStrictEqual(Object.keys(a.payload), ['z', 'a']);
    // Media type in any case, with parameters.
    a = await payloadOf(server, { headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: '[1, 2]' });
    assert.deepStrictEqual(a.payload, [1, 2]);
    // A form arrives base64-encoded; getPayload decodes and splits it: `+` a
    // space, %XX a byte, a repeated field an array, a field without `=` empty.
    a = await payloadOf(server, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=J%C3%BCrgen+M&tag=a&tag=b&flag',
    });
    assert.deepStrictEqual(a.payload, { name: 'Jürgen M', tag: ['a', 'b'], flag: '' });
    assert.deepStrictEqual(Object.keys(a.payload), ['name', 'tag', 'flag']);
    // Any other body: the decoded bytes as text.
    a = await payloadOf(server, { headers: { 'Content-Type': 'text/plain' }, body: 'héllo, world' });
    assert.strictEqual(a.payload, 'héllo, world');
    // No body at all: the empty string.
    a = await payloadOf(server);
    assert.strictEqual(a.payload, '');
  } finally {
    await server.stop();
  }
});

test('serve: getPayload throws a SyntaxError with the core\'s message for a body that is not the JSON it claims to be', async () => {
  const server = await startServe(serveFunction('payload'));
  try {
    const a = await payloadOf(server, { headers: { 'Content-Type': 'application/json' }, body: '{"a": ' });
    assert.deepStrictEqual(a.thrown, {
      name: 'SyntaxError',
      code: 'event.bad_json_body',
      message: 'request body is not valid JSON at byte 7',
    });
    // Not caught by the handler: the platform's answer to a thrown error.
    const r = await request(`${server.url}/?uncaught=1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'nope' });
    assert.strictEqual(r.status, 502, r.text);
    assert.strictEqual(r.json.errorType, 'SyntaxError');
    assert.match(r.json.errorMessage, /^request body is not valid JSON at byte \d+$/);
    // The process keeps serving.
    assert.deepStrictEqual((await payloadOf(server, { headers: { 'Content-Type': 'application/json' }, body: '{}' })).payload, {});
  } finally {
    await server.stop();
  }
});

test('serve: getPayload of an event that is not an HTTP event is the event itself', async () => {
  const server = await startServe(serveFunction('payload'));
  try {
    // ?integration=raw: the body is the event, and the result comes back as it is.
    const raw = await payloadOf(server, { path: '/?integration=raw', body: '{"messages": [{"id": 1}]}' });
    assert.deepStrictEqual(JSON.parse(raw.body), { payload: { messages: [{ id: 1 }] }, isEvent: true });
  } finally {
    await server.stop();
  }
});

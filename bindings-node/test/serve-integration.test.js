// `ycfn serve`'s invocation modes: ?integration=raw and ?integration=async, with
// bodies that are objects, other JSON and not JSON (docs/api-gateway.md,
// "Invocation modes"; C8 and C10 in core/include/ycfn/detail/http_semantics.hpp).
'use strict';

const assert = require('assert');
const http = require('http');
const { test } = require('../test-support/helpers');
const { serveFunction, startServe, request } = require('./serve-helpers');

// A server the gate function calls: each GET waits until the test releases it.
async function startGate() {
  const held = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    held.push(res);
    while (waiters.length) waiters.shift()();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    // Resolves once a call has reached the gate.
    arrived: () => new Promise((resolve) => (held.length ? resolve() : waiters.push(resolve))),
    release: () => held.splice(0).forEach((res) => res.end('ok')),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

test('serve: ?integration=async answers 202 at once, runs the call with the body as the event, sends no result', async () => {
  const gate = await startGate();
  const server = await startServe(serveFunction('gate'));
  try {
    const r = await request(`${server.url}/?integration=async`, { method: 'POST', body: JSON.stringify({ gate: gate.url }) });
    assert.strictEqual(r.status, 202);
    assert.strictEqual(r.text, '');
    // The call is still running: it waits at the gate, which only the test opens.
    await gate.arrived();
    assert.ok(!server.lines.some((l) => l.includes('gate passed')), 'the call finished before it was let through');
    gate.release();
    await server.waitForLine(/gate passed \{"gate":"http:\/\/127\.0\.0\.1:\d+\/"\}/);
  } finally {
    await server.stop();
    await gate.close();
  }
});

test('serve: ?integration=async with JSON that is not an object, or not JSON: 202, the function gets it as it is', async () => {
  const server = await startServe(serveFunction('gate'));
  try {
    for (const [body, seen] of [
      ['[1, "two"]', '[1,"two"]'],
      ['42', '42'],
      ['"text"', '"text"'],
      ['not json', '"not json"'],
    ]) {
      const r = await request(`${server.url}/?integration=async`, { method: 'POST', body });
      assert.strictEqual(r.status, 202, body);
      assert.strictEqual(r.text, '');
      await server.waitForLine(new RegExp(`gate passed ${seen.replace(/[[\]"]/g, '\\$&')}$`));
    }
  } finally {
    await server.stop();
  }
});

test('serve: ?integration=raw with JSON that is not an object: the function gets it, its result comes back with 200', async () => {
  const server = await startServe(serveFunction('gate'));
  try {
    const r = await request(`${server.url}/?integration=raw`, { method: 'POST', body: '[1, "two"]' });
    assert.strictEqual(r.status, 200, r.text);
    assert.deepStrictEqual(JSON.parse(r.json.body), { seen: [1, 'two'] });
    assert.strictEqual(r.json.statusCode, 200);
  } finally {
    await server.stop();
  }
});

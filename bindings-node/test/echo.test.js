// The echo test function, loaded in this process with require('<function dir>/index.js'):
// events (the documentation's real payloads) and context fields reach the handler
// unchanged, and every answer is a platform HTTP result.
'use strict';

const assert = require('assert');
const { test, functionDir, fixture, makeContext, loadFresh, platformResultShape } = require('../test-support/helpers');

const dir = functionDir('echo');
const fn = loadFresh(dir);

async function echo(event, ctx = makeContext()) {
  const result = await fn.main(event, ctx);
  platformResultShape(assert, result);
  assert.strictEqual(result.statusCode, 200, result.body);
  return { result, json: JSON.parse(result.body) };
}

test('echo: index.js exports main and nothing else enumerable', () => {
  assert.deepStrictEqual(Object.keys(fn), ['main']);
  assert.strictEqual(typeof fn.main, 'function');
});

for (const name of ['timer-docs.json', 'message-queue-docs.json', 'object-storage-delete-docs.json']) {
  test(`echo: trigger fixture ${name} reaches the handler unchanged`, async () => {
    const event = fixture(name);
    const { json } = await echo(event);
    assert.deepStrictEqual(json.event, event);
    assert.strictEqual(json.http, undefined);
  });
}

test('echo: HTTP fixture (form body, base64) reaches the handler as an HTTP request', async () => {
  const event = fixture('http-post-curl-docs.json');
  const { result, json } = await echo(event);
  assert.deepStrictEqual(json.event, event);
  assert.strictEqual(json.http.method, 'POST');
  assert.strictEqual(json.http.body, 'hello, world!');
  assert.match(JSON.stringify(result.headers || result.multiValueHeaders || {}), /application\/json/i);
});

test('echo: context fields and the deadline are passed through', async () => {
  const ctx = makeContext({ requestId: 'req-ctx-1', functionName: 'fn-name', functionVersion: 'ver-7', memoryLimitInMB: '256', remainingMs: 5000 });
  const before = Date.now();
  const { json } = await echo({ hello: 'world' }, ctx);
  assert.strictEqual(json.context.requestId, 'req-ctx-1');
  assert.strictEqual(json.context.functionName, 'fn-name');
  assert.strictEqual(json.context.functionVersion, 'ver-7');
  assert.strictEqual(json.context.memoryLimitInMB, '256');
  assert.strictEqual(json.context.hasToken, false);
  // The context was made just before `before` with 5000 ms left: its deadline is in
  // [before, now] + 5000 whatever the machine's speed.
  assert.ok(json.context.deadlineMs <= Date.now() + 5000 && json.context.deadlineMs > before, JSON.stringify(json.context));
  assert.ok(json.context.remainingMsAtStart > 0 && json.context.remainingMsAtStart <= 5000);
});

test('echo: without getRemainingTimeInMillis the core gives the default 3000 ms (the host contract)', async () => {
  const { json } = await echo({}, { requestId: 'no-deadline' });
  // Exact: the core computes it from the same now_ms it starts the invocation with.
  assert.strictEqual(json.context.remainingMsAtStart, 3000);
});

test('echo: unicode and large events survive the round trip', async () => {
  const event = { text: 'привет, мир — 你好 🌍 \u0000 "quotes" \\ \u2028', big: 'x'.repeat(1 << 20) };
  const { json } = await echo(event);
  assert.deepStrictEqual(json.event, event);
});

// Bodies from 64 KiB on cross beside the event's JSON (ycfn_invoke_with_body):
// the handler must see exactly the event it would have seen inside the JSON.
test('echo: a large body (beside the JSON) reaches the handler as the same event', async () => {
  const text = `{"a":"привет 🌍 \\u0000 \\"q\\"","pad":"${'y'.repeat(70000)}"}`;
  const cases = [
    { httpMethod: 'POST', path: '/p', headers: { 'Content-Type': 'application/json' }, body: text, isBase64Encoded: false },
    { httpMethod: 'POST', path: '/b', headers: {}, body: Buffer.from(text).toString('base64'), isBase64Encoded: true },
    { other: 1, body: 'z'.repeat(65536) },
  ];
  for (const event of cases) {
    const { json } = await echo(event);
    assert.deepStrictEqual(json.event, event);
    if (event.httpMethod) {
      assert.strictEqual(json.http.body, text);
      assert.strictEqual(json.http.bodySize, Buffer.byteLength(text));
    }
  }
});

test('echo: a large body with a lone surrogate goes inside the JSON and is refused as there', async () => {
  // UTF-8 cannot carry a lone surrogate: such a body is not split off, and the
  // core judges the JSON text (an escaped lone surrogate is not valid Unicode) as for a small one.
  const small = await fn.main({ httpMethod: 'POST', body: 'a\ud800' }, makeContext());
  const large = await fn.main({ httpMethod: 'POST', body: `${'a'.repeat(70000)}\ud800` }, makeContext());
  assert.strictEqual(small.statusCode, 400, small.body);
  assert.strictEqual(large.statusCode, small.statusCode, large.body);
  assert.strictEqual(JSON.parse(large.body).errorType, JSON.parse(small.body).errorType);
});

test('echo: a large invalid base64 body beside the JSON is refused as inside it', async () => {
  const bad = `${'A'.repeat(70000)}!AAA`;
  const result = await fn.main({ httpMethod: 'POST', body: bad, isBase64Encoded: true }, makeContext());
  assert.strictEqual(result.statusCode, 400, result.body);
  assert.strictEqual(JSON.parse(result.body).errorType, 'event.bad_base64');
  assert.match(JSON.parse(result.body).errorMessage, /offset 70000/);
});

test('echo: a 3 MB event (near the platform limit) round-trips; the wasm heap grows as needed', async () => {
  const event = { big: 'ü'.repeat(1500000) }; // 3,000,000 bytes of UTF-8
  const { json } = await echo(event);
  assert.strictEqual(json.event.big.length, 1500000);
  assert.strictEqual(json.event.big, event.big);
});

test('echo: a response over 3,500,000 bytes is answered 500 response.too_large, and the next call works', async () => {
  const result = await fn.main({ big: 'y'.repeat(4000000) }, makeContext());
  platformResultShape(assert, result);
  assert.strictEqual(result.statusCode, 500);
  assert.strictEqual(JSON.parse(result.body).errorType, 'response.too_large');
  await echo({ small: true });
});

test('echo: an event that is not a JSON object is answered 400 event.malformed', async () => {
  for (const event of [null, 42, 'text', [1, 2]]) {
    const result = await fn.main(event, makeContext());
    platformResultShape(assert, result);
    assert.strictEqual(result.statusCode, 400, `${JSON.stringify(event)} -> ${result.body}`);
    assert.strictEqual(JSON.parse(result.body).errorType, 'event.malformed');
  }
});

test('echo: concurrent calls on one instance each get their own answer', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => echo({ i }, makeContext({ requestId: `c-${i}` }))));
  results.forEach(({ json }, i) => {
    assert.strictEqual(json.event.i, i);
    assert.strictEqual(json.context.requestId, `c-${i}`);
  });
});

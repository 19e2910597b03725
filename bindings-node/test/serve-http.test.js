// `ycfn serve` over real HTTP: the platform's request -> event and result ->
// response rules, against ycfn's http-echo (wasm, directory and ZIP) and the
// documentation's own HTTP-echo example, with node's http and curl.
'use strict';

const assert = require('assert');
const fs = require('fs');
const net = require('net');
const { test } = require('../test-support/helpers');
const { HAVE_CURL, serveFunction, exampleFunction, startServe, request, curl } = require('./serve-helpers');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('serve: ycfn http-echo (wasm) answers with the event the platform builds', async () => {
  const server = await startServe(exampleFunction('http-echo'));
  try {
    const r = await request(`${server.url}/items/7?a=1&a=2&b=x+y`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret', Cookie: 'c=1', 'x-custom': 'v' },
      body: '{"hello": "world"}',
    });
    assert.strictEqual(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /application\/json/);
    const echo = r.json;
    assert.strictEqual(echo.method, 'POST');
    assert.strictEqual(echo.path, '/items/7');
    assert.deepStrictEqual(echo.query, { a: ['1', '2'], b: ['x y'] });
    assert.strictEqual(echo.content_type, 'application/json');
    assert.strictEqual(echo.body_size, 18);
    assert.strictEqual(echo.body_was_base64, false);
    assert.match(echo.request_id, UUID);
    // The platform strips credentials and adds its own headers, Title-Case.
    assert.strictEqual(echo.headers.Authorization, undefined);
    assert.strictEqual(echo.headers.Cookie, undefined);
    assert.deepStrictEqual(echo.headers['X-Custom'], ['v']);
    assert.deepStrictEqual(echo.headers['X-Request-Id'], [echo.request_id]);
    assert.match(echo.headers['X-Real-Remote-Address'][0], /^\[127\.0\.0\.1\]:\d+$/);
    // A form body arrives base64-encoded.
    const form = await request(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'hello, world!',
    });
    assert.strictEqual(form.json.body_was_base64, true);
    assert.strictEqual(form.json.body_size, 13);
    // The platform's START/END/REPORT lines carry the request id.
    await server.waitForLine(new RegExp(`INFO  ${echo.request_id} START RequestID: ${echo.request_id}`));
    await server.waitForLine(new RegExp(`INFO  ${echo.request_id} REPORT RequestID: ${echo.request_id} Duration: [\\d.]+ ms`));
  } finally {
    await server.stop();
  }
});

test('serve: a function ZIP is unpacked and served the same way', async () => {
  const zip = exampleFunction('http-echo', true);
  assert.ok(fs.existsSync(zip), `${zip} not built`);
  const server = await startServe(zip);
  try {
    const r = await request(`${server.url}/z?q=1`);
    assert.strictEqual(r.status, 200, r.text);
    assert.strictEqual(r.json.method, 'GET');
    assert.strictEqual(r.json.path, '/z');
  } finally {
    await server.stop();
  }
});

test('serve: the docs HTTP-echo example (index.handler) sees the event and context as on the platform', async () => {
  const server = await startServe(serveFunction('docs-http-echo'), ['--entry', 'index.handler']);
  try {
    const r = await request(`${server.url}/?x=1&x=2`, { headers: { 'User-Agent': 'serve-test/1' } });
    assert.strictEqual(r.status, 200, r.text);
    const { event, context } = r.json;
    assert.strictEqual(event.httpMethod, 'GET');
    assert.strictEqual(event.path, '');
    assert.deepStrictEqual(event.queryStringParameters, { x: '2' });
    assert.deepStrictEqual(event.multiValueQueryStringParameters, { x: ['1', '2'] });
    assert.strictEqual(event.body, '');
    assert.strictEqual(event.isBase64Encoded, true);
    assert.strictEqual(event.headers['User-Agent'], 'serve-test/1');
    assert.strictEqual(event.headers.Host, undefined);
    assert.strictEqual(event.requestContext.identity.userAgent, 'serve-test/1');
    assert.strictEqual(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.match(event.requestContext.requestTime, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.strictEqual(typeof event.requestContext.requestTimeEpoch, 'number');
    assert.strictEqual(context.requestId, event.requestContext.requestId);
    assert.strictEqual(context.functionName, 'docs-http-echo');
    assert.strictEqual(context.memoryLimitInMB, '128');
    assert.strictEqual(context.token, undefined);
    // console.log("event", event) is printed as the platform's log viewer shows it.
    await server.waitForLine(new RegExp(`^\\S+Z INFO  ${context.requestId} event \\{`));
  } finally {
    await server.stop();
  }
});

test('serve: ?integration=raw passes the body as the event and returns the result as it is', async () => {
  const server = await startServe(serveFunction('docs-http-echo'), ['--entry', 'index.handler']);
  try {
    const r = await request(`${server.url}/?integration=raw`, { method: 'POST', body: '{"k": [1, 2]}' });
    assert.strictEqual(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /application\/json/);
    // The whole result object is the body; its `body` holds the event it saw.
    assert.strictEqual(r.json.statusCode, 200);
    assert.deepStrictEqual(JSON.parse(r.json.body).event, { k: [1, 2] });
  } finally {
    await server.stop();
  }
});

test('serve: a request over 3.5 MB answers 413 and the server keeps serving', async () => {
  const server = await startServe(serveFunction('docs-http-echo'), ['--entry', 'index.handler']);
  try {
    const big = await request(`${server.url}/`, { method: 'POST', body: Buffer.alloc(3600000, 0x61) });
    assert.strictEqual(big.status, 413);
    assert.strictEqual(big.json.errorType, 'RequestTooLarge');
    // Over the server's buffer too: it stops reading, answers and closes.
    const huge = await request(`${server.url}/`, { method: 'POST', body: Buffer.alloc(9 * 1024 * 1024, 0x62) }).catch(
      (e) => ({ status: 'reset', error: e }),
    );
    if (huge.status !== 'reset') assert.strictEqual(huge.status, 413);
    const ok = await request(`${server.url}/after`);
    assert.strictEqual(ok.status, 200);
  } finally {
    await server.stop();
  }
});

test('serve: malformed HTTP gets 400 and the server keeps serving', async () => {
  const server = await startServe(serveFunction('docs-http-echo'), ['--entry', 'index.handler']);
  try {
    const { port } = new URL(server.url);
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request/);
    await server.waitForStderr(/malformed HTTP request/);
    assert.strictEqual((await request(`${server.url}/`)).status, 200);
  } finally {
    await server.stop();
  }
});

test('serve: curl gets the same answers', { skip: !HAVE_CURL && 'curl is not installed' }, async () => {
  const server = await startServe(exampleFunction('http-echo'));
  try {
    const r = await curl(['-X', 'PUT', '-H', 'Content-Type: application/json', '--data-binary', '{"n":1}', `${server.url}/c?z=9`]);
    assert.strictEqual(r.status, 200, r.head);
    const echo = JSON.parse(r.body);
    assert.strictEqual(echo.method, 'PUT');
    assert.deepStrictEqual(echo.query, { z: ['9'] });
    assert.strictEqual(echo.body_size, 7);
    const raw = await curl(['--data-binary', '"x"', `${server.url}/?integration=raw`]);
    // Raw: 200 whatever the result says; http-echo's result refuses a non-HTTP event.
    assert.strictEqual(raw.status, 200, raw.body);
    assert.strictEqual(JSON.parse(raw.body).statusCode, 400);
  } finally {
    await server.stop();
  }
});

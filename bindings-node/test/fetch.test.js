// The host's fetch layer on its own (the global fetch on Node >= 18, node-fetch 2.x on
// Node 16.14.1): no redirects, a timeout, a body cap counted while streaming, headers
// as [name, value] pairs, bodies both ways in base64, and error messages that never
// carry the body.
'use strict';

const assert = require('assert');
const { test, functionDir, loadFresh } = require('../test-support/helpers');
const { startEmulator, TOKEN_PATH } = require('../emulators');

const host = loadFresh(functionDir('echo'))._ycfn;

async function fetchWith(mode, opts, fetchOpts = {}) {
  const emu = await startEmulator({ mode, ...opts });
  try {
    const r = await host.performFetch({
      id: 7,
      method: 'GET',
      url: `http://${emu.address}${TOKEN_PATH}`,
      headers: [['Metadata-Flavor', 'Google']],
      delay_ms: 0,
      // Generous: only the timeout test below relies on a timeout (its own 300 ms); the
      // first fetch of a process also loads the fetch implementation.
      timeout_ms: 30000,
      max_body_bytes: 65536,
      ...fetchOpts,
    });
    return { r, emu, stats: emu.stats };
  } finally {
    await emu.close();
  }
}

test(`fetch: uses ${typeof globalThis.fetch === 'function' ? 'the global fetch' : 'node-fetch 2.x'} on Node ${process.version}`, () => {
  assert.strictEqual(host.fetchImplementation(), typeof globalThis.fetch === 'function' ? 'global' : 'node-fetch');
});

const header = (r, name) => {
  const found = r.headers.find(([n]) => n.toLowerCase() === name);
  return found && found[1];
};
const bodyText = (r) => Buffer.from(r.body_base64, 'base64').toString('utf8');

test('fetch: a 200 reply comes back with status, header pairs and the body in base64', async () => {
  const { r, emu } = await fetchWith('ok', {});
  assert.strictEqual(r.id, 7);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(header(r, 'metadata-flavor'), 'Google');
  for (const pair of r.headers) assert.ok(Array.isArray(pair) && pair.length === 2);
  assert.strictEqual(JSON.parse(bodyText(r)).access_token, emu.token);
});

test('fetch: the method, headers and a binary body reach the server', async () => {
  const http = require('http');
  let seen;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method, auth: req.headers.authorization, x: req.headers['x-test'], body: Buffer.concat(chunks) };
      res.writeHead(201, { 'Content-Type': 'application/octet-stream' });
      res.end(Buffer.from([0, 255, 1]));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const body = Buffer.from([0xde, 0xad, 0x00, 0xbe, 0xef]);
    const r = await host.performFetch({ id: 2, method: 'POST', url: `http://127.0.0.1:${server.address().port}/x`, headers: [['Authorization', 'Bearer t'], ['X-Test', 'a']], body_base64: body.toString('base64'), delay_ms: 0, timeout_ms: 2000, max_body_bytes: 100 });
    assert.strictEqual(r.status, 201);
    assert.deepStrictEqual(Buffer.from(r.body_base64, 'base64'), Buffer.from([0, 255, 1]));
    assert.deepStrictEqual(seen, { method: 'POST', auth: 'Bearer t', x: 'a', body });
  } finally {
    server.close();
  }
});

test('fetch: a redirect is returned as is, never followed', async () => {
  const { r, stats } = await fetchWith('redirect', {});
  assert.strictEqual(r.status, 302);
  assert.match(header(r, 'location'), /redirect-target/);
  assert.strictEqual(stats.redirectTargetHits, 0);
});

test('fetch: a body over max_body_bytes is too_large; the message has no body bytes', async () => {
  const { r, emu } = await fetchWith('huge', { size: 200000 });
  assert.strictEqual(r.error, 'too_large');
  assert.strictEqual(r.body_base64, undefined);
  assert.ok(!r.message.includes(emu.token.slice(0, 20)));
  const exact = await fetchWith('huge', { size: 1000 }, { max_body_bytes: 1000 });
  assert.strictEqual(exact.r.status, 200, 'exactly max_body_bytes is accepted');
  const over = await fetchWith('huge', { size: 1001 }, { max_body_bytes: 1000 });
  assert.strictEqual(over.r.error, 'too_large');
});

test('fetch: no reply within timeout_ms is a timeout', async () => {
  // The emulator never answers: only the 300 ms timeout can end the request.
  const { r } = await fetchWith('hang', {}, { timeout_ms: 300 });
  assert.strictEqual(r.error, 'timeout');
  const { r: r2 } = await fetchWith('hang-body', {}, { timeout_ms: 300 });
  assert.strictEqual(r2.error, 'timeout');
});

test('fetch: a reset connection or a closed port is a network error with a short code', async () => {
  const { r } = await fetchWith('reset', {});
  assert.strictEqual(r.error, 'network');
  assert.match(r.message, /^the request failed \([A-Za-z0-9_.-]+\)$/);
  const emu = await startEmulator({ mode: 'ok' });
  const address = emu.address;
  await emu.close();
  const r2 = await host.performFetch({ id: 1, method: 'GET', url: `http://${address}/`, headers: [], delay_ms: 0, timeout_ms: 30000, max_body_bytes: 10 });
  assert.strictEqual(r2.error, 'network');
});

test('fetch: a body streamed without Content-Length is still capped while reading', async () => {
  const http = require('http');
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' }); // chunked: no Content-Length
    let sent = 0;
    const pump = () => {
      while (sent < 500000) {
        sent += 16384;
        if (!res.write('z'.repeat(16384))) return res.once('drain', pump);
      }
      return res.end();
    };
    pump();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const r = await host.performFetch({ id: 3, method: 'GET', url: `http://127.0.0.1:${server.address().port}/`, headers: [], delay_ms: 0, timeout_ms: 30000, max_body_bytes: 65536 });
    assert.strictEqual(r.error, 'too_large');
    assert.match(r.message, /exceeds 65536 bytes/);
  } finally {
    server.close();
  }
});

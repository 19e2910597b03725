// `ycfn serve` options: environment (--env, --env-file), --memory, the context,
// one call at a time per instance, tokens (--service-account-token-file,
// --metadata emulate) with the documentation's token examples, and the log lines.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { test } = require('../test-support/helpers');
const { spawnSync } = require('child_process');
const { BIN, serveFunction, exampleFunction, startServe, request, tempDir } = require('./serve-helpers');

test('serve: --env, --env-file and --memory reach the function; the context is the platform\'s', async () => {
  const dir = tempDir();
  const envFile = path.join(dir, 'fn.env');
  fs.writeFileSync(envFile, '# a comment\nA=from-file\nB="two"\n\nFROM_FILE=yes\n');
  const server = await startServe(serveFunction('probe'), ['--env-file', envFile, '--env', 'A=1', '--memory', '256', '--function-name', 'probe-fn']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    const p = r.json;
    assert.deepStrictEqual(p.env, { A: '1', B: 'two', FROM_FILE: 'yes' }); // --env wins over the file
    assert.strictEqual(p.context.memoryLimitInMB, '256');
    assert.strictEqual(p.context.functionName, 'probe-fn');
    assert.strictEqual(p.context.functionVersion, 'ycfn-serve');
    assert.strictEqual(p.context.requestId, p.event.requestId);
    assert.strictEqual(p.context.hasToken, false);
    assert.ok(p.context.remaining > 0 && p.context.remaining <= 5000, String(p.context.remaining));
    // --max-old-space-size=256: the heap limit follows (plus V8's young generation).
    assert.ok(p.heapLimitMb >= 256 && p.heapLimitMb < 512, String(p.heapLimitMb));
    assert.strictEqual(p.node, process.version);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: one call at a time per instance; later requests wait their turn', async () => {
  const server = await startServe(serveFunction('probe'));
  try {
    const answers = await Promise.all([1, 2, 3, 4].map(() => request(`${server.url}/?sleep=100`)));
    for (const a of answers) assert.strictEqual(a.status, 200, a.text);
    const probes = answers.map((a) => a.json);
    assert.deepStrictEqual(probes.map((p) => p.maxInflight), [1, 1, 1, 1]);
    assert.deepStrictEqual(probes.map((p) => p.calls).sort(), [1, 2, 3, 4]);
    assert.strictEqual(new Set(probes.map((p) => p.pid)).size, 1); // one warm instance
  } finally {
    await server.stop();
  }
});

test('serve: log lines as the platform shows them: time, level, request id, message; no colour off a TTY', async () => {
  const server = await startServe(serveFunction('probe'));
  try {
    const r = await request(`${server.url}/?log=1`);
    const id = r.json.context.requestId;
    await server.waitForLine(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  ${id} plain line from probe$`));
    await server.waitForLine(new RegExp(`^\\S+ WARN  ${id} structured warning from probe$`));
    await server.waitForLine(new RegExp(`^\\S+ INFO  ${id} END RequestID: ${id}$`));
    assert.ok(!server.lines.some((l) => l.includes('\u001b[')), 'no ANSI colours when stdout is not a terminal');
  } finally {
    await server.stop();
  }
});

test('serve: --service-account-token-file: the docs context-token example answers the token', async () => {
  const dir = tempDir();
  const tokenFile = path.join(dir, 'token.json');
  const token = { access_token: 'FAKE.test-token.abc', expires_in: 43200, token_type: 'Bearer' };
  fs.writeFileSync(tokenFile, JSON.stringify(token));
  const server = await startServe(serveFunction('docs-context-token'), ['--service-account-token-file', tokenFile]);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    assert.strictEqual(r.headers['content-type'], 'text/plain');
    // `body: context.token` is an object: sent as its JSON text.
    assert.deepStrictEqual(JSON.parse(r.text), token);
    // Raw, as `yc serverless function invoke` calls: the result as the docs print it.
    const raw = await request(`${server.url}/?integration=raw`, { method: 'POST', body: '{}' });
    assert.deepStrictEqual(raw.json, { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, isBase64Encoded: false, body: token });
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: without a token file the context has no token', async () => {
  const server = await startServe(serveFunction('docs-context-token'));
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.text, '');
  } finally {
    await server.stop();
  }
});

test('serve: --metadata emulate: the docs metadata example (node-fetch from its package.json) gets a fake token', async () => {
  const server = await startServe(serveFunction('docs-metadata-token'), ['--metadata', 'emulate']);
  try {
    await server.waitForStderr(/metadata emulator on 127\.0\.0\.1:\d+, handing out a fake token/);
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text); // `{code, body}`: no statusCode, so 200
    const reply = JSON.parse(r.text);
    assert.match(reply.access_token, /^FAKE\.ycfn-serve\.[0-9a-f]+$/);
    assert.strictEqual(reply.token_type, 'Bearer');
    assert.strictEqual(reply.expires_in, 43200);
  } finally {
    await server.stop();
  }
});

test('serve: --metadata emulate: ycfn metadata-token (wasm) answers the same kind of fake token', async () => {
  const server = await startServe(exampleFunction('metadata-token'), ['--metadata', 'emulate']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    assert.match(r.text, /"access_token":"FAKE\.ycfn-serve\./);
  } finally {
    await server.stop();
  }
});

test('serve: --metadata ADDR is exported to the function as YC_METADATA_ADDR', async () => {
  const server = await startServe(serveFunction('probe'), ['--metadata', '127.0.0.1:9']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.json.env.YC_METADATA_ADDR, '127.0.0.1:9');
  } finally {
    await server.stop();
  }
});

test('serve: --metadata takes the addresses the core takes from YC_METADATA_ADDR and refuses the rest with its reason', async () => {
  for (const address of ['[::1]:8080', 'metadata.internal', 'localhost:65535']) {
    const server = await startServe(serveFunction('probe'), ['--metadata', address]);
    try {
      assert.strictEqual((await request(`${server.url}/`)).json.env.YC_METADATA_ADDR, address);
    } finally {
      await server.stop();
    }
  }
  const refused = [
    ['http://127.0.0.1:80', /it looks like a URL/],
    ['127.0.0.1:0', /the port must be 1\.\.65535/],
    ['127.0.0.1:99999', /the port must be 1\.\.65535/],
    ['', /the host is empty/],
    ['[::1', /the IPv6 literal has no closing '\]'/],
    ['meta data', /unexpected a space at offset 4/],
  ];
  for (const [address, reason] of refused) {
    const r = spawnSync(process.execPath, [BIN, serveFunction('probe'), '--port', '0', '--node', process.execPath, '--metadata', address], {
      encoding: 'utf8',
    });
    assert.strictEqual(r.status, 2, `${address}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^ycfn serve: --metadata is not host or host:port \\(${Buffer.byteLength(address)} bytes\\): `), address);
    assert.match(r.stderr, reason, address);
    assert.doesNotMatch(r.stdout, /listening on/);
  }
});

test('serve: without --node the function runs on Node 16.14.1, the nodejs16 runtime', async () => {
  const server = await startServe(serveFunction('probe'), [], { defaultNode: true });
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.json.node, 'v16.14.1');
  } finally {
    await server.stop();
  }
});

test('serve: --metadata emulate also puts the fake token into context.token, as a service account does', async () => {
  const server = await startServe(serveFunction('docs-context-token'), ['--metadata', 'emulate']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    assert.match(JSON.parse(r.text).access_token, /^FAKE\.ycfn-serve\.[0-9a-f]+$/);
  } finally {
    await server.stop();
  }
});

// `ycfn serve` with deliberately broken functions: thrown errors, unusable
// results, hangs, exits, oversized answers, missing exports and files, a missing
// Node. Each gets the platform's answer (or one clear line on stderr) and the
// server keeps serving.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { test } = require('../test-support/helpers');
const { BIN, serveFunction, startServe, request, tempDir } = require('./serve-helpers');

test('serve: a thrown error answers 502 with X-Function-Error and the error body', async () => {
  const server = await startServe(serveFunction('throws'));
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.headers['x-function-error'], 'true');
    assert.strictEqual(r.json.errorMessage, 'not so lucky');
    assert.strictEqual(r.json.errorType, 'LuckError');
    assert.ok(Array.isArray(r.json.stackTrace) && r.json.stackTrace.length > 0, r.text);
    assert.match(r.json.stackTrace[0], /index\.js/);
    await server.waitForLine(/ERROR .* LuckError: not so lucky$/);
    // Same instance, still serving.
    assert.strictEqual((await request(`${server.url}/`)).status, 502);
  } finally {
    await server.stop();
  }
});

test('serve: a synchronous handler that returns nothing is an error, as on the platform', async () => {
  const server = await startServe(serveFunction('sync-nothing'));
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.headers['x-function-error'], 'true');
    assert.strictEqual(
      r.json.errorMessage,
      'Non-async entry point should provide a result. Return a value or use async function instead',
    );
  } finally {
    await server.stop();
  }
});

test('serve: results the platform cannot use answer 502 ProxyIntegrationError', async () => {
  const server = await startServe(serveFunction('garbage'));
  try {
    const cases = {
      '': ['not a valid json', '"garbage"'],
      nothing: ['not a valid json', ''],
      status: ['invalid statusCode'],
      header: ['header Via is not allowed'],
    };
    for (const [kind, [reason, payload]] of Object.entries(cases)) {
      const r = await request(`${server.url}/?kind=${kind}`);
      assert.strictEqual(r.status, 502, kind);
      assert.strictEqual(r.headers['x-function-error'], undefined);
      assert.strictEqual(r.json.errorType, 'ProxyIntegrationError');
      assert.strictEqual(r.json.errorMessage, `Malformed serverless function response: ${reason}`);
      if (payload !== undefined) assert.strictEqual(r.json.payload, payload);
    }
  } finally {
    await server.stop();
  }
});

test('serve: past --timeout the call answers 504 and the next call gets a fresh instance', async () => {
  const server = await startServe(serveFunction('hangs'), ['--timeout', '0.5']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 504);
    assert.strictEqual(r.json.errorType, 'Timeout');
    assert.strictEqual(r.json.errorMessage, 'Function execution timed out after 500 ms');
    const next = await request(`${server.url}/?quick=1`);
    assert.strictEqual(next.status, 200);
    assert.strictEqual(next.text, 'calls=1'); // a new process: its counter starts again
    await server.waitForLine(/Function timed out after 500 ms; the instance is replaced/);
  } finally {
    await server.stop();
  }
});

test('serve: requests queued behind a hanging call are served by the fresh instance', async () => {
  const server = await startServe(serveFunction('hangs'), ['--timeout', '0.5']);
  try {
    const hanging = request(`${server.url}/`);
    await server.waitForLine(/START RequestID/); // the hanging call has started
    const [hung, queued] = await Promise.all([hanging, request(`${server.url}/?quick=1`)]);
    assert.strictEqual(hung.status, 504);
    assert.strictEqual(queued.status, 200);
    assert.strictEqual(queued.text, 'calls=1');
  } finally {
    await server.stop();
  }
});

test('serve: an instance that exits mid-call answers 502 and is replaced', async () => {
  const server = await startServe(serveFunction('exits'));
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.json.errorType, 'RuntimeExit');
    assert.match(r.json.errorMessage, /exit code 3/);
    await server.waitForLine(/INFO  \S+ about to exit$/);
    const next = await request(`${server.url}/?quick=1`);
    assert.strictEqual(next.status, 200);
    assert.strictEqual(next.text, 'calls=1');
  } finally {
    await server.stop();
  }
});

test('serve: a 4 MB answer is over the response limit: 502', async () => {
  const server = await startServe(serveFunction('big'));
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.json.errorType, 'ProxyIntegrationError');
    assert.match(r.json.errorMessage, /over the 3500000-byte limit/);
  } finally {
    await server.stop();
  }
});

test('serve: a function without the named export: 502 InitError, a line on stderr, still serving', async () => {
  const server = await startServe(serveFunction('no-export'));
  try {
    await server.waitForStderr(/cannot load index\.main .*no exported function `main` \(exports: handler\)/);
    for (let i = 0; i < 2; i += 1) {
      const r = await request(`${server.url}/`);
      assert.strictEqual(r.status, 502);
      assert.strictEqual(r.json.errorType, 'InitError');
      assert.match(r.json.errorMessage, /no exported function `main`/);
    }
  } finally {
    await server.stop();
  }
});

test('serve: a directory without index.js: 502 InitError until it appears, then served', async () => {
  const dir = tempDir();
  const server = await startServe(dir);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.json.errorType, 'InitError');
    assert.match(r.json.errorMessage, /index\.js not found/);
    await server.waitForStderr(/index\.js not found in /);
    fs.writeFileSync(path.join(dir, 'index.js'), "exports.main = async () => ({ statusCode: 200, body: 'now here' });\n");
    const fixed = await request(`${server.url}/`);
    assert.strictEqual(fixed.status, 200);
    assert.strictEqual(fixed.text, 'now here');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: a missing Node: one line on stderr saying what to do, 502 per request', async () => {
  const server = await startServe(serveFunction('probe'), ['--node', '/nonexistent/node']);
  try {
    await server.waitForStderr(/Node not found at \/nonexistent\/node: run scripts\/setup\.sh, or pass --node/);
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 502);
    assert.strictEqual(r.json.errorType, 'InitError');
  } finally {
    await server.stop();
  }
});

function runCli(args) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('serve: bad command lines exit 2 with one line saying what is wrong', async () => {
  const missing = await runCli(['/nonexistent/function']);
  assert.strictEqual(missing.code, 2);
  assert.strictEqual(missing.stderr, 'ycfn serve: /nonexistent/function does not exist: pass a function directory or ZIP\n');
  const port = await runCli([serveFunction('probe'), '--port', 'abc']);
  assert.strictEqual(port.code, 2);
  assert.strictEqual(port.stderr, 'ycfn serve: --port expects an integer >= 0, got "abc"\n');
  const env = await runCli([serveFunction('probe'), '--env', 'NOEQUALS']);
  assert.strictEqual(env.code, 2);
  assert.match(env.stderr, /^ycfn serve: --env: expected KEY=VALUE, got "NOEQUALS"\n$/);
  const usage = await runCli([]);
  assert.strictEqual(usage.code, 2);
  assert.match(usage.stderr, /^usage: ycfn-serve <function-dir-or-zip>/);
});

test('serve: without the HTTP semantics module, one line says which command builds it', async () => {
  const proc = spawn(process.execPath, [BIN, serveFunction('probe'), '--port', '0'], {
    env: { ...process.env, YCFN_HTTP_SEMANTICS: '/nonexistent/http-semantics.js' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => proc.on('exit', resolve));
  assert.strictEqual(code, 1);
  assert.match(
    stderr,
    /^ycfn serve: \/nonexistent\/http-semantics\.js is not built: run `cmake --preset node && cmake --build --preset node --target ycfn_http_semantics` in \S+\n$/,
  );
});

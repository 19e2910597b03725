// Every kind of bad metadata reply (docs/design.md, "Metadata protocol") ends the call
// with a clear platform error result (status + errorType), and the token never shows
// up in the answer, the function's stdout or its stderr, even when the bad reply
// contains it.
'use strict';

const assert = require('assert');
const { test, runScenario } = require('../test-support/helpers');
const { startEmulator } = require('../emulators');

// Runs one call of the needs-token function against the emulator in `mode`.
async function callWith(mode, opts = {}, { remainingMs = 10000, env } = {}) {
  const emu = await startEmulator({ mode, ...opts });
  try {
    const scenario = await runScenario(
      { function: 'needs-token', steps: [{ event: {}, remainingMs }] },
      { env: env ? env(emu) : { YC_METADATA_ADDR: emu.address } },
    );
    const r = scenario.results[0][0];
    return { ...scenario, r, emu, stats: emu.stats, token: emu.token };
  } finally {
    await emu.close();
  }
}

function assertError(out, status, errorType) {
  const { r } = out;
  assert.strictEqual(r.result.statusCode, status, r.result.body);
  assert.ok(r.json, `body is JSON: ${r.result.body}`);
  assert.strictEqual(r.json.errorType, errorType, r.result.body);
  assert.strictEqual(typeof r.json.errorMessage, 'string');
  assert.ok(r.json.errorMessage.length > 0);
  const headers = JSON.stringify(r.result.headers || {}) + JSON.stringify(r.result.multiValueHeaders || {});
  assert.match(headers, /application\/json/i);
  // No token anywhere: not the whole token, not its distinctive middle part.
  const secretParts = [out.token, out.token.slice(3, 40)];
  for (const part of secretParts) {
    assert.ok(!r.result.body.includes(part), 'token in the answer');
    assert.ok(!out.stdout.includes(part), 'token on stdout');
    assert.ok(!out.stderr.includes(part), 'token on stderr');
  }
}

const cases = [
  ['404: no service account', 'status', { status: 404 }, 502, 'metadata.not_found'],
  ['403', 'status', { status: 403 }, 502, 'metadata.forbidden'],
  ['400: another 4xx', 'status', { status: 400 }, 502, 'metadata.http_error'],
  ['401: another 4xx', 'status', { status: 401 }, 502, 'metadata.http_error'],
  ['429, after the retries', 'status', { status: 429 }, 502, 'metadata.unavailable'],
  ['500, after the retries', 'server-error', {}, 502, 'metadata.unavailable'],
  ['503, after the retries', 'status', { status: 503 }, 502, 'metadata.unavailable'],
  ['302: redirect', 'redirect', {}, 502, 'metadata.redirect'],
  ['Metadata-Flavor: Other', 'wrong-flavor', {}, 502, 'metadata.not_metadata_server'],
  ['garbage body', 'garbage', {}, 502, 'metadata.bad_reply'],
  ['truncated JSON', 'truncated', {}, 502, 'metadata.bad_reply'],
  ['JSON array', 'body', { body: '[]' }, 502, 'metadata.bad_reply'],
  ['huge body (1 MiB)', 'huge', {}, 502, 'metadata.too_large'],
  ['body just over 64 KiB', 'huge', { size: 65537 }, 502, 'metadata.too_large'],
  ['connection reset, after the retries', 'reset', {}, 502, 'metadata.network'],
];
for (const [name, mode, opts, status, errorType] of cases) {
  test(`metadata error: ${name} -> ${status} ${errorType}`, async () => {
    const out = await callWith(mode, opts);
    assertError(out, status, errorType);
    assert.ok(out.stats.tokenRequests >= 1 && out.stats.tokenRequests <= 4, `requests: ${out.stats.tokenRequests}`);
    if (mode === 'redirect') {
      assert.strictEqual(out.stats.tokenRequests, 1);
      assert.strictEqual(out.stats.redirectTargetHits, 0, 'the redirect was followed');
    }
  });
}

// Bad fields in a 200 reply that carries the real token (so a leak would show).
const badBodies = [
  ['empty access_token', (t) => ({ access_token: '', expires_in: 3600, token_type: 'Bearer' })],
  ['access_token with a space', (t) => ({ access_token: `${t} x`, expires_in: 3600, token_type: 'Bearer' })],
  ['expires_in as a string', (t) => ({ access_token: t, expires_in: '3600', token_type: 'Bearer' })],
  ['expires_in as 3600.0', (t) => `{"access_token":"${t}","expires_in":3600.0,"token_type":"Bearer"}`],
  ['expires_in 0', (t) => ({ access_token: t, expires_in: 0, token_type: 'Bearer' })],
  ['expires_in over 86400', (t) => ({ access_token: t, expires_in: 86401, token_type: 'Bearer' })],
  ['token_type MAC', (t) => ({ access_token: t, expires_in: 3600, token_type: 'MAC' })],
  ['missing token_type', (t) => ({ access_token: t, expires_in: 3600 })],
  ['nesting deeper than 16', (t) => `{"access_token":"${t}","x":${'['.repeat(20)}${']'.repeat(20)}}`],
];
for (const [name, make] of badBodies) {
  test(`metadata error: 200 with ${name} -> 502 metadata.bad_reply`, async () => {
    const emu = await startEmulator({ mode: 'ok' });
    try {
      emu.setMode('body', { body: make(emu.token) });
      const scenario = await runScenario(
        { function: 'needs-token', steps: [{ event: {} }] },
        { env: { YC_METADATA_ADDR: emu.address } },
      );
      assertError({ ...scenario, r: scenario.results[0][0], token: emu.token }, 502, 'metadata.bad_reply');
      assert.strictEqual(emu.stats.tokenRequests, 1, 'a bad reply is not retried');
    } finally {
      await emu.close();
    }
  });
}

test('metadata error: a hanging metadata service -> 504 metadata.timeout at the deadline', async () => {
  const out = await callWith('hang', {}, { remainingMs: 1500 });
  assertError(out, 504, 'metadata.timeout');
  // The emulator never answers: only the deadline ends the call (less the core's reserve).
  assert.ok(out.r.ms >= 1000, `answered after only ${out.r.ms} ms`);
});

test('metadata error: a body that stops half way -> 504 metadata.timeout at the deadline', async () => {
  const out = await callWith('hang-body', {}, { remainingMs: 1500 });
  assertError(out, 504, 'metadata.timeout');
});

test('metadata error: a deadline already too close for any request -> 504 metadata.timeout, no request', async () => {
  const out = await callWith('ok', {}, { remainingMs: 150 });
  assertError(out, 504, 'metadata.timeout');
  assert.strictEqual(out.stats.tokenRequests, 0);
});

test('metadata error: nothing listening -> 502 metadata.network', async () => {
  const emu = await startEmulator({ mode: 'ok' });
  const address = emu.address;
  await emu.close(); // the port is now closed
  const scenario = await runScenario(
    { function: 'needs-token', steps: [{ event: {} }] },
    { env: { YC_METADATA_ADDR: address } },
  );
  assertError({ ...scenario, r: scenario.results[0][0], token: 'not-a-token-at-all-xxxxxxxxxxxxxxxxxxxxxxxxxxxx' }, 502, 'metadata.network');
});

test('metadata error: YC_METADATA_ADDR that is not host[:port] -> 502 metadata.bad_address', async () => {
  const out = await callWith('ok', {}, { env: () => ({ YC_METADATA_ADDR: 'http://evil.example/x?y' }) });
  assertError(out, 502, 'metadata.bad_address');
  assert.strictEqual(out.stats.tokenRequests, 0);
});

test('metadata error: errors are not cached forever: the next call after a 404 asks again and succeeds', async () => {
  // The first request gets a 404, every later one a token: no timing between the calls.
  const emu = await startEmulator({ mode: 'ok' });
  emu.script([{ status: 404 }], { token: true });
  try {
    const pending = runScenario(
      { function: 'needs-token', steps: [{ event: {} }, { event: {} }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    const { results } = await pending;
    assert.strictEqual(results[0][0].result.statusCode, 502);
    assert.strictEqual(results[1][0].result.statusCode, 200, results[1][0].result.body);
    assert.strictEqual(emu.stats.tokenRequests, 2);
  } finally {
    await emu.close();
  }
});

// Getting the IAM token: from the context (no request to the metadata service), from
// the metadata service (the emulator), and the cache: N calls, sequential or
// concurrent, make exactly one metadata request. Each scenario runs the function in a
// fresh Node process (this Node) pointed at the emulator with YC_METADATA_ADDR.
'use strict';

const assert = require('assert');
const { test, runScenario } = require('../test-support/helpers');
const { startEmulator, makeToken } = require('../emulators');

async function withEmulator(options, fn) {
  const emu = await startEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.close();
  }
}

function assertNoSecret(secret, ...texts) {
  for (const t of texts) assert.ok(!t.includes(secret), 'the token leaked into the output');
}

test('token: context.token is used as is, the metadata service is never asked', () =>
  withEmulator({ mode: 'ok' }, async (emu) => {
    const token = { access_token: makeToken(), expires_in: 3600, token_type: 'Bearer' };
    const { results, stdout, stderr } = await runScenario(
      { function: 'token-value', steps: [{ event: {}, token, count: 3 }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    for (const r of results[0]) {
      assert.strictEqual(r.result.statusCode, 200, r.result.body);
      assert.strictEqual(r.json.accessToken, token.access_token);
      assert.strictEqual(r.json.source, 'context');
    }
    assert.strictEqual(emu.stats.tokenRequests, 0);
    assertNoSecret(token.access_token, stdout, stderr);
  }));

test('token: context path through the redacting handler: no token in body, stdout or stderr', () =>
  withEmulator({ mode: 'ok' }, async (emu) => {
    const token = { access_token: makeToken(), expires_in: 3600, token_type: 'Bearer' };
    const { results, stdout, stderr } = await runScenario(
      { function: 'needs-token', steps: [{ event: {}, token }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    const r = results[0][0];
    assert.strictEqual(r.result.statusCode, 200, r.result.body);
    assert.strictEqual(r.json.source, 'context');
    assert.strictEqual(r.json.length, token.access_token.length);
    assert.ok(r.json.redacted.startsWith(token.access_token.slice(0, 4)));
    assert.match(stdout, /got token/); // the handler logged it: redacted
    assertNoSecret(token.access_token, r.result.body, stdout, stderr);
    assert.strictEqual(emu.stats.tokenRequests, 0);
  }));

test('token: fetched from the metadata service, then served from the cache', () =>
  withEmulator({ mode: 'ok', expiresIn: 3600 }, async (emu) => {
    const { results, stdout, stderr } = await runScenario(
      { function: 'token-value', steps: [{ event: {} }, { event: {} }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    const [first, second] = [results[0][0], results[1][0]];
    assert.strictEqual(first.result.statusCode, 200, first.result.body);
    assert.strictEqual(first.json.accessToken, emu.token);
    assert.strictEqual(first.json.source, 'metadata');
    assert.strictEqual(second.json.accessToken, emu.token);
    assert.strictEqual(second.json.source, 'cache');
    assert.strictEqual(emu.stats.tokenRequests, 1);
    assert.strictEqual(emu.stats.missingFlavor, 0);
    assertNoSecret(emu.token, stdout, stderr);
  }));

test('token: GCE_METADATA_HOST is honoured when YC_METADATA_ADDR is unset', () =>
  withEmulator({ mode: 'ok' }, async (emu) => {
    const { results } = await runScenario(
      { function: 'needs-token', steps: [{ event: {} }] },
      { env: { GCE_METADATA_HOST: emu.address } },
    );
    assert.strictEqual(results[0][0].result.statusCode, 200, results[0][0].result.body);
    assert.strictEqual(emu.stats.tokenRequests, 1);
  }));

test('token: 200 sequential calls make exactly 1 metadata request', () =>
  withEmulator({ mode: 'ok' }, async (emu) => {
    const { results, stdout } = await runScenario(
      { function: 'needs-token', steps: [{ event: {}, count: 200 }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    assert.strictEqual(results[0].length, 200);
    for (const r of results[0]) assert.strictEqual(r.result.statusCode, 200, r.result.body);
    assert.deepStrictEqual([...new Set(results[0].map((r) => r.json.source))].sort(), ['cache', 'metadata']);
    assert.strictEqual(emu.stats.tokenRequests, 1);
    assert.ok(!stdout.includes(emu.token));
  }));

test('token: 50 concurrent calls make exactly 1 metadata request (single flight)', () =>
  withEmulator({ mode: 'slow', delayMs: 300 }, async (emu) => {
    const { results, stdout, stderr } = await runScenario(
      { function: 'needs-token', steps: [{ event: {}, count: 50, parallel: true }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    assert.strictEqual(results[0].length, 50);
    for (const r of results[0]) {
      assert.strictEqual(r.result.statusCode, 200, r.result.body);
      assert.strictEqual(r.json.length, emu.token.length);
    }
    assert.strictEqual(emu.stats.tokenRequests, 1);
    assertNoSecret(emu.token, stdout, stderr, JSON.stringify(results));
  }));

test('token: node-fetch 2.x does the request when there is no global fetch (nodejs16)', () =>
  withEmulator({ mode: 'ok' }, async (emu) => {
    const { results } = await runScenario(
      { function: 'token-value', dropGlobalFetch: true, steps: [{ event: {}, count: 2 }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    assert.strictEqual(results[0][0].result.statusCode, 200, results[0][0].result.body);
    assert.strictEqual(results[0][0].json.accessToken, emu.token);
    assert.strictEqual(emu.stats.tokenRequests, 1);
  }));

test('token: a retryable failure (503 once) is retried within the call', () =>
  withEmulator({ mode: 'unavailable-then-ok', failures: 1 }, async (emu) => {
    const { results } = await runScenario(
      { function: 'needs-token', steps: [{ event: {} }] },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    assert.strictEqual(results[0][0].result.statusCode, 200, results[0][0].result.body);
    assert.strictEqual(emu.stats.tokenRequests, 2);
  }));

// Getting the IAM token on a Node without a global fetch (the nodejs16 runtime):
// the host's request goes through node-fetch 2.x. The token rules themselves (the
// context token, the cache, single flight, retries, every metadata error) are the
// host contract, played on every host by tests/conformance/vectors/metadata.json
// and token.json.
'use strict';

const assert = require('assert');
const { test, runScenario } = require('../test-support/helpers');
const { startEmulator } = require('../emulators');

async function withEmulator(options, fn) {
  const emu = await startEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.close();
  }
}

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

// Every example (examples/<name>/, built by ycfn_add_function -> ycfn_add_node_function
// into build/node/examples/<name>/function) loads on this Node and answers the
// documentation's events as a platform result, against the emulator.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { test, EXAMPLES_DIR, fixture, runScenario } = require('../test-support/helpers');
const { startEmulator, makeToken } = require('../emulators');

// What each known example answers to [an HTTP call without a context token, a timer
// message with one]; examples added later are only checked for a valid answer.
// (ws-echo answers neither: they are not WebSocket events.)
const EXPECTED = {
  'context-token': [502, 200],
  'http-echo': [200, 400],
  'metadata-token': [200, 200],
  'token-info': [200, 200],
  'trigger-summary': [400, 200],
  'ws-echo': [400, 400],
};
// Examples whose answer is not an HTTP result: what they answer to both events.
const NOT_HTTP = {
  authorizer: { context: {}, isAuthorized: false },
};

const examples = fs.existsSync(EXAMPLES_DIR)
  ? fs.readdirSync(EXAMPLES_DIR).filter((n) => fs.existsSync(path.join(EXAMPLES_DIR, n, 'function', 'index.js'))).sort()
  : [];

test('examples: the known examples are built', () => {
  for (const name of Object.keys(EXPECTED)) {
    assert.ok(fs.existsSync(path.join(EXAMPLES_DIR, name, 'function.zip')), `${name} not built in ${EXAMPLES_DIR}`);
  }
});

for (const name of examples) {
  test(`examples: ${name} answers an HTTP call and a timer message`, async () => {
    const emu = await startEmulator({ mode: 'ok' });
    try {
      const token = { access_token: makeToken(), expires_in: 3600, token_type: 'Bearer' };
      const { results } = await runScenario(
        {
          dir: path.join(EXAMPLES_DIR, name, 'function'),
          steps: [{ event: fixture('http-post-curl-docs.json') }, { event: fixture('timer-docs.json'), token }],
        },
        { env: { YC_METADATA_ADDR: emu.address } },
      );
      if (NOT_HTTP[name]) {
        for (const step of results) assert.deepStrictEqual(step[0].result, NOT_HTTP[name]);
        return;
      }
      const statuses = results.map((step) => step[0].result.statusCode);
      for (const step of results) {
        const r = step[0].result;
        assert.strictEqual(typeof r.statusCode, 'number');
        assert.strictEqual(typeof r.body, 'string');
      }
      if (EXPECTED[name]) assert.deepStrictEqual(statuses, EXPECTED[name], JSON.stringify(results.map((s) => s[0].result.body)));
      assert.ok(emu.stats.tokenRequests <= 1, 'at most one metadata request for the whole scenario');
    } finally {
      await emu.close();
    }
  });
}

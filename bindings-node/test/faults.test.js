// Faults: a trap or an out-of-memory abort in the WebAssembly module answers that call
// 500 ycfn.trap and the next call is served by a new module instance; calls in flight
// on the dead instance are answered 500 too; a handler's own failure keeps its status
// and errorType. main never rejects.
'use strict';

const assert = require('assert');
const { test, runScenario, functionDir, makeContext, loadFresh, platformResultShape } = require('../test-support/helpers');
const { startEmulator, makeToken } = require('../emulators');

function assertTrap(r) {
  platformResultShape(assert, r);
  assert.strictEqual(r.statusCode, 500, r.body);
  assert.deepStrictEqual(r.headers, { 'Content-Type': 'application/json' });
  const body = JSON.parse(r.body);
  assert.strictEqual(body.errorType, 'ycfn.trap');
  assert.strictEqual(typeof body.errorMessage, 'string');
}

test('faults: a trap answers 500 ycfn.trap, the next call succeeds on a new instance', async () => {
  const fn = loadFresh(functionDir('trap'));
  const ok1 = await fn.main({}, makeContext());
  assert.strictEqual(ok1.statusCode, 200, ok1.body);
  assert.strictEqual(JSON.parse(ok1.body).callsInThisInstance, 1);
  const gen = fn._ycfn.instanceGeneration();

  assertTrap(await fn.main({ trap: true }, makeContext()));

  const ok2 = await fn.main({}, makeContext());
  assert.strictEqual(ok2.statusCode, 200, ok2.body);
  assert.strictEqual(JSON.parse(ok2.body).callsInThisInstance, 1, 'the module state was not reset');
  assert.strictEqual(fn._ycfn.instanceGeneration(), gen + 1);
});

test('faults: repeated traps never break the function', async () => {
  const fn = loadFresh(functionDir('trap'));
  for (let i = 0; i < 5; i++) {
    assertTrap(await fn.main({ trap: true }, makeContext()));
    const ok = await fn.main({}, makeContext());
    assert.strictEqual(ok.statusCode, 200, ok.body);
  }
});

test('faults: a trap costs only its own call, not the concurrent calls queued behind it', async () => {
  const fn = loadFresh(functionDir('trap'));
  assert.strictEqual((await fn.main({}, makeContext())).statusCode, 200);
  const gen = fn._ycfn.instanceGeneration();
  // Started together: each awaits the instance, then enters it one after the other.
  const events = [{}, { trap: true }, {}, {}, {}, { trap: true }, {}, {}];
  const results = await Promise.all(events.map((e) => fn.main(e, makeContext())));
  results.forEach((r, i) => {
    if (events[i].trap) assertTrap(r);
    else assert.strictEqual(r.statusCode, 200, `call ${i}: ${r.body}`);
  });
  // Calls 2-4 ran on the second instance, 6-7 on the third.
  assert.deepStrictEqual([2, 3, 4, 6, 7].map((i) => JSON.parse(results[i].body).callsInThisInstance), [1, 2, 3, 1, 2]);
  assert.strictEqual(fn._ycfn.instanceGeneration(), gen + 2);
});

test('faults: running out of memory answers 500 ycfn.trap, the next call succeeds', async () => {
  const fn = loadFresh(functionDir('oom'));
  const ok1 = await fn.main({}, makeContext());
  assert.strictEqual(ok1.statusCode, 200, ok1.body);
  assertTrap(await fn.main({ oom: true }, makeContext()));
  const ok2 = await fn.main({}, makeContext());
  assert.strictEqual(ok2.statusCode, 200, ok2.body);
  const body = JSON.parse(ok2.body);
  assert.strictEqual(body.callsInThisInstance, 1);
  assert.strictEqual(body.blocksHeld, 0);
});

test('faults: the trap is reported on stdout, stderr carries no token; the process does not exit', async () => {
  const token = { access_token: makeToken(), expires_in: 3600, token_type: 'Bearer' };
  const { results, stdout, stderr } = await runScenario({
    function: 'needs-token',
    steps: [{ event: { trap: true }, token }, { event: {}, token }],
  });
  assertTrap(results[0][0].result);
  assert.strictEqual(results[1][0].result.statusCode, 200, results[1][0].result.body);
  assert.match(stdout, /"level":"ERROR".*trapped/);
  for (const text of [stdout, stderr, JSON.stringify(results)]) assert.ok(!text.includes(token.access_token));
});

test('faults: calls waiting on I/O in an instance that traps are answered 500, later calls work', async () => {
  // The first metadata request never gets an answer: the two calls waiting on it can
  // only end through the trap (however long the machine takes), a later one gets a token.
  const emu = await startEmulator({ mode: 'ok' });
  emu.script([{ fault: 'hang' }], { token: true });
  try {
    const token = { access_token: makeToken(), expires_in: 3600, token_type: 'Bearer' };
    const { results } = await runScenario(
      {
        function: 'needs-token',
        steps: [
          {
            calls: [
              { event: {} }, // waits on the (hanging) metadata service
              { event: {}, delayMs: 50 }, // waits on the same flight
              { event: { trap: true }, token, delayMs: 300 }, // traps the instance meanwhile
            ],
          },
          { event: {} }, // a new instance: fetches again
        ],
      },
      { env: { YC_METADATA_ADDR: emu.address } },
    );
    const [waiter1, waiter2, trapper] = results[0];
    assertTrap(trapper.result);
    assertTrap(waiter1.result);
    assertTrap(waiter2.result);
    const after = results[1][0];
    assert.strictEqual(after.result.statusCode, 200, after.result.body);
    assert.strictEqual(after.json.source, 'metadata');
    assert.strictEqual(emu.stats.tokenRequests, 2);
  } finally {
    await emu.close();
  }
});

// Node 16's V8 refuses a new wasm memory once about a hundred are alive in the process
// (their reserved address space); the glue catches that failure and never settles.
test('faults: an instance that cannot be created answers 500 ycfn.load_failed (no hang), the next call succeeds', async () => {
  const RealInstance = WebAssembly.Instance;
  const stderrWrite = process.stderr.write;
  let stderr = '';
  let fn;
  let failed;
  WebAssembly.Instance = function refused() {
    throw new RangeError('WebAssembly.Instance(): Out of memory: wasm memory');
  };
  process.stderr.write = (chunk, ...rest) => {
    stderr += chunk;
    const cb = rest.find((r) => typeof r === 'function');
    if (cb) cb();
    return true;
  };
  try {
    fn = loadFresh(functionDir('echo'));
    failed = await fn.main({}, makeContext());
  } finally {
    WebAssembly.Instance = RealInstance;
    process.stderr.write = stderrWrite;
  }
  platformResultShape(assert, failed);
  assert.strictEqual(failed.statusCode, 500, failed.body);
  assert.deepStrictEqual(failed.headers, { 'Content-Type': 'application/json' });
  const body = JSON.parse(failed.body);
  assert.strictEqual(body.errorType, 'ycfn.load_failed');
  assert.match(body.errorMessage, /Out of memory: wasm memory/);
  assert.strictEqual(stderr, '', 'the failure is answered, not printed by the glue');
  const ok = await fn.main({}, makeContext());
  assert.strictEqual(ok.statusCode, 200, ok.body);
});

test("faults: a handler's failure keeps its status and errorType", async () => {
  const fn = loadFresh(functionDir('fail'));
  const r = await fn.main({ status: 503 }, makeContext());
  platformResultShape(assert, r);
  assert.strictEqual(r.statusCode, 503, r.body);
  const body = JSON.parse(r.body);
  assert.strictEqual(body.errorType, 'test.failed');
  assert.strictEqual(body.errorMessage, 'the fail handler always fails');
});

test('faults: odd inputs never make main reject', async () => {
  const fn = loadFresh(functionDir('echo'));
  const cyclic = {};
  cyclic.self = cyclic;
  const inputs = [
    [undefined, undefined],
    [{}, null],
    [cyclic, makeContext()],
    [{ big: 1n }, makeContext()],
    [{}, { getRemainingTimeInMillis: () => { throw new Error('boom'); } }],
    [{}, { requestId: 42, memoryLimitInMB: 128, token: 'not an object' }],
  ];
  for (const [event, ctx] of inputs) {
    const r = await fn.main(event, ctx);
    platformResultShape(assert, r);
  }
});

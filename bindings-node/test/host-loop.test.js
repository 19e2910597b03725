// The host's step loop on its own, against a scripted stand-in for the wasm exports
// (a JS test double of the C ABI, not of the core: each test scripts the steps). It
// reaches what a correct core never does: a core that ignores the deadline, returns
// NULL, traps mid-flight, answers an ABI error or another ABI version. It also checks
// that every buffer crossing the ABI is freed.
'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test } = require('../test-support/helpers');
const { startEmulator, TOKEN_PATH } = require('../emulators');

const { createHost } = require('../function-host');
const { ABI_VERSION } = require('../function-host/contract.generated');
// A give-up time no test outlives (the core writes one in every fetch and wait step).
const far = () => Date.now() + 3600000;
// An empty but valid wasm module: the host compiles index.wasm before the factory runs.
const WASM_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ycfn-hostloop-'));
fs.writeFileSync(path.join(WASM_DIR, 'index.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
process.on('exit', () => fs.rmSync(WASM_DIR, { recursive: true, force: true }));

// A fake Emscripten module whose ABI calls go to `core` (a per-test script):
//   core.invoke(event, invocation) / core.resume(input) -> step object, or null (NULL),
//   or throw (a trap). Strings really go through a heap, with alloc/free accounting.
function fakeFactory(core, stats) {
  return async () => {
    stats.instances++;
    const heap = new Uint8Array(1 << 22);
    let top = 8;
    const live = new Set();
    const alloc = (n) => {
      const p = top;
      top += n + 8;
      live.add(p);
      stats.allocs++;
      return p;
    };
    const readStr = (p, n) => Buffer.from(heap.buffer, p, n).toString('utf8');
    const writeJson = (obj) => {
      if (obj === null) return 0;
      const b = Buffer.from(JSON.stringify(obj), 'utf8');
      const p = alloc(b.length + 1);
      heap.set(b, p);
      heap[p + b.length] = 0;
      return p;
    };
    const mod = {
      HEAPU8: heap,
      _ycfn_abi_version: () => (core.abiVersion === undefined ? ABI_VERSION : core.abiVersion),
      _ycfn_alloc: alloc,
      _ycfn_free: (p) => {
        if (p === 0) return;
        assert.ok(live.delete(p), `free of ${p}: not allocated or freed twice`);
        stats.frees++;
      },
      _ycfn_runtime_new: (p, n) => {
        stats.config = JSON.parse(readStr(p, n));
        return 4096;
      },
      _ycfn_runtime_delete: () => {},
      _ycfn_invoke: (rt, ev, evLen, inv, invLen) =>
        writeJson(core.invoke(JSON.parse(readStr(ev, evLen)), JSON.parse(readStr(inv, invLen)))),
      _ycfn_resume: (rt, p, n) => writeJson(core.resume(JSON.parse(readStr(p, n)))),
    };
    return mod;
  };
}

function loadHost(core) {
  const stats = { instances: 0, allocs: 0, frees: 0, config: null };
  const host = createHost({ factory: fakeFactory(core, stats), wasmPath: path.join(WASM_DIR, 'index.wasm') });
  return { main: host.main, stats };
}

const ctx = (remainingMs = 5000, extra = {}) => {
  const deadline = Date.now() + remainingMs;
  return { requestId: 'r', getRemainingTimeInMillis: () => deadline - Date.now(), ...extra };
};
const respond = (invocation, body = 'ok', statusCode = 200) => ({ invocation, step: 'respond', response: { statusCode, body }, logs: [] });
const errorType = (r) => JSON.parse(r.body).errorType;

test('host loop: event and invocation JSON reach the core; every buffer is freed', async () => {
  let seen;
  const { main, stats } = loadHost({
    invoke(event, invocation) {
      seen = { event, invocation };
      return respond(1, 'done');
    },
  });
  const event = { text: 'ünïcödé ✓ 🌍', n: 1 };
  const token = { access_token: 'x'.repeat(20), expires_in: 3600, token_type: 'Bearer' };
  const before = Date.now();
  const r = await main(event, ctx(3000, { functionName: 'f', functionVersion: 'v', memoryLimitInMB: '128', token, other: 'kept', deadlineMs: 5 }));
  const after = Date.now();
  assert.deepStrictEqual(r, { statusCode: 200, body: 'done' });
  assert.deepStrictEqual(seen.event, event);
  // Every data field of the context goes to the core (it drops the token for handlers).
  assert.deepStrictEqual(seen.invocation.context, { requestId: 'r', functionName: 'f', functionVersion: 'v', memoryLimitInMB: '128', token, other: 'kept', deadlineMs: 5 });
  assert.ok(seen.invocation.now_ms >= before && seen.invocation.now_ms <= after);
  // getRemainingTimeInMillis() wins: ctx(3000) was made after `before` with the same
  // clock, so the deadline is ahead of the invocation's now and no later than now + 3000
  // (the host reads the clock twice).
  assert.ok(seen.invocation.deadline_ms > seen.invocation.now_ms && seen.invocation.deadline_ms <= after + 3000);
  // The whole environment and this host's hint.
  assert.deepStrictEqual(stats.config.env, JSON.parse(JSON.stringify(process.env)));
  assert.strictEqual(stats.config.network, true);
  assert.match(stats.config.token_hint, /attach a service account to the function version/);
  assert.strictEqual(stats.allocs, stats.frees, `allocs ${stats.allocs} != frees ${stats.frees}`);
});

test('host loop: without getRemainingTimeInMillis the core decides the deadline', async () => {
  let seen;
  const { main } = loadHost({
    invoke(event, invocation) {
      seen = invocation;
      return respond(1);
    },
  });
  await main({}, { requestId: 'r', deadlineMs: 123, getPayload() {} });
  assert.strictEqual(seen.deadline_ms, undefined);
  assert.deepStrictEqual(seen.context, { requestId: 'r', deadlineMs: 123 });
});

test('host loop: fetch step -> request, fetch_results with the reply; wait step -> resumed when that fetch completes', async () => {
  // The emulator answers only once the waiter has been handed its wait step, so the
  // waiter really waits on the owner's request (events, not times, order the two).
  let openGate;
  const gate = new Promise((resolve) => (openGate = resolve));
  const emu = await startEmulator({ mode: 'ok' });
  emu.script([{ token: true, until: gate }], { token: true });
  try {
    const url = `http://${emu.address}${TOKEN_PATH}`;
    const order = [];
    let fetchResult;
    const { main, stats } = loadHost({
      invoke(event) {
        if (event.role === 'owner') {
          return { invocation: 1, step: 'fetch', give_up_ms: far(), fetches: [{ id: 9, method: 'GET', url, headers: [['Metadata-Flavor', 'Google']], delay_ms: 50, timeout_ms: 30000, max_body_bytes: 65536 }], logs: [] };
        }
        openGate();
        // A timeout the test would never outlive: only the fetch's completion ends the wait.
        return { invocation: 2, step: 'wait', give_up_ms: far(), wait: { fetch_id: 9, timeout_ms: 600000 }, logs: [] };
      },
      resume(input) {
        order.push([input.invocation, Date.now()]);
        if (input.invocation === 1) [fetchResult] = input.fetch_results;
        return respond(input.invocation, `r${input.invocation}`);
      },
    });
    const t0 = Date.now();
    const owner = main({ role: 'owner' }, ctx(60000));
    await emu.waitForRequests(1); // the owner's request is in flight
    const waiter = main({ role: 'waiter' }, ctx(600000));
    const [a, b] = await Promise.all([owner, waiter]);
    assert.strictEqual(a.body, 'r1');
    assert.strictEqual(b.body, 'r2');
    assert.deepStrictEqual(order.map((o) => o[0]), [1, 2], 'the waiter resumes after the fetch result was fed');
    assert.ok(order[0][1] - t0 >= 50, 'delay_ms was honoured');
    assert.strictEqual(fetchResult.id, 9);
    assert.strictEqual(fetchResult.status, 200);
    const flavor = fetchResult.headers.find(([name]) => name.toLowerCase() === 'metadata-flavor');
    assert.deepStrictEqual(flavor && flavor[1], 'Google');
    assert.strictEqual(JSON.parse(Buffer.from(fetchResult.body_base64, 'base64').toString('utf8')).access_token, emu.token);
    assert.strictEqual(emu.stats.tokenRequests, 1);
    assert.strictEqual(stats.allocs, stats.frees);
  } finally {
    await emu.close();
  }
});

test('host loop: a wait for an unknown fetch resumes at once (not after its timeout)', async () => {
  let resumed = false;
  const { main } = loadHost({
    invoke: () => ({ invocation: 3, step: 'wait', give_up_ms: far(), wait: { fetch_id: 12345, timeout_ms: 600000 }, logs: [] }),
    resume: () => {
      resumed = true;
      return respond(3);
    },
  });
  // A timeout the test would never outlive: the call ends only if the host resumes at once.
  assert.strictEqual((await main({}, ctx(600000))).statusCode, 200);
  assert.ok(resumed);
});

test('host loop: at the deadline the invocation is cancelled and answered with what the core says; late replies are dropped', async () => {
  const emu = await startEmulator({ mode: 'hang' });
  try {
    const resumes = [];
    const { main } = loadHost({
      invoke: (event, invocation) => ({
        invocation: 4,
        step: 'fetch',
        // As the core writes it: the deadline less the core's reserve (here 100 ms).
        give_up_ms: invocation.deadline_ms - 100,
        fetches: [{ id: 1, method: 'GET', url: `http://${emu.address}${TOKEN_PATH}`, headers: [['Metadata-Flavor', 'Google']], delay_ms: 0, timeout_ms: 60000, max_body_bytes: 100 }],
        logs: [],
      }),
      resume: (input) => {
        resumes.push(input);
        return input.cancel ? { invocation: 4, step: 'respond', response: { statusCode: 504, body: '{"errorType":"metadata.timeout"}' }, logs: [] } : respond(4, 'late');
      },
    });
    const r = await main({}, ctx(800));
    assert.strictEqual(emu.stats.tokenRequests, 1, 'the request went out and hung');
    assert.strictEqual(r.statusCode, 504);
    assert.strictEqual(errorType(r), 'metadata.timeout');
    assert.strictEqual(resumes.length, 1);
    assert.strictEqual(resumes[0].cancel, true);
    assert.strictEqual(resumes[0].invocation, 4);
    // Closing the emulator ends the hanging request: its result is dropped, the core
    // (which has forgotten the invocation) is not resumed again.
    await emu.close();
    await new Promise((res) => setImmediate(res));
    assert.strictEqual(resumes.length, 1);
  } finally {
    await emu.close();
  }
});

test('host loop: NULL from the core is an out-of-memory trap: 500, then a new instance', async () => {
  let n = 0;
  const { main, stats } = loadHost({ invoke: () => (++n === 1 ? null : respond(n)) });
  const r1 = await main({}, ctx());
  assert.strictEqual(r1.statusCode, 500);
  assert.strictEqual(errorType(r1), 'ycfn.trap');
  const r2 = await main({}, ctx());
  assert.strictEqual(r2.statusCode, 200);
  assert.strictEqual(stats.instances, 2);
});

test('host loop: a trap during resume answers 500 to that call and to the calls waiting in the same instance', async () => {
  // The owner's reply is held until the waiter has its wait step (an event, not a delay).
  let openGate;
  const gate = new Promise((resolve) => (openGate = resolve));
  const emu = await startEmulator({ mode: 'ok' });
  emu.script([{ token: true, until: gate }], { token: true });
  try {
    const url = `http://${emu.address}${TOKEN_PATH}`;
    const { main, stats } = loadHost({
      invoke(event) {
        if (event.role === 'owner') return { invocation: 1, step: 'fetch', give_up_ms: far(), fetches: [{ id: 1, method: 'GET', url, headers: [['Metadata-Flavor', 'Google']], delay_ms: 0, timeout_ms: 30000, max_body_bytes: 65536 }], logs: [] };
        if (event.role === 'waiter') {
          openGate();
          return { invocation: 2, step: 'wait', give_up_ms: far(), wait: { fetch_id: 1, timeout_ms: 600000 }, logs: [] };
        }
        return respond(3, 'fresh');
      },
      resume(input) {
        if (input.invocation === 1) throw new WebAssembly.RuntimeError('unreachable');
        throw new Error('a dead instance must never be entered again');
      },
    });
    const [a, b] = await Promise.all([main({ role: 'owner' }, ctx(60000)), main({ role: 'waiter' }, ctx(600000))]);
    for (const r of [a, b]) {
      assert.strictEqual(r.statusCode, 500);
      assert.strictEqual(errorType(r), 'ycfn.trap');
      assert.deepStrictEqual(r.headers, { 'Content-Type': 'application/json' });
    }
    const c = await main({}, ctx());
    assert.strictEqual(c.body, 'fresh');
    assert.strictEqual(stats.instances, 2);
  } finally {
    await emu.close();
  }
});

test('host loop: another ABI version -> 500 ycfn.load_failed on every call, never a rejection', async () => {
  const { main } = loadHost({ abiVersion: 1, invoke: () => respond(1) });
  for (let i = 0; i < 2; i++) {
    const r = await main({}, ctx());
    assert.strictEqual(r.statusCode, 500);
    assert.strictEqual(errorType(r), 'ycfn.load_failed');
    assert.match(JSON.parse(r.body).errorMessage, /ABI version 1/);
  }
});

test('host loop: an ABI error step is answered with its response; an unknown step or an error step without one is a 500, never a rejection', async () => {
  let n = 0;
  // As the core writes it (core/src/step_writer.cpp, abi_error_step): the answer rendered.
  const abiError = {
    error: { code: 'abi.unknown_invocation', message: 'no invocation 1' },
    logs: [],
    step: 'error',
    response: { statusCode: 500, body: JSON.stringify({ errorMessage: 'no invocation 1', errorType: 'abi.unknown_invocation' }) },
  };
  const { main } = loadHost({
    invoke: () => ({ invocation: 1, step: 'wait', give_up_ms: far(), wait: { fetch_id: 1, timeout_ms: 0 }, logs: [] }),
    resume: () => [abiError, { invocation: 1, step: 'dance' }, { step: 'error', error: abiError.error }][n++],
  });
  const r1 = await main({}, ctx());
  assert.strictEqual(r1.statusCode, 500);
  assert.strictEqual(errorType(r1), 'abi.unknown_invocation');
  const r2 = await main({}, ctx());
  assert.strictEqual(r2.statusCode, 500);
  assert.strictEqual(errorType(r2), 'ycfn.host_error');
  const r3 = await main({}, ctx());
  assert.strictEqual(errorType(r3), 'ycfn.host_error');
});

test('host loop: a wait on a fetch with no flight is resumed at once, every time; the core, not the host, limits the steps', async () => {
  const inputs = [];
  // 60 s each and a deadline 10 minutes away: a host that waited, paused or gave up
  // would not end this call in the test's time.
  const wait = { invocation: 5, step: 'wait', give_up_ms: far(), wait: { fetch_id: 77, timeout_ms: 60000 }, logs: [] };
  // As the core ends an invocation at its step limit: its last step is a 500.
  const limit = { invocation: 5, step: 'respond', response: { statusCode: 500, body: '{"errorType":"invocation.too_many_steps"}' }, logs: [] };
  const { main } = loadHost({
    invoke: () => wait,
    resume: (input) => {
      inputs.push(input);
      return inputs.length < 999 ? wait : limit;
    },
  });
  const r = await main({}, ctx(600000));
  assert.strictEqual(r.statusCode, 500);
  assert.strictEqual(errorType(r), 'invocation.too_many_steps');
  assert.strictEqual(inputs.length, 999, 'the host resumed every step and counted none');
  assert.ok(inputs.every((input) => !input.cancel && input.invocation === 5));
});

test('host loop: a fetch or wait step without a field the core always writes is a host error, not a default', async () => {
  const fetch = { id: 1, method: 'GET', url: 'http://127.0.0.1:9/', headers: [], delay_ms: 0, timeout_ms: 1000, max_body_bytes: 10 };
  const steps = [
    { invocation: 1, step: 'wait', wait: { fetch_id: 1, timeout_ms: 0 }, logs: [] }, // no give_up_ms
    { invocation: 1, step: 'wait', give_up_ms: far(), wait: { fetch_id: 1 }, logs: [] },
    { invocation: 1, step: 'wait', give_up_ms: far(), logs: [] }, // no wait object
    { invocation: 1, step: 'fetch', fetches: [fetch], logs: [] }, // no give_up_ms
    { invocation: 1, step: 'fetch', give_up_ms: far(), fetches: { 0: fetch }, logs: [] }, // not a list
  ];
  for (const key of ['id', 'delay_ms', 'timeout_ms', 'max_body_bytes']) {
    const { [key]: _dropped, ...rest } = fetch;
    steps.push({ invocation: 1, step: 'fetch', give_up_ms: far(), fetches: [rest], logs: [] });
  }
  let n = 0;
  let resumed = 0;
  const { main } = loadHost({
    invoke: () => steps[n++],
    resume: () => {
      resumed++;
      return respond(1);
    },
  });
  for (let i = 0; i < steps.length; i++) {
    const r = await main({}, ctx());
    assert.strictEqual(errorType(r), 'ycfn.host_error', JSON.stringify(steps[i]));
  }
  assert.strictEqual(resumed, 0, 'nothing was performed with an invented value');
});

test('host bundle: the one script the build appends to the glue serves the same host', async () => {
  // cmake/YcfnNodeHostBundle.cmake, run as the build runs it, then evaluated as
  // index.js evaluates it: the glue's factory in scope, __dirname the function's.
  const out = path.join(WASM_DIR, 'bundle.js');
  const r = require('child_process').spawnSync(
    'cmake',
    [`-DSOURCE_DIR=${path.join(__dirname, '..', 'function-host')}`, `-DOUTPUT=${out}`, '-P', path.join(__dirname, '..', '..', 'cmake', 'YcfnNodeHostBundle.cmake')],
    { encoding: 'utf8' },
  );
  assert.strictEqual(r.status, 0, r.stderr);
  const stats = { instances: 0, allocs: 0, frees: 0, config: null };
  const m = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function('module', 'exports', 'require', '__dirname', 'createYcfnModule', fs.readFileSync(out, 'utf8'))(
    m,
    m.exports,
    require,
    WASM_DIR,
    fakeFactory({ invoke: () => respond(1, 'bundled') }, stats),
  );
  assert.deepStrictEqual(Object.keys(m.exports), ['main']);
  assert.deepStrictEqual(await m.exports.main({}, ctx()), { statusCode: 200, body: 'bundled' });
  assert.strictEqual(m.exports._ycfn.abiVersion, ABI_VERSION);
  assert.strictEqual(stats.instances, 1);
  assert.strictEqual(stats.allocs, stats.frees);
});

#!/usr/bin/env node
// Load, soak and crash-isolation test of the Node host (bindings-node/function-host/), run
// by `scripts/test.sh load` on Node 16.14.1 and on the machine's Node. Plain CommonJS,
// no test framework (nodejs16 has no node:test): it prints TAP, one `ok`/`not ok` line
// per check, `# ...` lines with what it measured, and the totals `# pass N` / `# fail N`.
//
//   node tests/load/node-load.js [--invocations N] [--budget-s S]
//
// Every loop is bounded in count (--invocations, default 100000, and the fixed sizes
// below) and in time: each phase stops at its share of --budget-s (default 150) and
// fails if it did not finish; a watchdog ends the process 10 s after the budget.
// Only loopback addresses: the metadata emulator listens on 127.0.0.1.
//
// The checks:
//  1. soak: ONE function instance (one require of build/node/tests/handlers/mixed/function, the
//     mixed handler of tests/handlers/mixed.cpp) serves N invocations of a mixed,
//     deterministic stream, 32 at a time: valid HTTP events (tests/fixtures/docs and
//     synthetic ones with a per-call marker), trigger events, malformed events (fields
//     of the wrong type, not an object, invalid base64), failing handler calls and a
//     handler status out of range. Every answer's statusCode and errorType (and for a
//     200, the echoed fields) must be exactly what its kind expects: zero unexpected
//     results; the instance is never replaced; the metadata service is never asked.
//  2. memory: the handler's probe ({"stats": true}) after a warm-up and at every
//     checkpoint: wasm linear memory (memory.size) and the malloc arena's end
//     (sbrk(0)) do not move after warm-up, and the bytes in use come back to the
//     warm-up value (a leak of one byte per call would show).
//  3. token: 200 concurrent invocations of the needs-token test function (a second
//     require, its own instance) against the metadata emulator (slow mode, so all
//     200 overlap the one request): exactly 1 metadata request, 200 correct answers,
//     no token in any output; 200 more: still 1 request (cache).
//  4. crash isolation, sequential: a stream with traps ({"trap": true}) interleaved:
//     each trap is answered exactly one 500 ycfn.trap, the calls after it succeed on
//     a fresh instance (the handler's call counter restarts at the trap), every other
//     answer is as expected, and the process stays alive.
//  5. crash isolation, concurrent: the same with the calls started 10 at a time: a
//     trap costs only its own call.
//  6. the discarded instances' memory is released: with --expose-gc, the process's
//     external memory (where wasm memories live) comes back to within 64 MiB of its
//     value before the 100 traps, within 2 s (V8 frees them lazily; Node 16 later).
'use strict';

const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const BUILD_NODE = process.env.YCFN_BUILD_NODE || path.join(REPO, 'build', 'node');
const MIXED_DIR = path.join(BUILD_NODE, 'tests', 'handlers', 'mixed', 'function');
const NEEDS_TOKEN_DIR = path.join(BUILD_NODE, 'tests', 'handlers', 'needs-token', 'function');
const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'docs');
const { startEmulator } = require(path.join(REPO, 'bindings-node', 'emulators'));

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? Number(process.argv[i + 1]) : def;
}
const INVOCATIONS = arg('--invocations', 100000);
const BUDGET_MS = arg('--budget-s', 150) * 1000;
const WINDOW = 32; // concurrent calls in the soak
const WARMUP = Math.min(5000, Math.floor(INVOCATIONS / 10));
const CHECKPOINT_EVERY = 10000;
const HEAP_IN_USE_SLACK = 0; // bytes: in use after warm-up must come back to exactly this
const TOKEN_CONCURRENT = 200;
const CRASH_CALLS = 2000; // per crash-isolation check
const TRAP_EVERY = 40; // -> 50 traps per check
const CRASH_WINDOW = 10;

// ---- output: the function prints its log lines to stdout; they are counted, not shown
const realWrite = process.stdout.write.bind(process.stdout);
const captured = { lines: 0, errorLines: 0, trapLines: 0, text: [] };
let keepText = false;
process.stdout.write = (chunk, encoding, cb) => {
  const s = String(chunk);
  for (const line of s.split('\n')) {
    if (!line) continue;
    captured.lines++;
    if (line.includes('"level":"ERROR"')) captured.errorLines++;
    if (line.includes('trapped')) captured.trapLines++;
  }
  if (keepText) captured.text.push(s);
  if (typeof encoding === 'function') encoding();
  else if (typeof cb === 'function') cb();
  return true;
};
const out = (line) => realWrite(`${line}\n`);

const started = Date.now();
const watchdog = setTimeout(() => {
  out(`not ok - the load test did not finish within its budget (${BUDGET_MS / 1000} s + 10 s); stopping`);
  out('# pass 0');
  out('# fail 1');
  process.exit(1);
}, BUDGET_MS + 10000);
watchdog.unref();

let checkNo = 0;
let passed = 0;
let failed = 0;
function report(ok, name, details = []) {
  checkNo++;
  if (ok) passed++;
  else failed++;
  out(`${ok ? 'ok' : 'not ok'} ${checkNo} - ${name}`);
  for (const d of details) out(`#   ${d}`);
}

// ---- the stream ---------------------------------------------------------------------
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const HTTP_DOCS = fixture('http-post-curl-docs.json');
const TIMER = fixture('timer-docs.json');
const QUEUE = fixture('message-queue-docs.json');
const STORAGE = fixture('object-storage-delete-docs.json');

const errorOf = (status, errorType) => ({ status, errorType });
const ok = (fields) => ({ status: 200, fields });

// Each kind: make(i) -> event; expect(i) -> {status, errorType} or {status: 200, fields}
const KINDS = [
  { name: 'http-docs', make: () => HTTP_DOCS, expect: () => ok({ kind: 'http', method: 'POST', body: 'hello, world!' }) },
  {
    name: 'http-marker',
    make: (i) => ({ httpMethod: 'GET', headers: {}, path: `/p/${i}`, queryStringParameters: { marker: `m${i}` }, body: `body ${i}` }),
    expect: (i) => ok({ kind: 'http', method: 'GET', path: `/p/${i}`, marker: `m${i}`, body: `body ${i}` }),
  },
  {
    name: 'http-base64',
    make: (i) => ({ httpMethod: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from(`payload ${i}`).toString('base64'), isBase64Encoded: true }),
    expect: (i) => ok({ kind: 'http', method: 'PUT', body: `payload ${i}` }),
  },
  { name: 'timer', make: () => TIMER, expect: () => ok({ kind: 'trigger', messages: 1 }) },
  { name: 'message-queue', make: () => QUEUE, expect: () => ok({ kind: 'trigger', messages: 2 }) },
  { name: 'object-storage', make: () => STORAGE, expect: () => ok({ kind: 'trigger', messages: 1 }) },
  { name: 'other', make: (i) => ({ marker: `o${i}` }), expect: (i) => ok({ kind: 'other', marker: `o${i}` }) },
  { name: 'malformed-method', make: () => ({ httpMethod: 42 }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'malformed-headers', make: () => ({ httpMethod: 'GET', headers: 'x' }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'malformed-body', make: () => ({ httpMethod: 'POST', body: 7 }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'malformed-query', make: () => ({ httpMethod: 'GET', queryStringParameters: [] }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'malformed-base64-flag', make: () => ({ httpMethod: 'GET', isBase64Encoded: 'yes' }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'malformed-messages', make: () => ({ messages: 'x' }), expect: () => errorOf(400, 'event.malformed') },
  { name: 'not-an-object', make: (i) => [i, 'x'], expect: () => errorOf(400, 'event.malformed') },
  { name: 'a-string', make: (i) => `event ${i}`, expect: () => errorOf(400, 'event.malformed') },
  { name: 'null', make: () => null, expect: () => errorOf(400, 'event.malformed') },
  { name: 'bad-base64', make: (i) => ({ httpMethod: 'POST', isBase64Encoded: true, body: `@@${i}@@` }), expect: () => errorOf(400, 'event.bad_base64') },
  { name: 'fail', make: () => ({ fail: true }), expect: () => errorOf(503, 'test.load_failure') },
  { name: 'bad-status', make: () => ({ badStatus: true }), expect: () => errorOf(500, 'handler.bad_status') },
];
// The kinds the core hands to the handler (the others it answers 400 itself).
const REACHES_HANDLER = new Set(['http-docs', 'http-marker', 'http-base64', 'timer', 'message-queue', 'object-storage', 'other', 'fail', 'bad-status']);
const TRAP = { name: 'trap', make: () => ({ trap: true }), expect: () => errorOf(500, 'ycfn.trap') };

function context(i) {
  const deadline = Date.now() + 10000;
  return {
    requestId: `load-${i}`,
    functionName: 'ycfn-load',
    functionVersion: 'v1',
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

// Checks one answer; returns null or a description of what is wrong.
function check(kind, i, r) {
  const want = kind.expect(i);
  if (!r || typeof r !== 'object') return `no result object (${typeof r})`;
  if (r.statusCode !== want.status) return `statusCode ${r.statusCode}, expected ${want.status}: ${String(r.body).slice(0, 200)}`;
  let body;
  try {
    body = JSON.parse(r.body);
  } catch (e) {
    return `body is not JSON: ${String(r.body).slice(0, 200)}`;
  }
  if (want.errorType !== undefined) {
    if (body.errorType !== want.errorType) return `errorType ${body.errorType}, expected ${want.errorType}`;
    if (typeof body.errorMessage !== 'string' || !body.errorMessage) return 'no errorMessage';
    return null;
  }
  for (const [k, v] of Object.entries(want.fields)) {
    if (body[k] !== v) return `${k} = ${JSON.stringify(body[k])}, expected ${JSON.stringify(v)}`;
  }
  return null;
}

class Tally {
  constructor() {
    this.count = 0;
    this.unexpected = 0;
    this.samples = [];
    this.byKind = {};
  }
  add(kind, i, problem) {
    this.count++;
    this.byKind[kind.name] = (this.byKind[kind.name] || 0) + 1;
    if (problem) {
      this.unexpected++;
      if (this.samples.length < 10) this.samples.push(`call ${i} (${kind.name}): ${problem}`);
    }
  }
}

const mb = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const rate = (n, ms) => `${Math.round(n / Math.max(ms, 1) * 1000)}/s`;

function nodeMemory() {
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)}, JS heap used ${mb(m.heapUsed)}, external ${mb(m.external)}`;
}

async function probe(fn) {
  const r = await fn.main({ stats: true }, context('stats'));
  if (!r || r.statusCode !== 200) throw new Error(`the memory probe answered ${r && r.statusCode}: ${r && r.body}`);
  return JSON.parse(r.body);
}

const phaseDeadline = (share) => Date.now() + Math.floor((BUDGET_MS - (Date.now() - started)) * share);

// ---- 1 + 2: soak ----------------------------------------------------------------------
async function soak(fn, emu) {
  const tally = new Tally();
  const gen0 = fn._ycfn.instanceGeneration();
  const deadline = phaseDeadline(0.6);
  const memStart = await probe(fn);
  const nodeStart = nodeMemory();
  let memWarm = null;
  const checkpoints = [];
  let lastCalls = memStart.calls;
  let callsMonotonic = true;
  let timedOut = false;
  const t0 = Date.now();
  let tWarm = t0;
  for (let base = 0; base < INVOCATIONS; base += WINDOW) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    const n = Math.min(WINDOW, INVOCATIONS - base);
    const calls = [];
    for (let j = 0; j < n; j++) {
      const i = base + j;
      const kind = KINDS[i % KINDS.length];
      calls.push(fn.main(kind.make(i), context(i)).then((r) => [kind, i, r]));
    }
    for (const [kind, i, r] of await Promise.all(calls)) {
      tally.add(kind, i, check(kind, i, r));
      if (r && r.statusCode === 200) {
        const c = JSON.parse(r.body).calls;
        if (!(c > lastCalls)) callsMonotonic = false;
        lastCalls = c;
      }
    }
    const done = base + n;
    if (memWarm === null && done >= WARMUP) {
      memWarm = await probe(fn);
      tWarm = Date.now();
    } else if (memWarm !== null && Math.floor(done / CHECKPOINT_EVERY) !== Math.floor(base / CHECKPOINT_EVERY)) {
      checkpoints.push({ at: done, ...(await probe(fn)) });
    }
  }
  const elapsed = Date.now() - t0;
  const memEnd = await probe(fn);
  const nodeEnd = nodeMemory();
  if (memWarm === null) memWarm = memEnd;
  const gen1 = fn._ycfn.instanceGeneration();

  const kinds = Object.entries(tally.byKind).map(([k, v]) => `${k} ${v}`).join(', ');
  report(
    !timedOut && tally.count === INVOCATIONS && tally.unexpected === 0 && gen1 === gen0 && callsMonotonic && emu.stats.tokenRequests === 0,
    `soak: ${INVOCATIONS} mixed invocations on one instance, zero unexpected results`,
    [
      `${tally.count} invocations in ${(elapsed / 1000).toFixed(2)} s: ${rate(tally.count, elapsed)} (after warm-up: ${rate(tally.count - WARMUP, Date.now() - tWarm)}), ${WINDOW} concurrent`,
      `unexpected results: ${tally.unexpected}${timedOut ? ' (STOPPED: time budget reached)' : ''}`,
      ...tally.samples,
      `per kind: ${kinds}`,
      `instance generation ${gen0} -> ${gen1}; handler call counter increasing: ${callsMonotonic}; metadata requests: ${emu.stats.tokenRequests}`,
      `function log lines on stdout: ${captured.lines} (ERROR: ${captured.errorLines})`,
    ],
  );

  const fmt = (m) => `wasm memory ${m.memoryBytes} B, heap top ${m.heapTop}, heap in use ${m.heapInUse} B (after ${m.calls} handler calls)`;
  const grew = checkpoints.filter((c) => c.memoryBytes !== memWarm.memoryBytes || c.heapTop !== memWarm.heapTop);
  const leaked = [...checkpoints, memEnd].filter((c) => c.heapInUse > memWarm.heapInUse + HEAP_IN_USE_SLACK);
  report(
    memEnd.memoryBytes === memWarm.memoryBytes && memEnd.heapTop === memWarm.heapTop && grew.length === 0 && leaked.length === 0,
    'soak: wasm linear memory and the malloc arena stop growing after warm-up; heap in use comes back to its warm-up value',
    [
      `before:       ${fmt(memStart)}`,
      `after warm-up (${WARMUP} calls): ${fmt(memWarm)}`,
      ...checkpoints.map((c) => `at ${String(c.at).padStart(6)}:    wasm memory ${c.memoryBytes} B, heap top ${c.heapTop}, heap in use ${c.heapInUse} B`),
      `end:          ${fmt(memEnd)}`,
      `Node process: start ${nodeStart}; end ${nodeEnd}`,
    ],
  );
}

// ---- 3: token single flight -----------------------------------------------------------
async function tokenConcurrency(emu) {
  emu.setMode('slow', { delayMs: 300 });
  const before = emu.stats.tokenRequests;
  const fn = require(path.join(NEEDS_TOKEN_DIR, 'index.js'));
  const t0 = Date.now();
  keepText = true;
  const round = async (offset) => {
    const results = await Promise.all(Array.from({ length: TOKEN_CONCURRENT }, (_, i) => fn.main({}, context(`token-${offset + i}`))));
    const bad = [];
    const sources = {};
    results.forEach((r, i) => {
      let body = null;
      try {
        body = JSON.parse(r.body);
      } catch (e) {
        body = null;
      }
      if (r.statusCode !== 200 || !body || body.tokenType !== 'Bearer' || body.length !== emu.token.length) {
        if (bad.length < 5) bad.push(`call ${i}: ${r.statusCode} ${String(r.body).slice(0, 160)}`);
        else bad.push('');
      } else {
        sources[body.source] = (sources[body.source] || 0) + 1;
      }
      if (String(r.body).includes(emu.token)) bad.push(`call ${i}: the token is in the answer`);
    });
    return { bad, sources };
  };
  const first = await round(0);
  const afterFirst = emu.stats.tokenRequests - before;
  const ms = Date.now() - t0;
  const second = await round(TOKEN_CONCURRENT);
  const afterSecond = emu.stats.tokenRequests - before;
  keepText = false;
  const leaked = captured.text.join('').includes(emu.token);
  captured.text = [];
  emu.setMode('ok');
  const src = (s) => Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ');
  report(
    first.bad.length === 0 && second.bad.length === 0 && afterFirst === 1 && afterSecond === 1 && !leaked,
    `token: ${TOKEN_CONCURRENT} concurrent invocations make exactly 1 metadata request and get ${TOKEN_CONCURRENT} correct answers; ${TOKEN_CONCURRENT} more are served from the cache`,
    [
      `metadata requests: ${afterFirst} after the first ${TOKEN_CONCURRENT} (emulator delay 300 ms, ${ms} ms for the round), ${afterSecond} after ${2 * TOKEN_CONCURRENT}`,
      `wrong answers: ${first.bad.length + second.bad.length}; token sources: first round ${src(first.sources)}; second round ${src(second.sources)}`,
      ...first.bad.filter(Boolean),
      ...second.bad.filter(Boolean),
      `token text in the function's stdout: ${leaked ? 'YES' : 'no'}`,
    ],
  );
}

// ---- 4 + 5: crash isolation ---------------------------------------------------------------
async function crashIsolation(fn, concurrent) {
  const deadline = phaseDeadline(concurrent ? 0.9 : 0.5);
  const gen0 = fn._ycfn.instanceGeneration();
  const trapLines0 = captured.trapLines;
  const tally = new Tally();
  let traps = 0;
  let trapAnswers = 0;
  // Sequential: handler calls since the last trap; each echo answer's call counter must
  // equal it (the instance was replaced at the trap, and only then).
  let sinceTrap = null;
  let counterMismatches = 0;
  let checkedAfterTrap = 0;
  let timedOut = false;
  const window = concurrent ? CRASH_WINDOW : 1;
  const t0 = Date.now();
  for (let base = 0; base < CRASH_CALLS; base += window) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    const calls = [];
    for (let j = 0; j < window && base + j < CRASH_CALLS; j++) {
      const i = base + j;
      // A trap at positions 17, 57, 97, ...: inside a window when concurrent.
      const kind = i % TRAP_EVERY === 17 ? TRAP : KINDS[i % KINDS.length];
      if (kind === TRAP) traps++;
      calls.push(fn.main(kind.make(i), context(`crash-${i}`)).then((r) => [kind, i, r]));
    }
    for (const [kind, i, r] of await Promise.all(calls)) {
      const problem = check(kind, i, r);
      tally.add(kind, i, problem);
      if (r && r.statusCode === 500 && String(r.body).includes('ycfn.trap')) trapAnswers++;
      if (!concurrent) {
        if (kind === TRAP) sinceTrap = 0;
        else if (sinceTrap !== null && REACHES_HANDLER.has(kind.name)) {
          sinceTrap++;
          if (r && r.statusCode === 200) {
            checkedAfterTrap++;
            if (JSON.parse(r.body).calls !== sinceTrap) counterMismatches++;
          }
        }
      }
    }
  }
  const elapsed = Date.now() - t0;
  const gen1 = fn._ycfn.instanceGeneration();
  // The process is alive and the function still answers.
  const after = await fn.main({ marker: 'after' }, context('after'));
  const alive = after && after.statusCode === 200 && JSON.parse(after.body).marker === 'after';
  const trapLines = captured.trapLines - trapLines0;
  const details = [
    `${tally.count} calls (${concurrent ? `${CRASH_WINDOW} at a time` : 'one at a time'}) in ${(elapsed / 1000).toFixed(2)} s: ${rate(tally.count, elapsed)}; traps ${traps}, 500 ycfn.trap answers ${trapAnswers}, unexpected results ${tally.unexpected}${timedOut ? ' (STOPPED: time budget reached)' : ''}`,
    ...tally.samples,
    `instance generation ${gen0} -> ${gen1} (+${gen1 - gen0}); trap ERROR lines on stdout ${trapLines}; answered after the stream: ${alive}`,
  ];
  let okAll = !timedOut && tally.count === CRASH_CALLS && tally.unexpected === 0 && trapAnswers === traps && gen1 - gen0 === traps && trapLines === traps && alive;
  if (!concurrent) {
    details.push(`answers after a trap whose handler call counter shows a fresh instance: ${checkedAfterTrap - counterMismatches}/${checkedAfterTrap}`);
    okAll = okAll && counterMismatches === 0 && checkedAfterTrap > 0;
  }
  details.push(`Node process: ${nodeMemory()}`);
  report(
    okAll,
    `crash isolation (${concurrent ? 'concurrent' : 'sequential'}): ${CRASH_CALLS} calls with a trap every ${TRAP_EVERY}: each trap costs exactly one 500 ycfn.trap, the following calls succeed, the process stays alive`,
    details,
  );
}

// ---- 6: the memory of discarded instances is released ------------------------------------
function externalAfterGc() {
  if (typeof global.gc === 'function') global.gc();
  return process.memoryUsage().external;
}

async function releasedAfterTraps(before) {
  if (typeof global.gc !== 'function') {
    report(true, 'discarded instances release their memory # SKIP run node with --expose-gc');
    return;
  }
  const peak = process.memoryUsage().external;
  const t0 = Date.now();
  let now = externalAfterGc();
  for (let i = 0; i < 10 && now > before + 64 * 1048576; i++) {
    await new Promise((r) => setTimeout(r, 200));
    now = externalAfterGc();
  }
  report(now <= before + 64 * 1048576, 'crash isolation: the 100 discarded instances release their wasm memory', [
    `Node external memory: ${mb(before)} before the traps, ${mb(peak)} after them, ${mb(now)} after gc (${Date.now() - t0} ms)`,
  ]);
}

async function main() {
  for (const dir of [MIXED_DIR, NEEDS_TOKEN_DIR]) {
    if (!fs.existsSync(path.join(dir, 'index.js'))) {
      out(`Bail out! ${dir}/index.js is not built: cmake --preset node && cmake --build --preset node`);
      process.exit(1);
    }
  }
  out('TAP version 13');
  out('1..6');
  out(`# ycfn load test on node ${process.version}: ${INVOCATIONS} soak invocations, budget ${BUDGET_MS / 1000} s`);
  const emu = await startEmulator({ mode: 'ok' });
  try {
    // Both functions read the address when their instance is created (at require time).
    process.env.YC_METADATA_ADDR = emu.address;
    delete process.env.GCE_METADATA_HOST;
    const fn = require(path.join(MIXED_DIR, 'index.js'));
    await soak(fn, emu);
    await tokenConcurrency(emu);
    const externalBefore = externalAfterGc();
    await crashIsolation(fn, false);
    await crashIsolation(fn, true);
    await releasedAfterTraps(externalBefore);
  } finally {
    await emu.close();
  }
  out(`# total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`# pass ${passed}`);
  out(`# fail ${failed}`);
}

main().then(
  () => process.exit(failed === 0 ? 0 : 1),
  (e) => {
    out(`not ok - the load test crashed: ${e && e.stack ? e.stack : e}`);
    out(`# pass ${passed}`);
    out(`# fail ${failed + 1}`);
    process.exit(1);
  },
);

// A benchmark worker: one Node process (16.14.1 or the machine's), one function
// (a ycfn index.js or a JavaScript baseline), driven over IPC by the benchmark
// so that several workers can take turns (interleaved runs) without sharing a
// heap. Commands: {cmd: 'load', dir, probe}, {cmd: 'run', event, calls, token},
// {cmd: 'memory'}, {cmd: 'exit'}. Every answer is {ok, ...} or {ok: false, error}.
'use strict';

const path = require('path');
const { events, makeContext, canonical } = require('./common');

let fn = null;
let probe = null;
const eventCache = {};
let callNo = 0;

function eventOf(kind) {
  if (!eventCache[kind]) eventCache[kind] = events[kind]();
  return eventCache[kind];
}

async function run({ event, calls, token, timeoutMs }) {
  const ev = eventOf(event);
  const lat = new Float64Array(calls);
  let bad = 0;
  let firstBody = null;
  let firstStatus = null;
  const wallStart = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const context = makeContext(`bench-${++callNo}`, token, timeoutMs);
    const t0 = process.hrtime.bigint();
    const result = await fn.main(ev, context);
    lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!result || result.statusCode !== 200) bad++;
    if (i === 0) {
      firstStatus = result && result.statusCode;
      firstBody = result && result.body;
    }
  }
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  return {
    lat: Array.from(lat),
    wallMs,
    bad,
    first: { statusCode: firstStatus, body: typeof firstBody === 'string' ? firstBody : canonical(firstBody) },
  };
}

// What any host that hands the event to wasm as JSON text pays before the
// module does anything: JSON.stringify(event) and copying the UTF-8 into a
// (preallocated) buffer, as bindings-node/function-host/ does. Median ms per call.
function floor({ event, calls }) {
  const ev = eventOf(event);
  const encoder = new TextEncoder();
  const heap = new Uint8Array(Buffer.byteLength(JSON.stringify(ev)) + 16);
  const lat = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    const text = JSON.stringify(ev);
    const len = Buffer.byteLength(text, 'utf8');
    encoder.encodeInto(text, heap.subarray(0, len));
    lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  lat.sort();
  return { p50_ms: lat[Math.floor(calls / 2)] };
}

const commands = {
  floor,
  load({ dir, probe: wantProbe }) {
    if (wantProbe) probe = require('./memory-probe');
    fn = require(path.resolve(dir, 'index.js'));
    return { node: process.version };
  },
  run,
  memory() {
    if (global.gc) global.gc();
    return { linearMemoryBytes: probe ? probe.linearMemoryBytes() : null, instances: probe ? probe.instanceCount() : 0 };
  },
  exit() {
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on('message', async (msg) => {
  try {
    const out = await commands[msg.cmd](msg);
    process.send({ ok: true, ...out });
  } catch (e) {
    process.send({ ok: false, error: String((e && e.stack) || e) });
  }
});

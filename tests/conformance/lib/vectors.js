// Loading the vectors (vectors/*.json: each file one vector or an array of them) and
// what a vector expects of one host. The format is described in ../README.md.
'use strict';

const fs = require('fs');
const path = require('path');

const VECTORS_DIR = path.join(__dirname, '..', 'vectors');
// `eventFixture` in a call names a file under tests/fixtures/ that is the event:
// the platform's published payloads are played as they are, from one copy.
const FIXTURES_DIR = path.join(__dirname, '..', '..', 'fixtures');
// wasi-cli / wasi-serve: the wasi:http components (<h>.cli.wasm under `wasmtime run
// -S http`, <h>.http.wasm under `wasmtime serve`), family wasi-component.
const HOSTS = ['node16', 'node', 'wasi-command', 'reactor', 'python-function', 'wasi-cli', 'wasi-serve'];
// A host's family: byHost keys may name either ("node" covers node16 too).
const FAMILY = {
  node16: 'node',
  node: 'node',
  'wasi-command': 'wasi-command',
  reactor: 'reactor',
  'python-function': 'python',
  'wasi-cli': 'wasi-component',
  'wasi-serve': 'wasi-component',
};
const HAS_NETWORK = {
  node16: true,
  node: true,
  'wasi-command': false,
  reactor: true,
  'python-function': true,
  'wasi-cli': true,
  'wasi-serve': true,
};

// A call's event may be {"$fixture": "<path under tests/fixtures>", "$merge": {...}}:
// the fixture's JSON with the members of $merge set over it (null removes one), so
// the published payloads are played as they are, or changed in one place.
function resolveEvent(event) {
  if (!event || typeof event !== 'object' || Array.isArray(event) || !event.$fixture) return event;
  const base = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, event.$fixture), 'utf8'));
  for (const [k, v] of Object.entries(event.$merge || {})) {
    if (v === null) delete base[k];
    else base[k] = v;
  }
  return base;
}

function loadVectors(dir = VECTORS_DIR) {
  const out = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const v of Array.isArray(parsed) ? parsed : [parsed]) {
      const calls = Array.isArray(v.calls) ? v.calls.map((c) => ('event' in c ? { ...c, event: resolveEvent(c.event) } : c)) : v.calls;
      out.push({ ...v, file, calls });
    }
  }
  const names = new Set();
  for (const v of out) {
    if (!v.name || !v.handler || !Array.isArray(v.calls)) throw new Error(`${v.file}: a vector needs name, handler, calls`);
    v.calls = v.calls.map((call) => withFixtureEvent(call, v));
    if (names.has(v.name)) throw new Error(`${v.file}: duplicate vector ${v.name}`);
    names.add(v.name);
  }
  return out;
}

// A call whose `eventFixture` is replaced by the fixture's JSON as `event`.
function withFixtureEvent(call, vector) {
  if (call.eventFixture === undefined) return call;
  if (call.event !== undefined) throw new Error(`${vector.file}: ${vector.name}: a call has both event and eventFixture`);
  const { eventFixture, ...rest } = call;
  return { ...rest, event: JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, eventFixture), 'utf8')) };
}

// Why `vector` does not apply to `host` (a documented reason), or null.
function notApplicable(vector, host) {
  if (vector.needsNetwork && !HAS_NETWORK[host]) return 'needs the network (a WASI preview1 command has no sockets)';
  const skip = vector.notOn && (vector.notOn[host] || vector.notOn[FAMILY[host]]);
  return skip || null;
}

// The calls as played: `repeat` expanded (one after the other), `concurrently`
// instead (N copies sharing a `group`: started together, awaited together, and no
// copy played alone before them); each with its expectation for `host`.
function callsFor(vector, host) {
  const calls = [];
  vector.calls.forEach((call, index) => {
    const by = call.byHost || {};
    const expect = { ...(call.expect || {}), ...(by[FAMILY[host]] || {}), ...(host !== FAMILY[host] ? by[host] || {} : {}) };
    if (call.concurrently) {
      for (let i = 0; i < call.concurrently; i++) calls.push({ ...call, expect, group: index });
      return;
    }
    for (let i = 0; i < (call.repeat || 1); i++) calls.push({ ...call, expect });
  });
  return calls;
}

// Consecutive calls of one group together, the others alone: [[call], [c, c, c], ...].
function batches(calls) {
  const out = [];
  for (const call of calls) {
    const last = out[out.length - 1];
    if (call.group !== undefined && last && last[0].group === call.group) last.push(call);
    else out.push([call]);
  }
  return out;
}

// "$metadata_addr", "$compute_url", "$other_url", "$connections_url", "$lockbox_url",
// "$storage_url", "$docapi_url" in any string -> the emulators' addresses.
function substitute(value, places) {
  if (typeof value === 'string') {
    return value.replace(/\$(metadata_addr|compute_url|other_url|connections_url|lockbox_url|storage_url|docapi_url)/g, (_, k) => places[k]);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, places));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, places)]));
  }
  return value;
}

// The environment a network host runs the vector with: the vector's, plus the
// metadata emulator's address unless the vector names an address itself.
function hostEnv(vector, places) {
  const env = substitute(vector.env || {}, places);
  if (!('YC_METADATA_ADDR' in env) && !('GCE_METADATA_HOST' in env)) env.YC_METADATA_ADDR = places.metadata_addr;
  return env;
}

// The context of one call: the vector's, with `deadlineInMs` turned into an
// absolute deadlineMs (Unix ms) at the moment the call starts.
function contextFor(call, nowMs) {
  const context = { ...(call.context || {}) };
  if (call.deadlineInMs !== undefined) context.deadlineMs = nowMs + call.deadlineInMs;
  return context;
}

module.exports = { loadVectors, notApplicable, callsFor, batches, substitute, hostEnv, contextFor, HOSTS, FAMILY, VECTORS_DIR };

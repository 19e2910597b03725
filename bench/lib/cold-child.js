// One cold start: this process loads <dir>/index.js and answers one invocation,
// then prints one line "@@cold {require_ms, call_ms, boot_ms, status}" and exits.
// Kept free of other modules so that both functions pay only for themselves.
//   node cold-child.js <function dir>
'use strict';

const bootMs = performance.now(); // time since this process's time origin (Node bootstrap)
const dir = process.argv[2];
const t0 = performance.now();
const fn = require(`${dir}/index.js`);
const t1 = performance.now();
const deadline = Date.now() + 10000;
const context = {
  requestId: 'cold-1',
  functionName: 'bench',
  functionVersion: 'bench',
  memoryLimitInMB: '128',
  token: {
    access_token: 't1.9euelZqd-ycfn-bench-token-not-a-real-one-QkJ2Ozc2SkpqSlc7OjY7Hyp2dk',
    expires_in: 43200,
    token_type: 'Bearer',
  },
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
const event = { httpMethod: 'GET', headers: {}, path: '/', body: '', isBase64Encoded: false };
fn.main(event, context).then((result) => {
  const t2 = performance.now();
  process.stdout.write(
    `@@cold ${JSON.stringify({ boot_ms: bootMs, require_ms: t1 - t0, call_ms: t2 - t1, status: result.statusCode, body: result.body })}\n`,
  );
});

// Child process used by the tests: loads a built function (its function/index.js) in a
// fresh Node process with the given environment, performs a scenario of calls to
// main(event, context) and writes the results as JSON to a file. The function's own
// output (logs) stays on this process's stdout/stderr, which the test captures whole.
//
//   node run-function.js <spec.json> <results.json>
//
// spec: {
//   "dir": "<function directory>",
//   "dropGlobalFetch": false,          // delete globalThis.fetch first (node-fetch path)
//   "steps": [ { "event": ..., "remainingMs": 10000, "token": {...}?, "count": 1,
//                "parallel": false, "delayMs": 0 }
//            | { "calls": [ {"event", "remainingMs", "token", "delayMs"} ... ] }  // concurrent,
//              each call started delayMs after the step starts
//            ... ]
// }
// results: [ [ {result, ms} ... one per call ... ] ... one per step ... ]
'use strict';

const fs = require('fs');
const path = require('path');

async function main() {
  const [specPath, resultsPath] = process.argv.slice(2);
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  if (spec.dropGlobalFetch) delete globalThis.fetch;
  const fn = require(path.resolve(spec.dir, 'index.js'));
  let n = 0;
  const call = async (step) => {
    const start = Date.now();
    const remaining = step.remainingMs === undefined ? 10000 : step.remainingMs;
    const deadline = start + remaining;
    const context = {
      requestId: `req-${++n}`,
      functionName: 'ycfn-test',
      functionVersion: 'v1',
      memoryLimitInMB: '128',
      getRemainingTimeInMillis: () => deadline - Date.now(),
      getPayload: () => step.event,
    };
    if (step.token !== undefined) context.token = step.token;
    const result = await fn.main(step.event === undefined ? {} : step.event, context);
    return { result, ms: Date.now() - start };
  };
  const out = [];
  for (const step of spec.steps) {
    if (step.calls) {
      out.push(
        await Promise.all(
          step.calls.map(async (c) => {
            if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
            return call(c);
          }),
        ),
      );
      continue;
    }
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    const count = step.count || 1;
    let results;
    if (step.parallel) {
      results = await Promise.all(Array.from({ length: count }, () => call(step)));
    } else {
      results = [];
      for (let i = 0; i < count; i++) results.push(await call(step));
    }
    out.push(results);
  }
  fs.writeFileSync(resultsPath, JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`run-function: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);

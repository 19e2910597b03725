// Loads one built function (function/index.js) in this Node process and calls
// its main(event, context) for each call of a spec, in order, printing the
// results as one JSON line. Run by the demo with Node 16.14.1 and the machine's
// Node: one process per function, so calls after the first show the warm path
// (module loaded once, token cached).
//
//   node invoke-node.js <spec.json>
//   spec: {"dir": "<function dir>", "calls": [{"event": {...}, "context": {...}}, ...]}
//   out:  [{"result": <main's result>, "ms": <wall time of the call>}, ...]
'use strict';

const fs = require('fs');
const path = require('path');

async function run() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const fn = require(path.resolve(spec.dir, 'index.js'));
  const out = [];
  let n = 0;
  for (const call of spec.calls) {
    const start = process.hrtime.bigint();
    const deadline = Date.now() + 10000;
    const context = {
      requestId: `demo-${++n}`,
      functionName: path.basename(path.dirname(spec.dir)),
      functionVersion: 'demo',
      memoryLimitInMB: '128',
      ...call.context,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    const result = await fn.main(call.event, context);
    out.push({ result, ms: Number(process.hrtime.bigint() - start) / 1e6 });
  }
  // Logs of the function went to stdout too; the results are the last line.
  process.stdout.write(`\n${JSON.stringify(out)}\n`);
}

run().catch((e) => {
  process.stderr.write(`invoke-node: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});

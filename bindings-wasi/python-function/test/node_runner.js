// Plays the platform's Node.js runtime for a Node build of the same handler, with
// the protocol of platform_runner.py (a request per stdin line, "@@result <JSON>"
// per answer): requires <function dir>/index.js once and calls main(event, context).
//   node node_runner.js build/node/examples/<name>/function
'use strict';

const path = require('path');
const readline = require('readline');

const fn = require(path.resolve(process.argv[2], 'index.js'));

function platformContext(spec) {
  const deadline = Date.now() + (spec.remaining_ms === undefined ? 5000 : spec.remaining_ms);
  const context = {
    requestId: spec.request_id,
    functionName: spec.function_name,
    functionVersion: spec.function_version,
    memoryLimitInMB: spec.memory_limit_in_mb === undefined ? undefined : String(spec.memory_limit_in_mb),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  if (spec.token) context.token = spec.token;
  return context;
}

(async () => {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const request = JSON.parse(line);
    const result = await fn.main(request.event, platformContext(request.context || {}));
    process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
  }
})();

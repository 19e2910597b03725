// Reports what an instance sees: context, environment, heap limit, how many calls
// this process has served and the most it served at once. ?sleep=MS waits first;
// ?log=1 prints a plain line and a structured record.
const v8 = require('v8');

let calls = 0;
let inflight = 0;
let maxInflight = 0;

exports.main = async function (event, context) {
  const q = event.queryStringParameters || {};
  calls += 1;
  inflight += 1;
  maxInflight = Math.max(maxInflight, inflight);
  if (q.log) {
    console.log('plain line from probe');
    console.log(JSON.stringify({ level: 'WARN', msg: 'structured warning from probe', extra: 1 }));
  }
  if (q.sleep) await new Promise((resolve) => setTimeout(resolve, Number(q.sleep)));
  inflight -= 1;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      calls,
      maxInflight,
      pid: process.pid,
      node: process.version,
      heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576),
      env: { A: process.env.A, B: process.env.B, FROM_FILE: process.env.FROM_FILE, YC_METADATA_ADDR: process.env.YC_METADATA_ADDR,
        YC_LOCKBOX_PAYLOAD_ENDPOINT: process.env.YC_LOCKBOX_PAYLOAD_ENDPOINT,
        YC_STORAGE_ENDPOINT: process.env.YC_STORAGE_ENDPOINT,
        YDB_DOCAPI_ENDPOINT: process.env.YDB_DOCAPI_ENDPOINT,
      },
      context: {
        requestId: context.requestId,
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        memoryLimitInMB: context.memoryLimitInMB,
        remaining: context.getRemainingTimeInMillis(),
        hasToken: 'token' in context,
      },
      event: { requestId: event.requestContext && event.requestContext.requestId },
    }),
  };
};

// Benchmark 2: warm invocations of http-echo, ycfn against the JavaScript
// baseline, each in its own long-lived worker process (bench/lib/worker.js),
// taking turns in blocks (interleaved), after a warm-up that lets V8 tier up.
//   node bench/warm.js [--node16] [--calls-1k N] [--calls-1m N]
// Prints one JSON object: per event size, p50/p99 per call (ms), calls/s, ratios.
'use strict';

const { NODE16, ycfnDir, compareDir, baselineDir, sortNum, quantile } = require('./lib/common');
const { startWorker } = require('./lib/workers');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

async function bench(node, kind, calls, blocks, warmup) {
  const impls = [
    ['ycfn', await startWorker(node, ycfnDir('http-echo'))],
    ['js', await startWorker(node, baselineDir('http-echo'))],
  ];
  if (compareDir('http-echo')) impls.push(['before', await startWorker(node, compareDir('http-echo'))]);
  const lat = Object.fromEntries(impls.map(([name]) => [name, []]));
  const wall = Object.fromEntries(impls.map(([name]) => [name, 0]));
  let floor = null;
  try {
    for (const [, w] of impls) await w.send({ cmd: 'run', event: kind, calls: warmup });
    const per = Math.ceil(calls / blocks);
    for (let b = 0; b < blocks; b++) {
      for (const [name, w] of b % 2 ? [...impls].reverse() : impls) {
        const r = await w.send({ cmd: 'run', event: kind, calls: per });
        if (r.bad) throw new Error(`${name} http-echo answered ${r.bad} calls with a status other than 200`);
        lat[name].push(...r.lat);
        wall[name] += r.wallMs;
      }
    }
    floor = await impls.find(([name]) => name === 'js')[1].send({ cmd: 'floor', event: kind, calls: Math.min(calls, 1000) });
  } finally {
    for (const [, w] of impls) await w.close();
  }
  const out = { calls: lat.ycfn.length, warmup, json_floor_p50_ms: floor.p50_ms };
  for (const [name] of impls) {
    const s = sortNum(lat[name]);
    out[name] = { p50_ms: quantile(s, 0.5), p99_ms: quantile(s, 0.99), calls_per_s: (lat[name].length / wall[name]) * 1000 };
  }
  out.ratio_p50 = out.ycfn.p50_ms / out.js.p50_ms;
  out.ratio_throughput = out.js.calls_per_s / out.ycfn.calls_per_s; // > 1: ycfn is slower
  if (out.before) out.ratio_p50_before = out.before.p50_ms / out.js.p50_ms;
  return out;
}

async function main() {
  const node = process.argv.includes('--node16') ? NODE16 : process.execPath;
  const calls1k = arg('--calls-1k', 10000);
  const calls1m = arg('--calls-1m', 1000);
  const out = { node: node === NODE16 ? 'node16' : `node${process.versions.node.split('.')[0]}` };
  out['1k'] = await bench(node, '1k', calls1k, 10, 2000);
  out['1m'] = await bench(node, '1m', calls1m, 10, 100);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`warm: ${e.stack || e}\n`);
  process.exit(1);
});

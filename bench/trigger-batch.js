// Benchmark 8: a trigger batch. examples/trigger-summary (one log line per
// message) against the JavaScript baseline that logs the same lines
// (bench/baselines/trigger-summary), each in its own long-lived worker
// (bench/lib/worker.js), on timer batches of 1,000 / 2,500 / 5,000 / 7,500
// messages, taking turns in blocks after a warm-up. The per-message cost shows
// whether the work grows faster than the batch.
//   node bench/trigger-batch.js [--node16] [--calls N] [--sizes 1000,7500]
// Prints one JSON object: per N, p50/p99 per call (ms), µs per message, ratio.
'use strict';

const { NODE16, ycfnDir, compareDir, baselineDir, sortNum, quantile } = require('./lib/common');
const { startWorker } = require('./lib/workers');

const SIZES = [1000, 2500, 5000, 7500];
const BLOCKS = 6;

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

async function bench(node, n, calls) {
  const event = `timer-${n}`;
  const impls = [
    ['ycfn', await startWorker(node, ycfnDir('trigger-summary'))],
    ['js', await startWorker(node, baselineDir('trigger-summary'))],
  ];
  // YCFN_BENCH_COMPARE_BUILD: that build's trigger-summary too, as "before".
  if (compareDir('trigger-summary')) impls.push(['before', await startWorker(node, compareDir('trigger-summary'))]);
  const lat = Object.fromEntries(impls.map(([name]) => [name, []]));
  try {
    const first = {};
    for (const [name, w] of impls) {
      const r = await w.send({ cmd: 'run', event, calls: 5 });
      if (r.bad) throw new Error(`${name} trigger-summary answered a status other than 200`);
      first[name] = JSON.stringify(JSON.parse(r.first.body));
    }
    // Same answer, so they all do the same work.
    if (impls.some(([name]) => first[name] !== first.js)) {
      throw new Error('trigger-summary: ycfn and the JavaScript baseline answer different bodies');
    }
    const per = Math.max(1, Math.ceil(calls / BLOCKS));
    for (let b = 0; b < BLOCKS; b++) {
      for (const [name, w] of b % 2 ? [...impls].reverse() : impls) {
        const r = await w.send({ cmd: 'run', event, calls: per });
        if (r.bad) throw new Error(`${name} trigger-summary answered ${r.bad} calls with a status other than 200`);
        lat[name].push(...r.lat);
      }
    }
  } finally {
    for (const [, w] of impls) await w.close();
  }
  const out = { n, calls: lat.ycfn.length };
  for (const [name] of impls) {
    const s = sortNum(lat[name]);
    const p50 = quantile(s, 0.5);
    out[name] = { p50_ms: p50, p99_ms: quantile(s, 0.99), us_per_message: (p50 * 1000) / n };
  }
  out.ratio_p50 = out.ycfn.p50_ms / out.js.p50_ms;
  if (out.before) out.ratio_p50_before = out.before.p50_ms / out.js.p50_ms;
  return out;
}

async function main() {
  const node = process.argv.includes('--node16') ? NODE16 : process.execPath;
  const calls = arg('--calls', 30);
  const out = { node: node === NODE16 ? 'node16' : `node${process.versions.node.split('.')[0]}`, sizes: [] };
  const i = process.argv.indexOf('--sizes');
  const sizes = i > 0 ? process.argv[i + 1].split(',').map(Number) : SIZES;
  for (const n of sizes) out.sizes.push(await bench(node, n, calls));
  const perMessage = (n) => out.sizes.find((s) => s.n === n).ycfn.us_per_message;
  if (sizes.includes(1000) && sizes.includes(5000)) out.growth_5000_vs_1000 = perMessage(5000) / perMessage(1000);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`trigger-batch: ${e.stack || e}\n`);
  process.exit(1);
});

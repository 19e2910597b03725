// Benchmark 3: the metadata path. 1,000 calls of metadata-token (no token in the
// context, so the function gets it from the metadata service) against the
// loopback emulator (bindings-node/emulators/, in this
// process; the functions run in worker processes): ycfn's function against the
// documented JavaScript handler (node-fetch, one request per call). The two take
// turns in blocks of 100 calls; the emulator counts the requests of each block.
//   node bench/metadata.js [--node16] [--calls N]
'use strict';

const path = require('path');
const { ROOT, NODE16, ycfnDir, baselineDir, sortNum, quantile } = require('./lib/common');
const { startWorker } = require('./lib/workers');
const { startEmulator } = require(path.join(ROOT, 'bindings-node/emulators'));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

async function main() {
  const node = process.argv.includes('--node16') ? NODE16 : process.execPath;
  const calls = arg('--calls', 1000);
  const block = 100;
  // 12 h tokens: the cache refreshes after 10% of the lifetime (72 min), far beyond this run.
  const emu = await startEmulator({ mode: 'ok', expiresIn: 43200 });
  const env = { YC_METADATA_ADDR: emu.address };
  const impls = [
    ['ycfn', await startWorker(node, ycfnDir('metadata-token'), { env })],
    ['js', await startWorker(node, baselineDir('metadata-token'), { env })],
  ];
  const lat = { ycfn: [], js: [] };
  const requests = { ycfn: 0, js: 0 };
  try {
    for (let done = 0, b = 0; done < calls; done += block, b++) {
      for (const [name, w] of b % 2 ? [...impls].reverse() : impls) {
        const before = emu.stats.tokenRequests;
        const r = await w.send({ cmd: 'run', event: 'get', calls: Math.min(block, calls - done), token: false });
        if (r.bad) throw new Error(`${name} metadata-token answered ${r.bad} calls with a status other than 200`);
        requests[name] += emu.stats.tokenRequests - before;
        lat[name].push(...r.lat);
      }
    }
  } finally {
    for (const [, w] of impls) await w.close();
    await emu.close();
  }
  const out = { node: node === NODE16 ? 'node16' : `node${process.versions.node.split('.')[0]}`, calls };
  for (const name of ['ycfn', 'js']) {
    const s = sortNum(lat[name]);
    out[name] = { requests: requests[name], p50_ms: quantile(s, 0.5), p99_ms: quantile(s, 0.99), first_ms: lat[name][0] };
  }
  out.p50_speedup = out.js.p50_ms / out.ycfn.p50_ms;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`metadata: ${e.stack || e}\n`);
  process.exit(1);
});

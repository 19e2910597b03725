// Benchmark 5: sizes and linear memory.
//  - per example: the Node function's index.wasm (raw and gzip -9), function.zip,
//    index.js; the WASI command and reactor modules (raw and gzip -9);
//  - the Node function's linear memory (WebAssembly.Memory byteLength, what
//    Emscripten's HEAPU8.length is), read through bench/lib/memory-probe.js in a
//    worker: after a warm-up, and after N more invocations (http-echo with the
//    1 KB event, and context-token).
//   node bench/size-memory.js [--calls N] [--node16]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { ROOT, NODE16, ycfnDir } = require('./lib/common');

const WASI_BUILD = process.env.YCFN_BENCH_WASI_BUILD || path.join(ROOT, 'build/wasi');
const { startWorker } = require('./lib/workers');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const sizeOf = (file) => (fs.existsSync(file) ? fs.statSync(file).size : null);
const gzipOf = (file) => (fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length : null);

function sizes() {
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'CMakeLists.txt')))
    .sort();
  const out = {};
  for (const ex of examples) {
    const fn = ycfnDir(ex);
    const wasi = path.join(WASI_BUILD, 'examples', ex);
    out[ex] = {
      node_wasm: sizeOf(path.join(fn, 'index.wasm')),
      node_wasm_gz: gzipOf(path.join(fn, 'index.wasm')),
      node_js: sizeOf(path.join(fn, 'index.js')),
      node_zip: sizeOf(path.join(fn, '..', 'function.zip')),
      wasi_command: sizeOf(path.join(wasi, `${ex}.wasm`)),
      wasi_command_gz: gzipOf(path.join(wasi, `${ex}.wasm`)),
      wasi_reactor: sizeOf(path.join(wasi, `${ex}.reactor.wasm`)),
      wasi_reactor_gz: gzipOf(path.join(wasi, `${ex}.reactor.wasm`)),
    };
  }
  return out;
}

async function memory(node, example, event, token, calls) {
  const w = await startWorker(node, ycfnDir(example), { probe: true });
  try {
    const initial = (await w.send({ cmd: 'memory' })).linearMemoryBytes;
    await w.send({ cmd: 'run', event, calls: 1000, token });
    const afterWarmup = await w.send({ cmd: 'memory' });
    const started = Date.now();
    for (let done = 0; done < calls; done += 10000) {
      const r = await w.send({ cmd: 'run', event, calls: Math.min(10000, calls - done), token });
      if (r.bad) throw new Error(`${example}: ${r.bad} calls answered a status other than 200`);
    }
    const after = await w.send({ cmd: 'memory' });
    return {
      example,
      event,
      initial,
      after_warmup: afterWarmup.linearMemoryBytes,
      after_calls: after.linearMemoryBytes,
      calls,
      instances: after.instances, // 1: no trap, no replacement instance
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await w.close();
  }
}

async function main() {
  const node = process.argv.includes('--node16') ? NODE16 : process.execPath;
  const calls = arg('--calls', 100000);
  const out = { sizes: sizes(), memory: [] };
  out.memory.push(await memory(node, 'http-echo', '1k', false, calls));
  out.memory.push(await memory(node, 'context-token', 'get', true, calls));
  out.memory.push(await memory(node, 'http-echo', '1m', false, Math.min(calls, arg('--calls-1m', 300))));
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`size-memory: ${e.stack || e}\n`);
  process.exit(1);
});

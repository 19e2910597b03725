// Benchmark 1: cold start. A new Node process loads index.js and answers one
// invocation (context-token, the token in the context): ycfn's function against
// the JavaScript baseline, on Node 16.14.1 and on the machine's Node, runs
// interleaved (A, B, A, B, ...), medians. Prints one JSON object.
//   node bench/cold-start.js [--runs N]
'use strict';

const childProcess = require('child_process');
const path = require('path');
const { NODE16, NODE_PATH, ycfnDir, compareDir, baselineDir, median } = require('./lib/common');

const runs = Number((process.argv.indexOf('--runs') > 0 && process.argv[process.argv.indexOf('--runs') + 1]) || 30);
const CHILD = path.join(__dirname, 'lib/cold-child.js');

function once(node, dir) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let answeredAt = null;
    let out = '';
    const child = childProcess.spawn(node, [CHILD, dir], {
      env: { ...process.env, NODE_PATH },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (answeredAt === null && out.includes('\n') && out.includes('@@cold ')) answeredAt = process.hrtime.bigint();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const exitedAt = process.hrtime.bigint();
      const line = out.split('\n').find((l) => l.startsWith('@@cold '));
      if (code !== 0 || !line) return reject(new Error(`cold start of ${dir} with ${node}: exit ${code}, output ${out.slice(0, 300)}`));
      const r = JSON.parse(line.slice(7));
      if (r.status !== 200) return reject(new Error(`cold start of ${dir}: status ${r.status}`));
      const answerMs = Number(answeredAt - start) / 1e6;
      resolve({
        answer_ms: answerMs,
        exit_ms: Number(exitedAt - start) / 1e6,
        require_ms: r.require_ms,
        call_ms: r.call_ms,
        start_ms: answerMs - r.require_ms - r.call_ms, // spawn -> the child's first line (and the pipe)
        body: r.body,
      });
    });
  });
}

async function main() {
  const nodes = [
    ['node16', NODE16],
    [`node${process.versions.node.split('.')[0]}`, process.execPath],
  ];
  const impls = [
    ['ycfn', ycfnDir('context-token')],
    ['js', baselineDir('context-token')],
  ];
  if (compareDir('context-token')) impls.push(['before', compareDir('context-token')]);
  const samples = {};
  // Two unmeasured runs each: the page cache holds the files and binaries.
  for (const [, node] of nodes) for (const [, dir] of impls) await once(node, dir);
  for (let i = 0; i < runs; i++) {
    for (const [nodeName, node] of nodes) {
      for (const [implName, dir] of i % 2 ? [...impls].reverse() : impls) {
        const key = `${nodeName}/${implName}`;
        (samples[key] = samples[key] || []).push(await once(node, dir));
      }
    }
  }
  const out = { runs, results: {} };
  for (const [nodeName] of nodes) {
    const row = {};
    for (const [implName] of impls) {
      const s = samples[`${nodeName}/${implName}`];
      row[implName] = {};
      for (const k of ['answer_ms', 'start_ms', 'require_ms', 'call_ms', 'exit_ms']) row[implName][k] = median(s.map((x) => x[k]));
    }
    if (samples[`${nodeName}/ycfn`][0].body !== samples[`${nodeName}/js`][0].body) {
      throw new Error(`context-token: ycfn and the JS baseline answer different bodies on ${nodeName}`);
    }
    row.ratio = row.ycfn.answer_ms / row.js.answer_ms;
    if (row.before) row.ratio_before = row.before.answer_ms / row.js.answer_ms;
    out.results[nodeName] = row;
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`cold-start: ${e.stack || e}\n`);
  process.exit(1);
});

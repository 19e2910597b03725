#!/usr/bin/env node
// Runs the Node binding's test suites (test/*.test.js) on the Node that runs this
// script and prints TAP, ending with the totals `# pass N` and `# fail N`.
//   node test/run.js [files...]
// Node >= 20: `node --test --test-reporter=tap`. Older Nodes (16.14.1, the nodejs16
// runtime, has no node:test; the npm package `test` stands in): each file is run as a
// script, one after the other, and the counts are added up.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const dir = __dirname;
const files = (process.argv.length > 2 ? process.argv.slice(2) : fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort())
  .map((f) => path.resolve(dir, f));
const major = Number(process.versions.node.split('.')[0]);

let pass = 0;
let fail = 0;
function count(output) {
  // The last summary of a run (nested suites print none at column 0 except the top).
  const p = output.match(/^# pass (\d+)$/gm);
  const f = output.match(/^# fail (\d+)$/gm);
  return [p ? Number(p[p.length - 1].slice(7)) : 0, f ? Number(f[f.length - 1].slice(7)) : 0];
}

if (major >= 20) {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  [pass, fail] = count(r.stdout);
  if (r.status !== 0 && fail === 0) fail = 1;
} else {
  for (const file of files) {
    process.stdout.write(`# file: ${path.relative(path.join(dir, '..'), file)}\n`);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    const [p, f] = count(r.stdout);
    pass += p;
    fail += f;
    if (r.status !== 0 && f === 0) {
      process.stdout.write(`# ${path.basename(file)} exited with status ${r.status} (signal ${r.signal})\n`);
      fail += 1;
    }
  }
}
process.stdout.write(`# node ${process.version}: ${files.length} files\n# pass ${pass}\n# fail ${fail}\n`);
process.exit(fail === 0 ? 0 : 1);

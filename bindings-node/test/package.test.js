// The deployable artefact: function.zip holds exactly index.js, index.wasm and
// package.json, is under the 3.5 MB limit, and an unpacked copy works after the real
// `npm install --omit=dev` the platform does: require('./index.js').main(event, context).
'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { test, FUNCTIONS_DIR, functionDir, fixture } = require('../test-support/helpers');

const NAMES = ['echo', 'needs-token', 'token-value', 'trap', 'oom', 'fail'];

test('package: every test function ZIP holds exactly index.js, index.wasm, package.json and is under 3.5 MB', () => {
  for (const name of NAMES) {
    const zip = path.join(FUNCTIONS_DIR, name, 'function.zip');
    const size = fs.statSync(zip).size;
    assert.ok(size > 0 && size <= 3500000, `${zip}: ${size} bytes`);
    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepStrictEqual(listing, ['index.js', 'index.wasm', 'package.json']);
  }
});

test("package: package.json declares node-fetch 2.x and index.js as main", () => {
  for (const name of NAMES) {
    const pkg = JSON.parse(fs.readFileSync(path.join(functionDir(name), 'package.json'), 'utf8'));
    assert.strictEqual(pkg.main, 'index.js');
    assert.match(pkg.dependencies['node-fetch'], /^\^?2\.7\.0$/);
    assert.deepStrictEqual(Object.keys(pkg.dependencies), ['node-fetch']);
    assert.strictEqual(pkg.devDependencies, undefined);
  }
});

test('package: unpacked ZIP + npm install --omit=dev, then require("./index.js").main works', { timeout: 180000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ycfn-fn-'));
  try {
    execFileSync('unzip', ['-q', path.join(FUNCTIONS_DIR, 'echo', 'function.zip'), '-d', tmp]);
    // The machine's npm (Node 16.14.1's bundled npm 8 would do the same).
    const npm = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: tmp,
      encoding: 'utf8',
    });
    assert.strictEqual(npm.status, 0, `npm install failed:\n${npm.stdout}\n${npm.stderr}`);
    const nf = JSON.parse(fs.readFileSync(path.join(tmp, 'node_modules', 'node-fetch', 'package.json'), 'utf8'));
    assert.match(nf.version, /^2\./);

    // In a separate process of this Node, from inside the function directory, as the
    // platform loads it.
    const event = fixture('http-post-curl-docs.json');
    const script = `
      const fn = require('./index.js');
      const ctx = { requestId: 'pkg-1', functionName: 'f', functionVersion: 'v', memoryLimitInMB: '128',
                    getRemainingTimeInMillis: () => 5000 };
      fn.main(${JSON.stringify(event)}, ctx).then((r) => {
        process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n');
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: tmp, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const result = JSON.parse(line.slice(7));
    assert.strictEqual(result.statusCode, 200, result.body);
    assert.deepStrictEqual(JSON.parse(result.body).event, event);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

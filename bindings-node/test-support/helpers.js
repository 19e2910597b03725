// Shared by the node:test suites of the Node binding.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { loadFresh } = require('./fresh-module');

let test;
try {
  test = require('node:test'); // Node >= 16.17 / 18
} catch (e) {
  test = require('test'); // Node 16.14.1 (the nodejs16 runtime): the npm port
}

const BINDING_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(BINDING_DIR, '..');
const FUNCTIONS_DIR =
  process.env.YCFN_TEST_FUNCTIONS_DIR || path.join(REPO_DIR, 'build', 'node', 'tests', 'handlers');
const FIXTURES_DIR = path.join(REPO_DIR, 'tests', 'fixtures', 'docs');
const EXAMPLES_DIR = process.env.YCFN_EXAMPLES_DIR || path.join(REPO_DIR, 'build', 'node', 'examples');

// Functions loaded in a test process itself never reach for 169.254.169.254 either.
const CLOSED_ADDRESS = '127.0.0.1:9';
if (!process.env.YC_METADATA_ADDR && !process.env.GCE_METADATA_HOST) process.env.YC_METADATA_ADDR = CLOSED_ADDRESS;

function functionDir(name) {
  const dir = path.join(FUNCTIONS_DIR, name, 'function');
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`${dir}/index.js not built: run cmake --workflow --preset node (or scripts/test.sh node_binding)`);
  }
  return dir;
}

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8'));
}

// Runs a scenario (see run-function.js) in a fresh Node process (this one's binary).
// Resolves {results, stdout, stderr, code}; the results are the platform results,
// with `json` = the parsed body when it is JSON.
function runScenario(spec, { env = {}, timeoutMs = 60000 } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ycfn-scenario-'));
  const specPath = path.join(tmp, 'spec.json');
  const resultsPath = path.join(tmp, 'results.json');
  fs.writeFileSync(specPath, JSON.stringify({ ...spec, dir: spec.dir || functionDir(spec.function) }));
  // node-fetch for functions outside tests/handlers/ (whose node_modules link covers
  // them), e.g. the examples, on Node 16: as the platform would install it.
  const nodePath = [path.join(BINDING_DIR, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  const childEnv = { ...process.env, NODE_PATH: nodePath, ...env };
  for (const k of ['YC_METADATA_ADDR', 'GCE_METADATA_HOST']) if (!(k in env)) delete childEnv[k];
  // Never the real link-local metadata address from a test: without an emulator, a
  // closed loopback port (the first non-empty of the two variables wins).
  if (!childEnv.YC_METADATA_ADDR) childEnv.YC_METADATA_ADDR = childEnv.GCE_METADATA_HOST ? '' : CLOSED_ADDRESS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'run-function.js'), specPath, resultsPath], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let results = null;
      try {
        results = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
        for (const step of results) {
          for (const r of step) {
            try {
              r.json = JSON.parse(r.result.body);
            } catch (e) {
              r.json = undefined;
            }
          }
        }
      } catch (e) {
        results = null;
      }
      fs.rmSync(tmp, { recursive: true, force: true });
      if (code !== 0 || !results) {
        reject(new Error(`run-function exited ${code}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        return;
      }
      resolve({ results, stdout, stderr, code });
    });
  });
}

// A platform-like context for in-process calls.
function makeContext(overrides = {}) {
  const remaining = overrides.remainingMs === undefined ? 10000 : overrides.remainingMs;
  const deadline = Date.now() + remaining;
  const ctx = {
    requestId: `req-${Math.random().toString(16).slice(2)}`,
    functionName: 'ycfn-test',
    functionVersion: 'v1',
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    getPayload: () => undefined,
    ...overrides,
  };
  delete ctx.remainingMs;
  return ctx;
}

function platformResultShape(assert, result) {
  assert.strictEqual(typeof result, 'object');
  assert.strictEqual(typeof result.statusCode, 'number');
  if (result.body !== undefined) assert.strictEqual(typeof result.body, 'string');
}

// Starts bindings-node/emulators/cli.js with `args` and resolves, once its control
// server is listening, to {child, ports} (ports by server name). The emulators
// end when the caller closes child.stdin.
function startEmulatorCli(args) {
  const cli = path.join(REPO_DIR, 'bindings-node', 'emulators', 'cli.js');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const found = {};
      for (const m of out.matchAll(/^listening (\w+) (\d+)$/gm)) found[m[1]] = Number(m[2]);
      if (found.control) resolve({ child, ports: found });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulators exited ${code}`)));
  });
}

module.exports = {
  test,
  startEmulatorCli,
  BINDING_DIR,
  REPO_DIR,
  FUNCTIONS_DIR,
  FIXTURES_DIR,
  EXAMPLES_DIR,
  CLOSED_ADDRESS,
  functionDir,
  fixture,
  runScenario,
  makeContext,
  loadFresh,
  platformResultShape,
};

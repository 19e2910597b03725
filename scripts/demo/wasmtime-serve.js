// The demo's `wasmtime serve` column: an example's wasi:http component
// (<example>.http.wasm) served by the wasmtime CLI on loopback, and the HTTP
// rows' requests sent to it as real HTTP requests, the way `ycfn serve` gets
// them on the Nodes: the component applies the platform's HTTP semantics
// itself. A served request carries no invocation context, so the function gets
// its token from the metadata service (YC_METADATA_ADDR), never from a context.
// Served the way docs/hosts.md says: instances reused (--max-instance-reuse-count),
// so the token cache lasts across requests as on the platform.
'use strict';

const childProcess = require('child_process');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const WASMTIME = path.join(ROOT, '.tools/venv/bin/wasmtime');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function send(port, req) {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ statusCode: res.statusCode, body }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

// The requests of one example, in order, to one server (instances reused, so
// calls after the first are warm and the token cache lasts); [{result, ms}].
async function runServed(example, requests, env) {
  const port = await freePort();
  const wasm = path.join(ROOT, 'build/wasi/examples', example, `${example}.http.wasm`);
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const server = childProcess.spawn(WASMTIME, ['serve', '-S', 'cli', '--addr', `127.0.0.1:${port}`, '--max-instance-reuse-count', '1000', ...envArgs, wasm],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  try {
    await new Promise((resolve, reject) => {
      server.stderr.on('data', (c) => {
        stderr += c;
        if (stderr.includes('Serving HTTP on')) resolve();
      });
      server.on('close', (code) => reject(new Error(`wasmtime serve ${example} exited ${code}\n${stderr.slice(-500)}`)));
    });
    const results = [];
    for (const req of requests) {
      const start = process.hrtime.bigint();
      const result = await send(port, req);
      results.push({ result, ms: Number(process.hrtime.bigint() - start) / 1e6 });
    }
    return results;
  } finally {
    server.kill('SIGTERM');
  }
}

module.exports = { runServed };

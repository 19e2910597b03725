// Shared by the `ycfn serve` suites (serve*.test.js): start the server on a free
// port and wait for its `listening on` line, send real HTTP requests, wait for
// log lines. Nothing here sleeps: every wait is for an event.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { spawn, spawnSync } = require('child_process');
const { REPO_DIR, EXAMPLES_DIR } = require('../test-support/helpers');

const BIN = path.join(__dirname, '..', 'bin', 'ycfn-serve.js');
const SERVE_FUNCTIONS = path.join(__dirname, 'serve-functions');
const HAVE_CURL = spawnSync('curl', ['--version']).status === 0;

function serveFunction(name) {
  return path.join(SERVE_FUNCTIONS, name);
}

function exampleFunction(name, zip = false) {
  return path.join(EXAMPLES_DIR, name, zip ? 'function.zip' : 'function');
}

// Starts `ycfn serve <source> --port 0 ...args`, the function on this test's own
// Node (--node process.execPath) unless args say otherwise. Resolves a handle:
//   url, lines (stdout so far), stderr(), waitForLine(re), waitForExit(), stop()
// With {defaultNode: true} the function runs on serve's default Node instead.
function startServe(source, args = [], { env = {}, defaultNode = false } = {}) {
  const nodeArgs = args.includes('--node') || defaultNode ? [] : ['--node', process.execPath];
  const proc = spawn(process.execPath, [BIN, source, '--port', '0', ...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const waiters = new Set();
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
    waiters.forEach((w) => w.check());
  });
  readline.createInterface({ input: proc.stdout, crlfDelay: Infinity }).on('line', (line) => {
    lines.push(line);
    waiters.forEach((w) => w.check());
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => waiters.forEach((w) => w.gone()));

  // Resolves the first stdout line (or stderr text, with {stderr: true}) matching re.
  function waitFor(re, { stderr: onStderr = false } = {}) {
    return new Promise((resolve, reject) => {
      const w = {
        check() {
          const hit = onStderr ? (re.test(stderr) ? stderr : null) : lines.find((l) => re.test(l));
          if (hit !== null && hit !== undefined) {
            waiters.delete(w);
            resolve(hit);
          }
        },
        gone() {
          waiters.delete(w);
          w.check();
          reject(new Error(`ycfn serve exited before printing ${re}\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
        },
      };
      waiters.add(w);
      w.check();
    });
  }

  const handle = {
    proc,
    lines,
    url: null,
    stderr: () => stderr,
    waitForLine: (re) => waitFor(re),
    waitForStderr: (re) => waitFor(re, { stderr: true }),
    waitForExit: () => exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
  return waitFor(/^listening on http:\/\//).then((line) => {
    handle.url = line.slice('listening on '.length);
    return handle;
  });
}

// One HTTP request with node's http. Resolves {status, headers, body: Buffer, text, json}.
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        let json;
        try {
          json = JSON.parse(buf.toString('utf8'));
        } catch (e) {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: buf, text: buf.toString('utf8'), json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// curl -s -i: resolves {status, head, body} (curl must be installed: HAVE_CURL).
function curl(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn('curl', ['-s', '-i', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    proc.stdout.on('data', (c) => chunks.push(c));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const status = Number((/^HTTP\/[\d.]+ (\d+)/.exec(head) || [])[1]);
      resolve({ code, status, head, body: text.slice(split + 4) });
    });
  });
}

function tempDir(prefix = 'ycfn-serve-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

module.exports = { BIN, REPO_DIR, HAVE_CURL, serveFunction, exampleFunction, startServe, request, curl, tempDir };

#!/usr/bin/env node
// The conformance runner of the WASI command: plays every vector that needs no
// network under the real wasmtime CLI, one `wasmtime run` per call (the command is
// one instance per process):
//
//   wasmtime run --env YCFN_CONTEXT=<the call's context> [--env NAME=VALUE...]
//       build/wasi/tests/handlers/test-<name>.wasm < <the event>
//
// stdout is the answer (one line), stderr the log records; judged by lib/judge.js.
// Calls a vector starts `concurrently` run in turn here: each process is its own instance.
//
//   node tests/conformance/run-wasi-command.js [--filter <substring>]
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { loadVectors, notApplicable, callsFor, substitute, contextFor } = require('./lib/vectors');
const { judge } = require('./lib/judge');
const { report } = require('./lib/report');
const { guard } = require('./lib/watchdog');

const HOST = 'wasi-command';
const REPO = path.resolve(__dirname, '..', '..');
const BUILD = process.env.YCFN_WASI_BUILD_DIR || path.join(REPO, 'build', 'wasi');
const WASMTIME = process.env.YCFN_WASMTIME || path.join(REPO, '.tools', 'venv', 'bin', 'wasmtime');
// No emulator runs for this host: any address in a vector points nowhere.
const PLACES = {
  metadata_addr: '127.0.0.1:9',
  compute_url: 'http://127.0.0.1:9',
  other_url: 'http://127.0.0.1:9',
  connections_url: 'http://127.0.0.1:9',
  lockbox_url: 'http://127.0.0.1:9',
  storage_url: 'http://127.0.0.1:9',
  docapi_url: 'http://127.0.0.1:9',
};

function moduleFor(handler) {
  const file = handler.startsWith('example:')
    ? path.join(BUILD, 'examples', handler.slice(8), `${handler.slice(8)}.wasm`)
    : path.join(BUILD, 'tests', 'handlers', `test-${handler}.wasm`);
  if (!fs.existsSync(file)) throw new Error(`${file} is not built`);
  return file;
}

function run(args, stdin) {
  return new Promise((resolve) => {
    const child = spawn(WASMTIME, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ error: `wasmtime: ${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code === null ? `signal ${signal}` : code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function play(vector) {
  const calls = [];
  try {
    if (vector.inject) throw new Error(`this runner cannot inject ${vector.inject}: mark the vector notOn this host`);
    const module = moduleFor(vector.handler);
    const env = substitute(vector.env || {}, PLACES);
    for (const call of callsFor(vector, HOST)) {
      const context = contextFor(call, Date.now());
      const args = ['run', '--env', `YCFN_CONTEXT=${JSON.stringify(context)}`];
      for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
      args.push(module);
      const event = JSON.stringify(call.event === undefined ? {} : call.event);
      const r = await guard(run(args, event), `call ${calls.length + 1}`);
      if (r.error) {
        calls.push({ error: r.error, logs: [] });
        continue;
      }
      const lines = r.stdout.split('\n').filter(Boolean);
      let response;
      if (lines.length === 1) {
        try {
          response = JSON.parse(lines[0]);
        } catch (e) {
          response = { unparsable: lines[0].slice(0, 200) };
        }
      } else if (lines.length > 1) {
        response = { tooManyLines: lines.length };
      }
      calls.push({ response, exit: r.code, logs: r.stderr.split('\n').filter(Boolean), stderr: r.stderr });
    }
  } catch (e) {
    calls.push({ error: e.message, logs: [] });
  }
  const secrets = vector.calls.map((c) => c.context && c.context.token && c.context.token.access_token);
  return { calls, secrets: secrets.filter((s) => typeof s === 'string' && s.length >= 8) };
}

async function main() {
  const i = process.argv.indexOf('--filter');
  const filter = i > 0 ? process.argv[i + 1] : '';
  const results = [];
  for (const vector of loadVectors().filter((v) => v.name.includes(filter))) {
    const na = notApplicable(vector, HOST);
    if (na) results.push({ name: vector.name, notApplicable: na });
    else results.push({ name: vector.name, failures: judge(vector, HOST, await play(vector)) });
  }
  process.stdout.write(`# ${HOST}: ${WASMTIME}\n`);
  process.exit(report(HOST, results) ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`run-wasi-command: ${e.stack || e}\n`);
  process.exit(2);
});

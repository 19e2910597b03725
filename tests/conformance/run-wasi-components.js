#!/usr/bin/env node
// The conformance runner of the wasi:http components, under the real wasmtime CLI
// against the loopback emulators (fresh ones per vector):
//
//   --host wasi-cli    build/wasi/.../<h>.cli.wasm: one `wasmtime run -S http
//                      --env YCFN_CONTEXT=<context> [--env ...] <h>.cli.wasm < event`
//                      per call, or one `--jsonl` batch for a vector whose calls
//                      differ only in requestId (one instance: its token cache
//                      lasts the vector); concurrent calls run in turn
//   --host wasi-serve  build/wasi/.../<h>.http.wasm: one `wasmtime serve -S cli
//                      --max-instance-reuse-count 1000` per vector (instances kept, so
//                      is the token cache); each call POSTs its event to
//                      /?integration=raw, which hands the body to the handler as the
//                      event and answers the result as the body (200): that body is
//                      the function's answer the judge reads. No invocation context
//                      reaches a served request: a deadline shared by the calls is
//                      the server's YCFN_TIMEOUT_MS; vectors whose calls carry more
//                      (a token) are not applicable there.
//
//   node tests/conformance/run-wasi-components.js --host wasi-cli|wasi-serve [--filter <substring>]
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { loadVectors, notApplicable, callsFor, batches, hostEnv, contextFor } = require('./lib/vectors');
const { judge } = require('./lib/judge');
const { report } = require('./lib/report');
const { guard } = require('./lib/watchdog');
const { startVectorEmulators } = require('./lib/emulators');

const REPO = path.resolve(__dirname, '..', '..');
const BUILD = process.env.YCFN_WASI_BUILD_DIR || path.join(REPO, 'build', 'wasi');
const WASMTIME = process.env.YCFN_WASMTIME || path.join(REPO, '.tools', 'venv', 'bin', 'wasmtime');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function componentFor(handler, kind) {
  const file = handler.startsWith('example:')
    ? path.join(BUILD, 'examples', handler.slice(8), `${handler.slice(8)}.${kind}.wasm`)
    : path.join(BUILD, 'tests', 'handlers', `test-${handler}.${kind}.wasm`);
  if (!fs.existsSync(file)) throw new Error(`${file} is not built`);
  return file;
}

function envArgs(env) {
  const args = [];
  for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
  return args;
}

function runCli(args, stdin) {
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

function parseLine(stdout) {
  const lines = stdout.split('\n').filter(Boolean);
  if (lines.length > 1) return { tooManyLines: lines.length };
  if (lines.length === 0) return undefined;
  try {
    return JSON.parse(lines[0]);
  } catch (e) {
    return { unparsable: lines[0].slice(0, 200) };
  }
}

// `wasmtime serve` on a port the system picks (port 0), ready when it says it is
// serving and on which port; `text` is its stderr so far. (A port found free
// beforehand could be taken by another runner's emulator before wasmtime binds
// it: the runners play their vectors at the same time.)
async function startServe(module, env) {
  const args = ['serve', '-S', 'cli', '--addr', '127.0.0.1:0', '--max-instance-reuse-count', '1000'];
  const child = spawn(WASMTIME, [...args, ...envArgs(env), module], { stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { port: 0, child, text: '' };
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      server.text += d;
      const serving = /Serving HTTP on http:\/\/127\.0\.0\.1:(\d+)\//.exec(server.text);
      if (serving) {
        server.port = Number(serving[1]);
        resolve();
      }
    });
    child.on('close', () => reject(new Error(`wasmtime serve ended: ${server.text.slice(-500)}`)));
  });
  return server;
}

function post(port, body) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/?integration=raw', headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', (e) => resolve({ error: `request: ${e.message}` }));
    req.end(body);
  });
}

// A raw-integration answer -> the function's answer: the body is its result text.
function served(reply) {
  // wasmtime's own answer (a trapped instance: 500) is not JSON: its body is kept
  // as rawBody and `body` is JSON null, so the judge reads no errorType from it.
  if (reply.status !== 200) {
    let json = true;
    try {
      JSON.parse(reply.text);
    } catch (e) {
      json = false;
    }
    return { statusCode: reply.status, body: json ? reply.text : 'null', rawBody: reply.text, servedBy: 'platform' };
  }
  try {
    return JSON.parse(reply.text);
  } catch (e) {
    return { unparsable: reply.text.slice(0, 200) };
  }
}

// Why a vector cannot be served, or null: a served request has no invocation
// context, so only a deadline shared by every call can be given (as the
// server's YCFN_TIMEOUT_MS, the per-request budget).
function unservable(calls) {
  if (calls.some((c) => Object.keys(c.context || {}).some((k) => k !== 'requestId'))) {
    return 'wasmtime serve: a served request carries no invocation context (a token, other fields)';
  }
  if (calls.some((c) => c.deadlineInMs !== calls[0].deadlineInMs)) {
    return 'wasmtime serve: calls with different deadlines (the server has one YCFN_TIMEOUT_MS)';
  }
  return null;
}

// Calls that differ only in requestId and share one deadlineInMs play as one
// `--jsonl` batch: one instance, so its token cache lasts the whole vector (as an
// instance does on the platform). Their log lines are shared, as concurrent calls'.
function oneBatch(calls) {
  if (calls.length < 2) return false;
  const plain = (c) => Object.keys(c.context || {}).every((k) => k === 'requestId');
  // A call expected to end the process (a trap) ends a batch too: such vectors
  // play one process per call, as on the WASI command.
  return calls.every((c) => plain(c) && c.deadlineInMs === calls[0].deadlineInMs && c.expect.exit === undefined);
}

async function playCli(vector, env, host, calls) {
  const module = componentFor(vector.handler, 'cli');
  const list = callsFor(vector, host);
  const eventText = (call) => JSON.stringify(call.event === undefined ? {} : call.event);
  if (oneBatch(list)) {
    const context = contextFor({ ...list[0], context: { requestId: 'batch' } }, Date.now());
    const args = ['run', '-S', 'http', '--env', `YCFN_CONTEXT=${JSON.stringify(context)}`, ...envArgs(env), module, '--jsonl'];
    const r = await guard(runCli(args, list.map(eventText).join('\n') + '\n'), 'the batch');
    if (r.error) {
      calls.push({ error: r.error, logs: [] });
      return;
    }
    const lines = r.stdout.split('\n').filter(Boolean);
    const logs = r.stderr.split('\n').filter(Boolean);
    list.forEach((call, i) => calls.push({ response: i < lines.length ? parseLine(lines[i]) : undefined, exit: r.code, logs, stderr: r.stderr }));
    return;
  }
  for (const call of list) {
    const context = contextFor(call, Date.now());
    const args = ['run', '-S', 'http', '--env', `YCFN_CONTEXT=${JSON.stringify(context)}`, ...envArgs(env), module];
    const r = await guard(runCli(args, eventText(call)), `call ${calls.length + 1}`);
    if (r.error) calls.push({ error: r.error, logs: [] });
    else calls.push({ response: parseLine(r.stdout), exit: r.code, logs: r.stderr.split('\n').filter(Boolean), stderr: r.stderr });
  }
}

async function playServe(vector, env, host, calls) {
  const list = callsFor(vector, host);
  if (list.length && list[0].deadlineInMs !== undefined) env = { ...env, YCFN_TIMEOUT_MS: String(list[0].deadlineInMs) };
  const server = await startServe(componentFor(vector.handler, 'http'), env);
  const seen = [];
  try {
    for (const batch of batches(list)) {
      const replies = await Promise.all(
        batch.map((call, i) =>
          guard(post(server.port, JSON.stringify(call.event === undefined ? {} : call.event)), `call ${seen.length + i + 1}`),
        ),
      );
      seen.push(...replies);
    }
  } finally {
    // wasmtime forwards the guest's stderr on its own schedule, after the answer
    // at times: the log is complete once the server has ended (stderr closed).
    const closed = new Promise((resolve) => server.child.on('close', resolve));
    server.child.kill();
    await closed;
  }
  // wasmtime serve prefixes the guest's lines with "stderr [<instance>] :: ".
  // Every call gets the vector's lines (which call wrote a line is not known);
  // wasmtime's own "Serving HTTP on ..." banner is no call's log.
  const logs = server.text
    .split('\n')
    .filter((line) => line && !line.startsWith('Serving HTTP on '))
    .map((line) => line.replace(/^std(?:err|out) \[\d+\] :: /, ''));
  for (const r of seen) calls.push(r.error ? { error: r.error, logs: [] } : { response: served(r), logs });
}

async function play(vector, host) {
  const emulators = await startVectorEmulators();
  const { md, places } = emulators;
  const calls = [];
  try {
    emulators.configure(vector);
    if (vector.inject) throw new Error(`this runner cannot inject ${vector.inject}: mark the vector notOn this host`);
    const env = hostEnv(vector, places);
    if (host === 'wasi-cli') await playCli(vector, env, host, calls);
    else await playServe(vector, env, host, calls);
  } catch (e) {
    calls.push({ error: e.message, logs: [] });
  }
  const secrets = [md.token, ...vector.calls.map((c) => c.context && c.context.token && c.context.token.access_token)];
  const observation = {
    calls,
    ...emulators.requests(),
    metadataToken: md.token,
    secrets: secrets.filter((s) => typeof s === 'string' && s.length >= 8),
  };
  await emulators.close();
  return observation;
}

async function main() {
  const host = arg('--host', 'wasi-cli');
  if (host !== 'wasi-cli' && host !== 'wasi-serve') throw new Error(`--host wasi-cli or wasi-serve, not ${host}`);
  const filter = arg('--filter', '');
  const results = [];
  for (const vector of loadVectors().filter((v) => v.name.includes(filter))) {
    let na = notApplicable(vector, host);
    if (!na && host === 'wasi-serve') na = unservable(callsFor(vector, host));
    if (na) results.push({ name: vector.name, notApplicable: na });
    else results.push({ name: vector.name, failures: judge(vector, host, await play(vector, host)) });
  }
  process.stdout.write(`# ${host}: ${WASMTIME}\n`);
  process.exit(report(host, results) ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`run-wasi-components: ${e.stack || e}\n`);
  process.exit(2);
});

#!/usr/bin/env node
// The conformance runner of the Node host: plays every vector against the test
// functions' `main(event, context)` (build/node/tests/handlers/<name>/function, or
// build/node/examples/<name>/function for "example:<name>") in this Node process, a
// fresh function instance and fresh emulators per vector, and judges the
// observations with lib/judge.js.
//
//   node tests/conformance/run-node.js --host node16|node [--filter <substring>]
//
// The context is passed as plain data (the vector's, with deadlineMs); the host's
// stdout during each call is its log (its stderr is kept for the token check).
'use strict';

const path = require('path');
const fs = require('fs');
const { loadVectors, notApplicable, callsFor, batches, hostEnv, contextFor } = require('./lib/vectors');
const { judge } = require('./lib/judge');
const { report } = require('./lib/report');
const { guard } = require('./lib/watchdog');
const { startVectorEmulators } = require('./lib/emulators');
// Each vector loads its function afresh and forgets it after (its wasm memory freed).
const { loadFresh, forgetFunction } = require('../../bindings-node/test-support/fresh-module');

const REPO = path.resolve(__dirname, '..', '..');
const BUILD = process.env.YCFN_BUILD_NODE || path.join(REPO, 'build', 'node');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function functionDir(handler) {
  const dir = handler.startsWith('example:')
    ? path.join(BUILD, 'examples', handler.slice('example:'.length), 'function')
    : path.join(BUILD, 'tests', 'handlers', handler, 'function');
  if (!fs.existsSync(path.join(dir, 'index.js'))) throw new Error(`${dir}/index.js is not built`);
  return dir;
}

// Everything written to stdout (the host's log lines) and to stderr while `fn`
// runs: the judge looks for a token in both, as a subprocess runner does.
async function capturingOutput(fn) {
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write };
  const text = { stdout: '', stderr: '' };
  for (const name of Object.keys(saved)) {
    process[name].write = (chunk, ...rest) => {
      text[name] += chunk;
      const cb = rest.find((r) => typeof r === 'function');
      if (cb) cb();
      return true;
    };
  }
  try {
    return { value: await fn(), text };
  } finally {
    for (const [name, write] of Object.entries(saved)) process[name].write = write;
  }
}

async function play(vector, host) {
  const emulators = await startVectorEmulators();
  const { md, places } = emulators;
  const savedEnv = { ...process.env };
  const calls = [];
  let dir;
  try {
    emulators.configure(vector);
    const env = hostEnv(vector, places);
    delete process.env.YC_METADATA_ADDR;
    delete process.env.GCE_METADATA_HOST;
    Object.assign(process.env, env);
    if (vector.inject) throw new Error(`this runner cannot inject ${vector.inject}: mark the vector notOn this host`);
    dir = functionDir(vector.handler);
    const fn = loadFresh(dir);
    // A batch of concurrent calls shares one capture: each of them gets all its lines.
    for (const batch of batches(callsFor(vector, host))) {
      const { value, text } = await capturingOutput(() =>
        Promise.all(
          batch.map((call, i) => {
            const context = contextFor(call, Date.now());
            const event = call.event === undefined ? {} : call.event;
            const answer = Promise.resolve(fn.main(event, context)).then((response) => ({ response }));
            return guard(answer, `call ${calls.length + i + 1}`);
          }),
        ),
      );
      for (const seen of value) calls.push({ ...seen, logs: text.stdout.split('\n').filter(Boolean), stderr: text.stderr });
    }
  } catch (e) {
    calls.push({ error: e.message, logs: [] });
  } finally {
    if (dir) forgetFunction(dir);
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
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
  const host = arg('--host', 'node');
  const filter = arg('--filter', '');
  const results = [];
  for (const vector of loadVectors().filter((v) => v.name.includes(filter))) {
    const na = notApplicable(vector, host);
    if (na) {
      results.push({ name: vector.name, notApplicable: na });
      continue;
    }
    const observation = await play(vector, host);
    results.push({ name: vector.name, failures: judge(vector, host, observation) });
  }
  process.stdout.write(`# ${host}: Node ${process.version}\n`);
  const ok = report(host, results);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`run-node: ${e.stack || e}\n`);
  process.exit(2);
});

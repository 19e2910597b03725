#!/usr/bin/env node
// Runs a WASI command module under Node's built-in node:wasi, the way
// `wasmtime run` does, so the tests can compare the two byte for byte:
//
//   node node_wasi_run.js [--env NAME=VALUE]... <module.wasm> [module args...]
//
// Like wasmtime, the module sees only the environment variables named with
// --env. stdin, stdout and stderr are the process's. Exit status: the module's;
// a trap prints one line "node-wasi: <reason>" on stderr and exits 134.
//
// Node >= 20: require('node:wasi') with version 'preview1'.
// Node 16.14.1 (the nodejs16 runtime): run with
// `--experimental-wasi-unstable-preview1`; it has no `version` option.
'use strict';

const fs = require('fs');
// Node 20's node:wasi answers wasm's calls through V8 fast API callbacks, and
// its fd_write may allocate and so trigger a garbage collection inside one,
// which fast callbacks must never do: with a 2 MB event (its allocations bring
// a GC into that window) the process died of SIGABRT in uv_mutex_destroy (the
// WASI object collected mid-call) or of a segfault after it, without a word.
// Without fast API calls the same imports take the ordinary, GC-safe path.
// Set before any wasm import wrapper is compiled; harmless on Node 16.
require('v8').setFlagsFromString('--no-turbo-fast-api-calls');
let WASI;
try {
  ({ WASI } = require('wasi'));
} catch (error) {
  process.stderr.write(`node-wasi: node:wasi is not available (${error.message.split('\n')[0]}); ` +
                       'Node 16 needs --experimental-wasi-unstable-preview1\n');
  process.exit(2);
}

function usage(reason) {
  process.stderr.write(`node-wasi: ${reason}\nusage: node node_wasi_run.js [--env NAME=VALUE]... <module.wasm> [args...]\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const env = {};
while (argv.length > 0 && argv[0] === '--env') {
  argv.shift();
  const pair = argv.shift();
  if (pair === undefined || pair.indexOf('=') <= 0) usage('--env needs NAME=VALUE');
  const at = pair.indexOf('=');
  env[pair.slice(0, at)] = pair.slice(at + 1);
}
if (argv.length === 0) usage('no module given');
const modulePath = argv[0];

const major = Number(process.versions.node.split('.')[0]);
const options = { args: argv, env, preopens: {}, returnOnExit: true };
if (major >= 19) options.version = 'preview1';
const wasi = new WASI(options);

let code;
try {
  const module = new WebAssembly.Module(fs.readFileSync(modulePath));
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport });
  code = wasi.start(instance);
} catch (error) {
  const reason = error instanceof WebAssembly.RuntimeError ? `wasm trap: ${error.message}` : String(error.message || error);
  process.stderr.write(`node-wasi: ${reason.split('\n')[0]}\n`);
  process.exit(134);
}
process.exit(typeof code === 'number' ? code : 0);

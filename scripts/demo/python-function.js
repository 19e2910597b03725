// The demo's Python column: each example's python-function.zip run the way the
// platform's python311 runtime runs it. One fresh virtual environment of the
// machine's Python 3.11 gets the ZIP's requirements.txt (pip, from PyPI), each
// ZIP is unpacked into its own folder, and one Python process per example
// imports `index` once and calls `index.handler(event, context)` for every
// call, in order (bindings-wasi/python-function/test/platform_runner.py plays
// the runtime: its context object is shaped like the platform's).
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const RUNNER = path.join(ROOT, 'bindings-wasi/python-function/test/platform_runner.py');
const PIP_PYTHON = path.join(ROOT, '.tools/venv/bin/python');

function run(command, args, options) {
  const out = childProcess.spawnSync(command, args, { encoding: 'utf8', ...options });
  if (out.error) throw new Error(`${command}: ${out.error.message}`);
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${out.status}\n${out.stderr}`);
  return out.stdout;
}

// A fresh virtual environment with the requirements of `zip`; returns its python.
function freshVenv(zip) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ycfn-demo-venv-'));
  const python311 = process.env.YCFN_PYTHON311 || 'python3.11';
  // Without a pip of its own (ensurepip takes seconds): the project's pip installs into it.
  run(python311, ['-m', 'venv', '--without-pip', dir]);
  const requirements = path.join(dir, 'requirements.txt');
  fs.writeFileSync(requirements, run(PIP_PYTHON, ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("requirements.txt").decode())', zip]));
  run(PIP_PYTHON, ['-m', 'pip', '--python', path.join(dir, 'bin/python'), 'install', '-q', '--disable-pip-version-check', '-r', requirements]);
  return { python: path.join(dir, 'bin/python'), dir };
}

function zipOf(example) {
  return path.join(ROOT, 'build/wasi/examples', example, 'python-function.zip');
}

// Calls of one example, in order, in one Python process (calls after the first are warm).
// Each call: {event, context: {requestId, token?}}; answers [{result, ms}] in the calls' order.
function runPython(venv, example, calls, env) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `ycfn-demo-${example}-`));
  run(venv.python, ['-m', 'zipfile', '-e', zipOf(example), folder]);
  const lines = calls.map((call) => JSON.stringify({
    event: call.event,
    context: {
      request_id: call.context.requestId,
      function_name: example,
      function_version: 'demo',
      memory_limit_in_mb: 128,
      remaining_ms: 10000,
      ...(call.context.token ? { token: call.context.token } : {}),
    },
  }));
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(venv.python, [RUNNER], { cwd: folder, env: { ...process.env, ...env } });
    const results = [];
    let pending = '';
    let stderr = '';
    let started = process.hrtime.bigint();
    const next = () => {
      if (results.length === lines.length) {
        child.stdin.end();
        return;
      }
      started = process.hrtime.bigint();
      child.stdin.write(`${lines[results.length]}\n`);
    };
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith('@@raised ')) {
          reject(new Error(`python ${example}: handler raised ${line.slice(9)}`));
          child.kill();
          return;
        }
        if (!line.startsWith('@@result ')) continue;  // the function's logs
        results.push({ result: JSON.parse(line.slice(9)), ms: Number(process.hrtime.bigint() - started) / 1e6 });
        next();
      }
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(folder, { recursive: true, force: true });
      if (results.length === lines.length) resolve(results);
      else reject(new Error(`python ${example}: exit ${code} after ${results.length} of ${lines.length} calls\n${stderr}`));
    });
    next();
  });
}

module.exports = { freshVenv, runPython, zipOf };

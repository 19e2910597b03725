// The function's instance: one child process (child.js) under the chosen Node,
// serving one invocation at a time as the platform does by default; calls that
// arrive meanwhile wait in order. Past the timeout the process is killed and the
// call ends as a timeout; a process that dies is replaced by a fresh one on the
// next call. Outcomes are plain objects; the HTTP semantics turn them into
// responses (semantics.js).
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');

const CHILD = path.join(__dirname, 'child.js');

class Instance {
  // opts: {node, dir, entry, env, memoryMb, timeoutMs, nodePath, metadataAddress,
  //        metadataRoute: {host, port} | null, semanticsModule, log, warn}
  constructor(opts) {
    this.opts = opts;
    this.child = null; // {proc, ready: Promise<outcome|null>, exited}
    this.current = null; // request id being served, for log lines
    this.last = null;
    this.tail = Promise.resolve();
    this.closed = false;
  }

  // Queues one call. Resolves one of
  //   {kind: 'result', result}  {kind: 'thrown', errorMessage, errorType, stackTrace}
  //   {kind: 'timeout', timeout_ms}  {kind: 'exit', message}  {kind: 'init', message}
  invoke(eventText, context) {
    const run = this.tail.then(() => this._run(eventText, context));
    this.tail = run.catch(() => {});
    return run;
  }

  // Starts the process ahead of the first call (so load errors show at once).
  warm() {
    this.tail = this.tail.then(() => this._ensureChild()).then(
      () => {},
      () => {},
    );
  }

  close() {
    this.closed = true;
    if (this.child) this.child.proc.kill('SIGKILL');
  }

  _env() {
    const env = { PATH: process.env.PATH || '/usr/bin:/bin', ...this.opts.env };
    if (this.opts.nodePath) env.NODE_PATH = this.opts.nodePath;
    if (this.opts.metadataAddress) env.YC_METADATA_ADDR = this.opts.metadataAddress;
    return env;
  }

  // Resolves null when a process is ready, else the outcome to answer with.
  _ensureChild() {
    if (this.child && !this.child.exited && !this.child.retired) return this.child.ready;
    const { node, dir, entry, memoryMb, warn, semanticsModule, metadataRoute } = this.opts;
    if (!fs.existsSync(node)) {
      const message = `Node not found at ${node}: run scripts/setup.sh, or pass --node <path to a node binary>`;
      warn(message);
      return Promise.resolve({ kind: 'init', message });
    }
    const args = [`--max-old-space-size=${memoryMb}`, CHILD, dir, entry, semanticsModule, JSON.stringify(metadataRoute || null)];
    const proc = spawn(node, args, {
      cwd: dir,
      env: this._env(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const child = { proc, exited: false, retired: false, exitInfo: null, listeners: new Set() };
    this.child = child;
    const retire = () => this._retire(child);
    for (const stream of [proc.stdout, proc.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        // Output that trails a call's answer still belongs to that call.
        this.opts.log.line(line, this.current || this.last);
      });
    }
    proc.on('message', (m) => child.listeners.forEach((l) => l.message(m)));
    const onGone = (info) => {
      if (child.exited) return;
      child.exited = true;
      child.exitInfo = info;
      child.listeners.forEach((l) => l.exit(info));
    };
    proc.on('exit', (code, signal) => onGone(signal ? `killed by ${signal}` : `exit code ${code}`));
    proc.on('error', (e) => onGone(`cannot start ${node}: ${e.message}`));

    child.ready = new Promise((resolve) => {
      const listener = {
        message(m) {
          if (m.type === 'ready') {
            child.listeners.delete(listener);
            resolve(null);
          } else if (m.type === 'init-error') {
            child.listeners.delete(listener);
            warn(`cannot load ${entry} from ${dir}: ${m.message}`);
            retire();
            resolve({ kind: 'init', message: m.message });
          }
        },
        exit(info) {
          child.listeners.delete(listener);
          warn(`the function's process stopped while loading ${entry}: ${info}`);
          resolve({ kind: 'init', message: `the process stopped while loading: ${info}` });
        },
      };
      child.listeners.add(listener);
    });
    return child.ready;
  }

  // Stops a process for good: the next call starts a fresh one at once, without
  // waiting for the old one's exit event.
  _retire(child) {
    child.retired = true;
    if (this.child === child) this.child = null;
    child.proc.kill('SIGKILL');
  }

  async _run(eventText, context) {
    if (this.closed) return { kind: 'exit', message: 'the server is stopping' };
    const notReady = await this._ensureChild();
    if (notReady) return notReady;
    const child = this.child;
    const { timeoutMs, log, memoryMb } = this.opts;
    const id = context.requestId;
    this.current = id;
    log.start(id, context.functionVersion);
    const started = process.hrtime.bigint();
    const outcome = await new Promise((resolve) => {
      const timer = setTimeout(() => {
        finish({ kind: 'timeout', timeout_ms: timeoutMs });
        this._retire(child);
      }, timeoutMs);
      const listener = {
        message(m) {
          if (m.id !== id) return;
          if (m.type === 'result') finish({ kind: 'result', result: m.result });
          if (m.type === 'error') {
            finish({ kind: 'thrown', errorMessage: m.errorMessage, errorType: m.errorType, stackTrace: m.stackTrace });
          }
        },
        exit(info) {
          finish({ kind: 'exit', message: info });
        },
      };
      function finish(o) {
        clearTimeout(timer);
        child.listeners.delete(listener);
        resolve(o);
      }
      child.listeners.add(listener);
      child.proc.send({ type: 'invoke', id, event: eventText, context, deadlineMs: Date.now() + timeoutMs });
    });
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (outcome.kind === 'timeout') log.line(`Function timed out after ${timeoutMs} ms; the instance is replaced`, id);
    if (outcome.kind === 'exit') log.line(`Function instance stopped: ${outcome.message}; the instance is replaced`, id);
    if (outcome.kind === 'thrown') {
      log.line(JSON.stringify({ level: 'ERROR', msg: `${outcome.errorType}: ${outcome.errorMessage}` }), id);
    }
    log.end(id, durationMs, memoryMb);
    this.last = id;
    this.current = null;
    return outcome;
  }
}

module.exports = { Instance };

// Starts benchmark workers (bench/lib/worker.js) under a given Node binary and
// sends them commands, one at a time.
'use strict';

const childProcess = require('child_process');
const path = require('path');
const { NODE_PATH } = require('./common');

class Worker {
  constructor(nodeBinary, env = {}) {
    this.child = childProcess.fork(path.join(__dirname, 'worker.js'), [], {
      execPath: nodeBinary,
      env: { ...process.env, NODE_PATH, ...env },
      // The functions' own stdout (ycfn log lines) is not the benchmark's business.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.pending = null;
    this.child.on('message', (msg) => {
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (msg.ok) p.resolve(msg);
      else p.reject(new Error(msg.error));
    });
    this.child.on('exit', (code) => {
      const p = this.pending;
      this.pending = null;
      if (p) p.reject(new Error(`benchmark worker exited with ${code}`));
    });
  }

  send(cmd) {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(cmd);
    });
  }

  async close() {
    if (this.child.exitCode === null) {
      await this.send({ cmd: 'exit' }).catch(() => {});
    }
  }
}

async function startWorker(nodeBinary, dir, { env, probe } = {}) {
  const w = new Worker(nodeBinary, env);
  const loaded = await w.send({ cmd: 'load', dir, probe: Boolean(probe) });
  w.nodeVersion = loaded.node;
  return w;
}

module.exports = { startWorker };

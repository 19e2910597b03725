#!/usr/bin/env node
// The emulators as a subprocess, for suites not written in JS (Python) and scripts:
//
//   node bindings-node/emulators/cli.js [--only metadata,compute,other,connections] [--mode M] [--token T]
//        [--expires-in S] [--status N] [--delay-ms N] [--failures N] [--size N]
//
// starts the metadata service (options: its mode, as in metadata.js), the Compute
// API, another origin (a redirect target) and the WebSocket connections API, then
// a control server, each on its own loopback port (--only also takes lockbox,
// storage and docapi: the Lockbox payload API, Object Storage and the Document
// API), and prints one line per server on stdout:
//
//   listening metadata 40123
//   listening compute 40124
//   listening other 40125
//   listening connections 40127
//   listening control 40126          (always last: once printed, all are ready)
//
// Control API (JSON bodies and answers), on the control port:
//   POST /_control/<server>              configure: the server's configure() (metadata.js,
//                                        compute.js, lockbox.js, storage.js, docapi.js)
//   GET  /_control/requests[?server=S]   recorded requests {S: [...]} (or [...] for one)
//   GET  /_control/wait?server=S&n=N     answers once S has recorded N requests
//   GET  /_control/stats                 metadata stats, compute stops, connection sends and
//                                        closes, lockbox reads, storage keys per bucket,
//                                        docapi items per table
//   POST /_control/reset[?server=S]      forget requests and counts
// It serves until stdin closes or SIGTERM/SIGINT (so a killed parent leaves nothing).
// bindings-node/emulators/client.py is the Python client.
'use strict';

const { startMetadata } = require('./metadata');
const { startCompute, startOther } = require('./compute');
const { startLockbox } = require('./lockbox');
const { startStorage } = require('./storage');
const { startDocapi } = require('./docapi');
const { startConnections } = require('./connections');
const { startServer, sendJson } = require('./server');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const value = argv[++i];
    if (value === undefined) throw new Error(`${a} needs a value`);
    out[key] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

async function main() {
  const { only = 'metadata,compute,other,connections', ...metadataOptions } = parseArgs(process.argv.slice(2));
  const names = String(only).split(',');
  const servers = {};
  for (const name of names) {
    if (name === 'metadata') servers.metadata = await startMetadata(metadataOptions);
    else if (name === 'compute') servers.compute = await startCompute();
    else if (name === 'other') servers.other = await startOther();
    else if (name === 'lockbox') servers.lockbox = await startLockbox();
    else if (name === 'storage') servers.storage = await startStorage();
    else if (name === 'docapi') servers.docapi = await startDocapi();
    else if (name === 'connections') servers.connections = await startConnections();
    else throw new Error(`unknown server ${name} (metadata, compute, other, connections, lockbox, storage, docapi)`);
  }
  const pick = (url) => {
    const name = url.searchParams.get('server');
    if (name && !servers[name]) throw new Error(`no server ${name}`);
    return name;
  };
  const control = await startServer('control', {
    handle: (req, res) => sendJson(res, 404, { error: 'control paths start with /_control/' }),
    async control(req, res, url, body) {
      try {
        const route = url.pathname.slice('/_control/'.length);
        if (req.method === 'POST' && servers[route]) {
          return sendJson(res, 200, servers[route].configure(body ? JSON.parse(body) : {}));
        }
        if (req.method === 'GET' && route === 'requests') {
          const name = pick(url);
          if (name) return sendJson(res, 200, servers[name].requests);
          return sendJson(res, 200, Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.requests])));
        }
        if (req.method === 'GET' && route === 'wait') {
          const name = pick(url);
          if (!name) throw new Error('wait needs ?server=');
          const n = Number(url.searchParams.get('n') || 1);
          return sendJson(res, 200, await servers[name].waitForRequests(n));
        }
        if (req.method === 'GET' && route === 'stats') {
          return sendJson(res, 200, {
            metadata: servers.metadata ? servers.metadata.stats : null,
            computeStops: servers.compute ? servers.compute.stops : null,
            lockboxReads: servers.lockbox ? servers.lockbox.reads : null,
            storage: servers.storage ? servers.storage.contents() : null,
            docapi: servers.docapi ? servers.docapi.contents() : null,
            connectionSends: servers.connections
              ? servers.connections.sends.map((x) => ({ ...x, data: x.data.toString('base64') }))
              : null,
            connectionCloses: servers.connections ? servers.connections.closes : null,
          });
        }
        if (req.method === 'POST' && route === 'reset') {
          const name = pick(url);
          for (const [k, s] of Object.entries(servers)) if (!name || k === name) s.resetStats();
          return sendJson(res, 200, {});
        }
        return sendJson(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
      } catch (e) {
        return sendJson(res, 400, { error: e.message });
      }
    },
  });
  for (const [name, s] of Object.entries(servers)) process.stdout.write(`listening ${name} ${s.port}\n`);
  process.stdout.write(`listening control ${control.port}\n`);
  const stop = () => Promise.all([control, ...Object.values(servers)].map((s) => s.close())).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e) => {
  process.stderr.write(`emulators: ${e.message}\n`);
  process.exit(2);
});

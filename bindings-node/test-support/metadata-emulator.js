#!/usr/bin/env node
// A local stand-in for the metadata service's token endpoint, for tests and the demo.
//
//   GET /computeMetadata/v1/instance/service-accounts/default/token
//   (request header `Metadata-Flavor: Google` required, else 403)
//
// It listens on 127.0.0.1 only, on a random port unless told otherwise, counts every
// request, and answers according to a switchable mode (MODES below). Point a ycfn
// function at it with YC_METADATA_ADDR=127.0.0.1:<port>.
//
// Programmatic use (tests):
//   const { startEmulator } = require('./metadata-emulator');
//   const emu = await startEmulator({ mode: 'ok', expiresIn: 3600 });
//   emu.address            // '127.0.0.1:40123'
//   emu.setMode('status', { status: 404 });
//   emu.stats              // { tokenRequests, redirectTargetHits, missingFlavor, otherRequests }
//   await emu.close();
//
// Command line (demo):
//   node metadata-emulator.js --port 0 --mode ok [--expires-in 3600] [--token T]
//        [--status N] [--delay-ms N] [--failures N]
// prints one JSON line {"address": "127.0.0.1:PORT", "port": PORT, "mode": "ok"} and
// serves until killed. A control API on the same port lets a script switch modes:
//   POST /_emulator/mode?mode=status&status=503    GET /_emulator/stats
'use strict';

const http = require('http');
const crypto = require('crypto');

const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';
const REDIRECT_TARGET = '/redirect-target';

// mode -> what the token endpoint answers
const MODES = {
  ok: '200 with a valid token reply {access_token, expires_in, token_type: "Bearer"}',
  status: 'an empty-bodied reply with opts.status (e.g. 400, 403, 404, 429, 500, 503)',
  'not-found': '404 (no service account attached)',
  forbidden: '403',
  'server-error': '500',
  'unavailable-then-ok': '503 for the first opts.failures (default 1) requests, then ok',
  redirect: '302 to /redirect-target (which counts its hits and serves a valid token)',
  'wrong-flavor': '200 with a valid token body but `Metadata-Flavor: Other`',
  garbage: '200 with a non-JSON body that contains the token',
  truncated: '200 with a JSON reply cut in the middle of the token',
  body: '200 with opts.body as the raw body (bad fields, wrong types...)',
  huge: '200 with a body of opts.size bytes (default 1 MiB) that begins like a token reply',
  hang: 'accepts the request and never answers',
  'hang-body': 'sends 200 headers and part of the body, then never finishes',
  slow: 'ok after opts.delayMs (default 1000) ms',
  reset: 'destroys the connection without answering (a network error)',
};

// A token shaped like Yandex's: t1.<base64url>.<86 base64url chars>.
function makeToken() {
  const b64url = (n) => crypto.randomBytes(n).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `t1.${b64url(48)}.${b64url(66).slice(0, 86)}`;
}

function startEmulator(options = {}) {
  const state = {
    mode: options.mode || 'ok',
    opts: { ...options },
    token: options.token || makeToken(),
    expiresIn: options.expiresIn === undefined ? 3600 : options.expiresIn,
    stats: { tokenRequests: 0, redirectTargetHits: 0, missingFlavor: 0, otherRequests: 0, served: 0 },
  };
  const sockets = new Set();
  const timers = new Set();

  const tokenBody = () =>
    JSON.stringify({ access_token: state.token, expires_in: state.expiresIn, token_type: 'Bearer' });

  function send(res, status, body, headers = {}) {
    res.writeHead(status, {
      'Metadata-Flavor': 'Google',
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }

  function later(ms, fn) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function answerToken(req, res) {
    const o = state.opts;
    switch (state.mode) {
      case 'ok':
        return send(res, 200, tokenBody());
      case 'status':
        return send(res, o.status || 500, '');
      case 'not-found':
        return send(res, 404, 'not found\n', { 'Content-Type': 'text/plain' });
      case 'forbidden':
        return send(res, 403, 'forbidden\n', { 'Content-Type': 'text/plain' });
      case 'server-error':
        return send(res, 500, 'internal error\n', { 'Content-Type': 'text/plain' });
      case 'unavailable-then-ok': {
        const failures = o.failures === undefined ? 1 : o.failures;
        if (state.stats.tokenRequests <= failures) return send(res, 503, 'unavailable\n');
        return send(res, 200, tokenBody());
      }
      case 'redirect':
        return send(res, 302, '', { Location: `http://${req.headers.host}${REDIRECT_TARGET}` });
      case 'wrong-flavor':
        return send(res, 200, tokenBody(), { 'Metadata-Flavor': 'Other' });
      case 'garbage':
        return send(res, 200, `<html>not json ${state.token}</html>`, { 'Content-Type': 'text/html' });
      case 'truncated': {
        const full = tokenBody();
        return send(res, 200, full.slice(0, full.indexOf(state.token) + 10));
      }
      case 'body':
        return send(res, 200, typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
      case 'huge': {
        const size = o.size || 1024 * 1024;
        const head = `{"access_token":"${state.token}","expires_in":3600,"token_type":"Bearer","pad":"`;
        const body = head + 'x'.repeat(Math.max(0, size - head.length - 2)) + '"}';
        return send(res, 200, body);
      }
      case 'hang':
        return undefined; // never answer
      case 'hang-body': {
        const body = tokenBody();
        res.writeHead(200, { 'Metadata-Flavor': 'Google', 'Content-Length': Buffer.byteLength(body) + 100 });
        res.write(body.slice(0, 20));
        return undefined;
      }
      case 'slow':
        return later(o.delayMs === undefined ? 1000 : o.delayMs, () => {
          if (!res.destroyed) send(res, 200, tokenBody());
        });
      case 'reset':
        return req.socket.destroy();
      default:
        return send(res, 500, `unknown emulator mode ${state.mode}\n`);
    }
  }

  function control(req, res, url) {
    if (url.pathname === '/_emulator/stats') return send(res, 200, JSON.stringify({ mode: state.mode, ...state.stats }));
    if (url.pathname === '/_emulator/mode' && req.method === 'POST') {
      const o = {};
      for (const [k, v] of url.searchParams) if (k !== 'mode') o[k.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = /^\d+$/.test(v) ? Number(v) : v;
      api.setMode(url.searchParams.get('mode') || 'ok', o);
      return send(res, 200, JSON.stringify({ mode: state.mode }));
    }
    if (url.pathname === '/_emulator/reset' && req.method === 'POST') {
      api.resetStats();
      return send(res, 200, '{}');
    }
    return send(res, 404, '{}');
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://emulator');
    if (url.pathname.startsWith('/_emulator/')) return control(req, res, url);
    if (url.pathname === REDIRECT_TARGET) {
      state.stats.redirectTargetHits++;
      return send(res, 200, tokenBody());
    }
    if (url.pathname !== TOKEN_PATH || req.method !== 'GET') {
      state.stats.otherRequests++;
      return send(res, 404, 'not found\n', { 'Content-Type': 'text/plain' });
    }
    state.stats.tokenRequests++;
    if (req.headers['metadata-flavor'] !== 'Google') {
      state.stats.missingFlavor++;
      return send(res, 403, 'Missing Metadata-Flavor:Google header.\n', { 'Content-Type': 'text/plain' });
    }
    state.stats.served++;
    return answerToken(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const api = {
    server,
    address: null,
    port: 0,
    get token() {
      return state.token;
    },
    get mode() {
      return state.mode;
    },
    get stats() {
      return { ...state.stats };
    },
    setMode(mode, opts = {}) {
      if (!Object.prototype.hasOwnProperty.call(MODES, mode)) throw new Error(`unknown emulator mode: ${mode}`);
      state.mode = mode;
      state.opts = { ...opts };
      if (opts.expiresIn !== undefined) state.expiresIn = opts.expiresIn;
      if (opts.token !== undefined) state.token = opts.token;
      return api;
    },
    resetStats() {
      for (const k of Object.keys(state.stats)) state.stats[k] = 0;
      return api;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', () => {
      server.off('error', reject);
      api.port = server.address().port;
      api.address = `127.0.0.1:${api.port}`;
      resolve(api);
    });
  });
}

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

if (require.main === module) {
  let args;
  if (process.argv.includes('--help')) {
    process.stdout.write(`usage: metadata-emulator.js [--port N] [--mode M] [--expires-in S] [--token T] [--status N] [--delay-ms N] [--failures N] [--size N]\nmodes:\n${Object.entries(MODES).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
    process.exit(0);
  }
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`metadata-emulator: ${e.message}\nmodes:\n${Object.entries(MODES).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
    process.exit(2);
  }
  const { mode = 'ok', port = 0, ...rest } = args;
  if (!Object.prototype.hasOwnProperty.call(MODES, mode)) {
    process.stderr.write(`metadata-emulator: unknown mode ${mode}\n`);
    process.exit(2);
  }
  startEmulator({ mode, port, ...rest }).then(
    (emu) => {
      process.stdout.write(`${JSON.stringify({ address: emu.address, port: emu.port, mode })}\n`);
      const stop = () => emu.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (e) => {
      process.stderr.write(`metadata-emulator: ${e.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { startEmulator, makeToken, MODES, TOKEN_PATH, REDIRECT_TARGET };

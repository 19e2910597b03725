// The loopback HTTP server every emulator is built on: listens on 127.0.0.1 only,
// records every request (method, path, query, headers, body; `bytes`, the body's
// bytes, is there too but left out of JSON) except the control
// API's, lets tests wait for the Nth request (an event, not a sleep), and closes
// whatever it still holds (hanging replies, timers, sockets) on close().
'use strict';

const http = require('http');

// start(name, { port, handle(req, res, record, server), control(req, res, url, body) })
// resolves { name, port, address, url, requests, waitForRequests(n, filter), later(), close() }.
function startServer(name, { port = 0, handle, control }) {
  const sockets = new Set();
  const timers = new Set();
  const waiters = [];
  const server = http.createServer();
  const api = {
    name,
    server,
    port: 0,
    address: null,
    url: null,
    requests: [],
    // Resolves once `n` recorded requests match `filter` (a predicate on a record).
    waitForRequests(n, filter = () => true) {
      return new Promise((resolve) => {
        const w = { n, filter, resolve };
        if (!check(w)) waiters.push(w);
      });
    },
    clearRequests() {
      api.requests.length = 0;
    },
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  function check(w) {
    if (api.requests.filter(w.filter).length < w.n) return false;
    w.resolve(api.requests.filter(w.filter));
    return true;
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, `http://${req.headers.host || 'emulator'}`);
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      if (url.pathname.startsWith('/_control/')) {
        if (control) return control(req, res, url, body);
        return sendJson(res, 404, { error: 'no control API' });
      }
      const record = {
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        rawQuery: url.search,
        headers: { ...req.headers },
        body,
        at: Date.now(),
      };
      // The body's bytes as received (an object upload need not be UTF-8); not
      // enumerable, so the control API's JSON keeps only `body`.
      Object.defineProperty(record, 'bytes', { value: bytes, enumerable: false });
      api.requests.push(record);
      for (let i = waiters.length - 1; i >= 0; i--) if (check(waiters[i])) waiters.splice(i, 1);
      return handle(req, res, record, url);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      api.port = server.address().port;
      api.address = `127.0.0.1:${api.port}`;
      api.url = `http://${api.address}`;
      resolve(api);
    });
  });
}

function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

module.exports = { startServer, sendJson };

// Object.assign would read getters once; this keeps them live.
function extend(target, source) {
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(source));
  return target;
}

module.exports.extend = extend;

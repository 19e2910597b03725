// The API Gateway WebSocket connections API, served by `ycfn serve` for the
// function it runs (YC_APIGW_CONNECTIONS_ENDPOINT points here), on its own
// loopback port so that no path of the function's is taken:
//
//   POST   /apigateways/websocket/v1/connections/{id}:send   {"data": <base64>, "type": "TEXT"|"BINARY"}
//   DELETE /apigateways/websocket/v1/connections/{id}
//
// A send becomes one frame to that client, a delete closes its connection; both
// answer {} as the API does. Errors have the API's shape ({"code", "message",
// "details"}): no Bearer token (or, when serve knows the function's token,
// another one) 401 code 16, a malformed body 400 code 3, an id that is not an
// open connection 404 code 5. The registry (websocket.js) holds the connections.
'use strict';

const http = require('http');

const SEND = /^\/apigateways\/websocket\/v1\/connections\/([^/:]+):send$/;
const CLOSE = /^\/apigateways\/websocket\/v1\/connections\/([^/:]+)$/;
// The API's limit on `data`, in base64 characters.
const MAX_DATA_CHARS = 131072;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HTTP_STATUS = { 3: 400, 5: 404, 16: 401 };

function answer(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function grpcError(res, code, message) {
  answer(res, HTTP_STATUS[code], { code, message, details: [] });
}

// opts: {registry: {send(id, data: Buffer, binary) -> bool, close(id) -> bool}, token?: string | null}
// Resolves {url, close()} once listening on 127.0.0.1.
async function startConnectionsApi({ registry, token = null }) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url, 'http://connections').pathname;
      const send = SEND.exec(path);
      const close = CLOSE.exec(path);
      if (!(send && req.method === 'POST') && !(close && req.method === 'DELETE')) {
        return grpcError(res, 5, `no route ${req.method} ${path}`);
      }
      const auth = req.headers.authorization;
      if (typeof auth !== 'string' || !/^Bearer \S+$/.test(auth) || (token !== null && auth !== `Bearer ${token}`)) {
        return grpcError(res, 16, 'The token is invalid');
      }
      const id = decodeURIComponent((send || close)[1]);
      if (close) {
        return registry.close(id) ? answer(res, 200, {}) : grpcError(res, 5, `Connection ${id} not found`);
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return grpcError(res, 3, 'request body is not JSON');
      }
      if (!body || typeof body.data !== 'string' || body.data.length > MAX_DATA_CHARS || !BASE64.test(body.data)) {
        return grpcError(res, 3, `data: required, base64, at most ${MAX_DATA_CHARS} characters`);
      }
      const type = body.type === undefined ? 'TEXT' : body.type;
      if (type !== 'TEXT' && type !== 'BINARY') return grpcError(res, 3, 'type: TEXT or BINARY');
      const sent = registry.send(id, Buffer.from(body.data, 'base64'), type === 'BINARY');
      return sent ? answer(res, 200, {}) : grpcError(res, 5, `Connection ${id} not found`);
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      }),
  };
}

module.exports = { startConnectionsApi };

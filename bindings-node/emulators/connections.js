// The API Gateway WebSocket connections API, as its REST reference describes it
// (Connection.send, Connection.disconnect):
//
//   POST   /apigateways/websocket/v1/connections/{connectionId}:send
//          body {"data": <base64, at most 131072 characters>, "type": "TEXT" | "BINARY"}
//          -> 200 {}
//   DELETE /apigateways/websocket/v1/connections/{connectionId}
//          -> 200 {}
//   errors: {"code": <gRPC code>, "message", "details": []} with the matching status:
//          no Bearer token 401 (16); a malformed body 400 (3); an unknown or
//          closed connection 404 (5).
//
// Every connection is open unless `connections` lists the open ones; a closed
// connection (DELETE) is gone afterwards. Faults are scripted per route
// (reply.js specs, served in order before the normal answer): script('send',
// [...]), script('close', [...]).
//
//   const { startConnections } = require('bindings-node/emulators');
//   const api = await startConnections({ token });
//   api.url                      // YC_APIGW_CONNECTIONS_ENDPOINT
//   api.sends                    // [{connectionId, type, data: Buffer}] in order
//   api.closes                   // [connectionId] in order
'use strict';

const { startServer, sendJson, extend } = require('./server');
const { send, Script } = require('./reply');

const PREFIX = '/apigateways/websocket/v1/connections/';
const SEND_PATH = /^\/apigateways\/websocket\/v1\/connections\/([^/:]+):send$/;
const CLOSE_PATH = /^\/apigateways\/websocket\/v1\/connections\/([^/:]+)$/;
const MAX_DATA_CHARS = 131072;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const grpcError = (code, message) => ({ grpc: { code, message } });

async function startConnections(options = {}) {
  const state = {
    token: options.token || null,
    open: options.connections ? new Set(options.connections) : null, // null: every id is open
    closed: new Set(),
    scripts: { send: new Script(null), close: new Script(null) },
    sends: [],
    closes: [],
  };

  function authorized(record) {
    const h = record.headers.authorization;
    if (typeof h !== 'string' || !/^Bearer \S+$/.test(h)) return false;
    return state.token === null || h === `Bearer ${state.token}`;
  }

  const isOpen = (id) => !state.closed.has(id) && (state.open === null || state.open.has(id));

  function sendTo(req, res, record, id) {
    let body;
    try {
      body = JSON.parse(record.body);
    } catch (e) {
      return send(server, req, res, grpcError(3, 'request body is not JSON'));
    }
    if (!body || typeof body !== 'object' || typeof body.data !== 'string') {
      return send(server, req, res, grpcError(3, 'data: Field required'));
    }
    if (body.data.length > MAX_DATA_CHARS || !BASE64.test(body.data)) {
      return send(server, req, res, grpcError(3, 'data: must be base64, at most 131072 characters'));
    }
    const type = body.type === undefined ? 'TEXT' : body.type;
    if (type !== 'TEXT' && type !== 'BINARY') return send(server, req, res, grpcError(3, 'type: TEXT or BINARY'));
    if (!isOpen(id)) return send(server, req, res, grpcError(5, `Connection ${id} not found`));
    state.sends.push({ connectionId: id, type, data: Buffer.from(body.data, 'base64') });
    return sendJson(res, 200, {});
  }

  function close(req, res, id) {
    if (!isOpen(id)) return send(server, req, res, grpcError(5, `Connection ${id} not found`));
    state.closed.add(id);
    state.closes.push(id);
    return sendJson(res, 200, {});
  }

  const server = await startServer('connections', {
    port: options.port,
    handle(req, res, record) {
      const s = SEND_PATH.exec(record.path);
      const c = CLOSE_PATH.exec(record.path);
      const route = s && req.method === 'POST' ? 'send' : c && req.method === 'DELETE' ? 'close' : null;
      if (!route) return send(server, req, res, grpcError(5, `no route ${req.method} ${record.path}`));
      const scripted = state.scripts[route].next();
      if (scripted) return send(server, req, res, scripted);
      if (!authorized(record)) return send(server, req, res, grpcError(16, 'The token is invalid'));
      const id = decodeURIComponent((s || c)[1]);
      return route === 'send' ? sendTo(req, res, record, id) : close(req, res, id);
    },
  });

  const api = extend(server, {
    kind: 'connections',
    get sends() {
      return [...state.sends];
    },
    get closes() {
      return [...state.closes];
    },
    script(route, replies, fallback = null) {
      if (!state.scripts[route]) throw new Error(`unknown connections route ${route} (send, close)`);
      state.scripts[route].set(replies, fallback);
      return api;
    },
    // The control API's and the vectors' JSON: {token, connections: [open ids], send: [specs], close: [specs]}.
    // What a vector leaves out is the default again.
    configure(c = {}) {
      state.token = c.token !== undefined ? c.token : options.token || null;
      state.open = c.connections ? new Set(c.connections) : null;
      state.closed.clear();
      api.script('send', c.send || [], c.sendFallback || null);
      api.script('close', c.close || [], c.closeFallback || null);
      return { url: server.url };
    },
    resetStats() {
      state.sends.length = 0;
      state.closes.length = 0;
      server.clearRequests();
      return api;
    },
  });
  return api;
}

module.exports = { startConnections, CONNECTIONS_PREFIX: PREFIX };

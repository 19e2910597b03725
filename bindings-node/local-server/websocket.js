// `ycfn serve` as API Gateway's WebSocket front (W1..W4 in
// core/include/ycfn/detail/http_semantics.hpp; docs/api-gateway.md): a client
// that upgrades gets a CONNECT invocation, each frame a MESSAGE, the close a
// DISCONNECT, in that order (the instance runs calls in arrival order). The
// events come from the core (semantics.websocketEvent); this file moves frames.
// The function writes to its clients through the connections API
// (connections.js), which reaches them through the registry here.
'use strict';

const crypto = require('crypto');
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

// A frame larger than the platform's request limit is refused (close 1009).
const MAX_FRAME_BYTES = 3500000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuv0123456789';

// Random ids shaped like the gateway's (lowercase letters and digits).
function gatewayId(length) {
  const bytes = crypto.randomBytes(length);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

// The open connections by id: what the connections API sends to and closes.
function createRegistry() {
  const open = new Map();
  return {
    add: (id, ws) => open.set(id, ws),
    remove: (id) => open.delete(id),
    send(id, data, binary) {
      const ws = open.get(id);
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(data, { binary });
      return true;
    },
    close(id) {
      const ws = open.get(id);
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.close(1000, ''); // W4; its DISCONNECT follows from the close
      return true;
    },
    closeAll() {
      for (const ws of open.values()) ws.terminate();
      open.clear();
    },
  };
}

// The answer to an upgrade the function refused (W3), written on the raw socket.
function refuse(socket, response) {
  if (!socket.writable) return socket.destroy();
  const lines = [`HTTP/1.1 ${response.status} ${http.STATUS_CODES[response.status] || 'Refused'}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${response.body.length}`, 'Connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), response.body]));
}

// opts: {semantics, instance, context, registry, warn, headerPairs, peerIp, uuid}
function createWebSocketGateway({ semantics, instance, context, registry, warn, headerPairs, peerIp, uuid }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  // The 101 carries the connection's id, as the gateway's does.
  wss.on('headers', (headers, req) => headers.push(`X-Yc-Apigateway-Websocket-Connection-Id: ${req.ycfnConnectionId}`));

  function invoke(upgrade, fields) {
    const requestId = uuid();
    const request = { ...upgrade, requestId, traceId: uuid(), timeMs: Date.now() };
    return instance.invoke(semantics.websocketEvent({ request, ...fields }), { ...context, requestId });
  }

  async function handleUpgrade(req, socket, head) {
    if (String(req.headers.upgrade || '').toLowerCase() !== 'websocket') {
      return refuse(socket, { status: 400, headers: [['Content-Type', 'text/plain']], body: Buffer.from('not a WebSocket upgrade\n') });
    }
    const upgrade = {
      method: req.method,
      target: req.url,
      headers: headerPairs(req.rawHeaders),
      peerIp: peerIp(socket),
      peerPort: socket.remotePort || 0,
    };
    const connection = { connectionId: gatewayId(33), connectedAtMs: Date.now() };
    const outcome = await invoke(upgrade, { eventType: 'CONNECT', ...connection });
    const response =
      outcome.kind === 'result' ? semantics.resultToResponse('http', outcome.result) : semantics.failureToResponse(outcome);
    if (response.status < 200 || response.status > 299) return refuse(socket, response);

    req.ycfnConnectionId = connection.connectionId;
    wss.handleUpgrade(req, socket, head, (ws) => {
      registry.add(connection.connectionId, ws);
      // Calls are queued in the order frames arrive; what MESSAGE answers is not sent (W4).
      ws.on('message', (data, isBinary) => {
        invoke(upgrade, { eventType: 'MESSAGE', ...connection, messageId: gatewayId(30), data: Buffer.from(data), binary: isBinary });
      });
      ws.on('close', (code, reason) => {
        registry.remove(connection.connectionId);
        invoke(upgrade, { eventType: 'DISCONNECT', ...connection, closeCode: code, closeReason: reason.toString('utf8') });
      });
      ws.on('error', (e) => warn(`WebSocket ${connection.connectionId}: ${e.message}`));
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      handleUpgrade(req, socket, head).catch((e) => {
        warn(`internal error while upgrading ${req.url}: ${e.stack || e}`);
        socket.destroy();
      });
    },
    close() {
      registry.closeAll();
      wss.close();
    },
  };
}

module.exports = { createWebSocketGateway, createRegistry };

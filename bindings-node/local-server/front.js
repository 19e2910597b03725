// The HTTP front of `ycfn serve`: reads each request, asks the HTTP semantics
// (semantics.js, the core's rules) for the event, has the instance run it, and
// writes the response the semantics build from the outcome. It holds no
// platform rule itself.
'use strict';

const crypto = require('crypto');
const http = require('http');

// Bodies are buffered up to this many bytes, then reading stops: a memory bound
// for the server, not the platform's limit (the semantics answer 413 well below).
const BUFFER_CAP = 8 * 1024 * 1024;

function uuid() {
  return crypto.randomUUID();
}

function peerIp(socket) {
  const ip = socket.remoteAddress || '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

// [[name, value], ...] from Node's flat rawHeaders, repeated names kept.
function headerPairs(raw) {
  const pairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let capped = false;
    req.on('data', (chunk) => {
      if (capped) return;
      size += chunk.length;
      chunks.push(chunk);
      if (size > BUFFER_CAP) {
        capped = true;
        req.pause();
        resolve({ body: Buffer.concat(chunks), complete: false });
      }
    });
    req.on('end', () => {
      if (!capped) resolve({ body: Buffer.concat(chunks), complete: true });
    });
    req.on('error', reject);
  });
}

function writeResponse(res, response, { close = false } = {}) {
  const grouped = new Map();
  for (const [name, value] of response.headers) {
    if (!grouped.has(name)) grouped.set(name, []);
    grouped.get(name).push(value);
  }
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0] : values);
  res.setHeader('Content-Length', response.body.length);
  if (close) res.setHeader('Connection', 'close');
  res.writeHead(response.status);
  res.end(response.body);
}

// opts: {semantics, instance, context: {functionName, functionVersion, memoryLimitInMB, token?}, warn,
//        websocket?: the WebSocket gateway (websocket.js), which takes upgrade requests}
function createFront({ semantics, instance, context, warn, websocket }) {
  async function handle(req, res) {
    const timeMs = Date.now();
    const { body, complete } = await readBody(req);
    const requestId = uuid();
    const built = semantics.requestToEvent({
      method: req.method,
      target: req.url,
      headers: headerPairs(req.rawHeaders),
      body,
      peerIp: peerIp(req.socket),
      peerPort: req.socket.remotePort || 0,
      requestId,
      traceId: uuid(),
      timeMs,
    });
    if (!built.invoke) {
      // An unread rest of the body cannot be skipped safely: close the connection.
      writeResponse(res, built.response, { close: !complete });
      if (!complete) res.on('finish', () => req.socket.destroy());
      return;
    }
    if (built.integration === 'async') {
      // The platform answers at once; the call runs in its turn and its result
      // (or failure, which the log shows) goes nowhere.
      writeResponse(res, built.response);
      await instance.invoke(built.event, { ...context, requestId });
      return;
    }
    const outcome = await instance.invoke(built.event, { ...context, requestId });
    const response =
      outcome.kind === 'result'
        ? semantics.resultToResponse(built.integration, outcome.result)
        : semantics.failureToResponse(outcome);
    writeResponse(res, response);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      warn(`internal error while serving ${req.method} ${req.url}: ${e.stack || e}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify({ errorMessage: 'ycfn serve failed itself; see its stderr', errorType: 'ServeError' }));
      } else {
        res.destroy();
      }
    });
  });
  if (websocket) server.on('upgrade', (req, socket, head) => websocket.handleUpgrade(req, socket, head));
  // Bytes that are not HTTP: 400 and close, the server carries on.
  server.on('clientError', (err, socket) => {
    warn(`malformed HTTP request from ${peerIp(socket)}: ${err.code || err.message}`);
    if (socket.writable && !socket.destroyed) {
      const body = '{"errorMessage":"Malformed HTTP request","errorType":"BadRequest"}';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });
  return server;
}

module.exports = { createFront, headerPairs, peerIp, uuid };

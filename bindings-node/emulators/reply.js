// One vocabulary for what an emulator answers, shared by every emulator and by the
// control API (scripts are JSON). A reply spec:
//
//   { status: 200, headers: {...}, body: "text" | json: <value>,
//     grpc: { code, message }      gRPC-style JSON error {code, message, details: []};
//                                  status from the code unless given
//     delayMs: N                   answer after N ms (a slow server)
//     until: <promise>             in-process only: answer once it settles (a test
//                                  opens the gate on an event, not after a time)
//     fault: one of FAULTS }
//
// Faults are the ways a server misbehaves that a client must survive.
'use strict';

const FAULTS = {
  hang: 'accept the request and never answer',
  'hang-body': 'send the status line, headers and part of the body, then nothing more',
  'slow-body': 'send the body in `chunks` pieces (default 10), `intervalMs` (default 100) apart',
  huge: 'a 200 whose body is `size` bytes (default 1 MiB), beginning with `body` if given',
  redirect: 'a `status` (default 302) with `Location: location` (absolute, may be another origin)',
  'bad-json': 'a 200 with a JSON content type and a body that is not JSON',
  close: 'destroy the connection without answering (a network error)',
  'not-http': 'write bytes that are not HTTP, then close',
};

// gRPC code -> HTTP status, as grpc-gateway maps them (the Compute API's REST face).
const GRPC_STATUS = { 3: 400, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 13: 500, 14: 503, 16: 401 };

function bodyOf(spec) {
  if (spec.grpc) return JSON.stringify({ code: spec.grpc.code, message: spec.grpc.message || '', details: [] });
  if (spec.json !== undefined) return JSON.stringify(spec.json);
  if (spec.body === undefined) return '';
  return typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
}

// send(server, req, res, spec): answers `spec` (server: from startServer, for timers).
function send(server, req, res, spec) {
  if (spec.until && typeof spec.until.then === 'function') {
    const rest = { ...spec, until: undefined };
    spec.until.then(() => {
      if (!res.destroyed && !res.writableEnded) send(server, req, res, rest);
    });
    return undefined;
  }
  if (spec.delayMs) {
    const rest = { ...spec, delayMs: 0 };
    return server.later(spec.delayMs, () => {
      if (!res.destroyed && !res.writableEnded) send(server, req, res, rest);
    });
  }
  const headers = { 'Content-Type': 'application/json', ...(spec.headers || {}) };
  for (const k of Object.keys(headers)) if (headers[k] === null) delete headers[k];
  let status = spec.status || (spec.grpc ? GRPC_STATUS[spec.grpc.code] || 500 : 200);
  switch (spec.fault) {
    case undefined:
      break;
    case 'hang':
      return undefined;
    case 'close':
      return req.socket.destroy();
    case 'not-http':
      req.socket.end('\x00\x01 definitely not HTTP\r\n\r\n');
      return undefined;
    case 'redirect':
      res.writeHead(spec.status || 302, { ...headers, Location: spec.location, 'Content-Length': 0 });
      return res.end();
    case 'bad-json': {
      const text = spec.body === undefined ? '{"instances": [{"id": "trunc' : String(spec.body);
      res.writeHead(spec.status || 200, { ...headers, 'Content-Length': Buffer.byteLength(text) });
      return res.end(text);
    }
    case 'hang-body': {
      const text = bodyOf(spec) || '{"partial": "';
      res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) + 100 });
      res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return undefined;
    }
    case 'slow-body': {
      const text = Buffer.from(bodyOf(spec));
      const chunks = spec.chunks || 10;
      const interval = spec.intervalMs === undefined ? 100 : spec.intervalMs;
      const size = Math.ceil(text.length / chunks) || 1;
      res.writeHead(status, { ...headers, 'Content-Length': text.length });
      let offset = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(text.subarray(offset, offset + size));
        offset += size;
        if (offset >= text.length) res.end();
        else server.later(interval, next);
      };
      return next();
    }
    case 'huge': {
      const size = spec.size || 1024 * 1024;
      const head = Buffer.from(bodyOf(spec));
      res.writeHead(spec.status || 200, { ...headers, 'Content-Length': Math.max(size, head.length) });
      res.write(head);
      // Written in pieces so a client that gives up early is not sent it all at once.
      let left = size - head.length;
      const piece = Buffer.alloc(64 * 1024, 0x78);
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, piece.length);
          left -= n;
          if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
        return undefined;
      };
      return pump();
    }
    default:
      status = 500;
      headers['Content-Type'] = 'text/plain';
      spec = { body: `unknown emulator fault ${spec.fault}\n` };
  }
  const text = bodyOf(spec);
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
  return res.end(text);
}

// A FIFO of scripted replies, then a default: what each emulator route answers.
class Script {
  constructor(fallback) {
    this.queue = [];
    this.fallback = fallback;
  }

  set(replies = [], fallback) {
    this.queue = [...replies];
    if (fallback !== undefined) this.fallback = fallback;
  }

  next() {
    return this.queue.length ? this.queue.shift() : this.fallback;
  }
}

module.exports = { send, Script, FAULTS, GRPC_STATUS, bodyOf };

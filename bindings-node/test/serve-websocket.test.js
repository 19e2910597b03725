// `ycfn serve` speaking WebSocket as API Gateway does, to a real WebSocket client
// (the `ws` library): CONNECT, MESSAGE and DISCONNECT invocations, and the
// function's sends and closes through the connections API reaching the client.
// Every wait is for an event (a frame, a close, a log line).
'use strict';

const assert = require('assert');
const WebSocket = require('ws');
const { test } = require('../test-support/helpers');
const { serveFunction, exampleFunction, startServe, request } = require('./serve-helpers');

// Opens a client; resolves {ws, response, next(): the next message, closed: Promise<{code, reason}>}.
function connect(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue = [];
    const waiting = [];
    ws.on('message', (data, isBinary) => {
      const m = { data: Buffer.from(data), isBinary };
      if (waiting.length) waiting.shift()(m);
      else queue.push(m);
    });
    const closed = new Promise((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    let response;
    ws.on('upgrade', (res) => (response = res));
    ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({ ws, response, closed, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r))) }),
    );
  });
}

const wsUrl = (server, path) => server.url.replace(/^http:/, 'ws:') + path;

test('serve: a WebSocket client talks to ws-echo: text and binary frames come back byte for byte', async () => {
  const server = await startServe(exampleFunction('ws-echo'), ['--metadata', 'emulate']);
  try {
    const client = await connect(wsUrl(server, '/echo?room=1'));
    const id = client.response.headers['x-yc-apigateway-websocket-connection-id'];
    assert.match(id, /^[a-v0-9]{33}$/);
    await server.waitForLine(new RegExp(`connection ${id}: CONNECT`));

    client.ws.send('hello, ws — привет');
    const text = await client.next();
    assert.strictEqual(text.isBinary, false);
    assert.strictEqual(text.data.toString('utf8'), 'hello, ws — привет');

    const bytes = Buffer.from([0, 255, 128, 1, 0xc3, 0x28, 10]);
    client.ws.send(bytes);
    const binary = await client.next();
    assert.strictEqual(binary.isBinary, true);
    assert.deepStrictEqual(binary.data, bytes);

    // Several frames in a row come back in order.
    for (const n of [1, 2, 3]) client.ws.send(`frame ${n}`);
    for (const n of [1, 2, 3]) assert.strictEqual((await client.next()).data.toString(), `frame ${n}`);

    client.ws.close(4001, 'done here');
    await client.closed;
    await server.waitForLine(new RegExp(`connection ${id}: DISCONNECT`));
    // The HTTP side still answers as before.
    assert.strictEqual((await request(`${server.url}/?integration=raw`, { method: 'POST', body: '{}' })).status, 200);
  } finally {
    await server.stop();
  }
});

test('serve: the WebSocket events carry what API Gateway sends; the function closes a connection through the API', async () => {
  const server = await startServe(serveFunction('ws-gateway'), ['--metadata', 'emulate']);
  try {
    const client = await connect(wsUrl(server, '/chat?user=ann'));
    const id = client.response.headers['x-yc-apigateway-websocket-connection-id'];
    const contextOf = async (type) => JSON.parse((await server.waitForLine(new RegExp(`ws ${type} `))).split(`ws ${type} `)[1]);
    const connectContext = await contextOf('CONNECT');
    assert.strictEqual(connectContext.connectionId, id);
    assert.strictEqual(connectContext.httpMethod, 'GET');
    assert.strictEqual(typeof connectContext.connectedAt, 'number');

    client.ws.send('shout');
    assert.strictEqual((await client.next()).data.toString(), 'SHOUT');
    const messageContext = await contextOf('MESSAGE');
    assert.strictEqual(messageContext.httpMethod, 'POST');
    assert.match(messageContext.messageId, /^[a-v0-9]{30}$/);
    assert.strictEqual(messageContext.connectedAt, connectContext.connectedAt);
    await server.waitForLine(/send answered 200/);

    client.ws.send('close');
    const closed = await client.closed;
    assert.strictEqual(closed.code, 1000);
    await server.waitForLine(/close answered 200/);
    const disconnectContext = await contextOf('DISCONNECT');
    assert.strictEqual(disconnectContext.disconnectStatusCode, 1000);
    assert.strictEqual(disconnectContext.httpMethod, 'DELETE');
  } finally {
    await server.stop();
  }
});

test('serve: a CONNECT the function answers with a non-2xx status refuses the client with that status', async () => {
  const server = await startServe(serveFunction('ws-gateway'), ['--metadata', 'emulate']);
  try {
    await assert.rejects(connect(wsUrl(server, '/chat?deny=1')), (e) => e.status === 403);
    await server.waitForLine(/ws CONNECT /);
    assert.ok(!server.lines.some((l) => / ws DISCONNECT /.test(l)), 'a refused client has no DISCONNECT');
  } finally {
    await server.stop();
  }
});

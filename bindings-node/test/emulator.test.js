// The emulators themselves (bindings-node/emulators/): every suite relies on their modes,
// scripts, recorded requests and control API.
'use strict';

const assert = require('assert');
const http = require('http');
const path = require('path');
const { test, startEmulatorCli } = require('../test-support/helpers');
const { startEmulator, startCompute, startConnections, TOKEN_PATH } = require('../emulators');


function request(base, method, urlPath, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${urlPath}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(address, urlPath, headers = { 'Metadata-Flavor': 'Google' }) {
  return new Promise((resolve, reject) => {
    const req = http.get(`http://${address}${urlPath}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

test('emulator: ok mode serves a Bearer token and counts requests', async () => {
  const emu = await startEmulator({ mode: 'ok', expiresIn: 1234 });
  try {
    const r = await get(emu.address, TOKEN_PATH);
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.headers['metadata-flavor'], 'Google');
    const body = JSON.parse(r.body);
    assert.strictEqual(body.access_token, emu.token);
    assert.match(body.access_token, /^t1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    assert.strictEqual(body.expires_in, 1234);
    assert.strictEqual(body.token_type, 'Bearer');
    assert.strictEqual(emu.stats.tokenRequests, 1);
  } finally {
    await emu.close();
  }
});

test('emulator: requires Metadata-Flavor: Google', async () => {
  const emu = await startEmulator({ mode: 'ok' });
  try {
    const r = await get(emu.address, TOKEN_PATH, {});
    assert.strictEqual(r.status, 403);
    assert.strictEqual(emu.stats.missingFlavor, 1);
    assert.ok(!r.body.includes(emu.token));
  } finally {
    await emu.close();
  }
});

test('emulator: modes switch at run time', async () => {
  const emu = await startEmulator({ mode: 'status', status: 404 });
  try {
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).status, 404);
    emu.setMode('unavailable-then-ok', { failures: 2 });
    emu.resetStats();
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).status, 503);
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).status, 503);
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).status, 200);
    emu.setMode('redirect');
    const r = await get(emu.address, TOKEN_PATH);
    assert.strictEqual(r.status, 302);
    assert.match(r.headers.location, /\/redirect-target$/);
    assert.strictEqual(emu.stats.redirectTargetHits, 0);
    emu.setMode('huge', { size: 100000 });
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).body.length, 100000);
    assert.throws(() => emu.setMode('no-such-mode'));
  } finally {
    await emu.close();
  }
});

test('emulator: scripted replies are served in order, then the fallback; requests are recorded', async () => {
  const emu = await startEmulator({ mode: 'ok' });
  try {
    emu.script([{ status: 503 }, { status: 200, body: 'x {{token}} x' }], { token: true, expiresIn: 77 });
    assert.strictEqual((await get(emu.address, `${TOKEN_PATH}?a=1`)).status, 503);
    assert.strictEqual((await get(emu.address, TOKEN_PATH)).body, `x ${emu.token} x`);
    assert.strictEqual(JSON.parse((await get(emu.address, TOKEN_PATH)).body).expires_in, 77);
    const seen = await emu.waitForRequests(3);
    assert.deepStrictEqual(seen[0].query, { a: '1' });
    assert.strictEqual(seen[0].method, 'GET');
    assert.strictEqual(seen[0].headers['metadata-flavor'], 'Google');
  } finally {
    await emu.close();
  }
});

test('compute emulator: pages with nextPageToken, stops RUNNING instances with an Operation, gRPC errors', async () => {
  const api = await startCompute({
    token: 'tok',
    pageSize: 2,
    instances: [
      { id: 'i1', folderId: 'f' },
      { id: 'i2', folderId: 'f', status: 'STOPPED' },
      { id: 'i3', folderId: 'f', labels: { env: 'dev' } },
      { id: 'i4', folderId: 'other' },
    ],
  });
  const auth = { Authorization: 'Bearer tok' };
  try {
    const p1 = await request(api.url, 'GET', '/compute/v1/instances?folderId=f', auth);
    assert.strictEqual(p1.status, 200);
    const b1 = JSON.parse(p1.body);
    assert.deepStrictEqual(b1.instances.map((i) => i.id), ['i1', 'i2']);
    const p2 = JSON.parse((await request(api.url, 'GET', `/compute/v1/instances?folderId=f&pageToken=${b1.nextPageToken}`, auth)).body);
    assert.deepStrictEqual(p2.instances.map((i) => i.id), ['i3']);
    assert.strictEqual(p2.nextPageToken, undefined, 'the last page has no nextPageToken');
    assert.deepStrictEqual(p2.instances[0].labels, { env: 'dev' });
    assert.deepStrictEqual(JSON.parse((await request(api.url, 'GET', '/compute/v1/instances?folderId=none', auth)).body), {});
    const bad = await request(api.url, 'GET', '/compute/v1/instances', auth);
    assert.strictEqual(bad.status, 400);
    assert.strictEqual(JSON.parse(bad.body).code, 3);
    const unauth = await request(api.url, 'GET', '/compute/v1/instances?folderId=f', { Authorization: 'Bearer other' });
    assert.strictEqual(unauth.status, 401);
    assert.strictEqual(JSON.parse(unauth.body).code, 16);
    const op = JSON.parse((await request(api.url, 'POST', '/compute/v1/instances/i1:stop', auth)).body);
    assert.strictEqual(op.done, false);
    assert.strictEqual(op.metadata['@type'], 'type.googleapis.com/yandex.cloud.compute.v1.StopInstanceMetadata');
    assert.strictEqual(op.metadata.instanceId, 'i1');
    const again = await request(api.url, 'POST', '/compute/v1/instances/i1:stop', auth);
    assert.strictEqual(again.status, 409, 'i1 is STOPPING now');
    assert.strictEqual((await request(api.url, 'POST', '/compute/v1/instances/nope:stop', auth)).status, 404);
    assert.deepStrictEqual(api.stops, ['i1']);
    api.script('list', [{ fault: 'redirect', location: 'http://127.0.0.1:9/x' }, { fault: 'bad-json' }, { grpc: { code: 14, message: 'busy' } }]);
    const redirect = await request(api.url, 'GET', '/compute/v1/instances?folderId=f', auth);
    assert.strictEqual(redirect.status, 302);
    assert.strictEqual(redirect.headers.location, 'http://127.0.0.1:9/x');
    const badJson = (await request(api.url, 'GET', '/compute/v1/instances?folderId=f', auth)).body;
    assert.throws(() => JSON.parse(badJson));
    assert.strictEqual((await request(api.url, 'GET', '/compute/v1/instances?folderId=f', auth)).status, 503);
    assert.strictEqual(api.requests.length, 11);
    assert.strictEqual(api.requests[0].headers.authorization, 'Bearer tok');
  } finally {
    await api.close();
  }
});

test('emulators: the connections API sends to and closes open connections, with the API errors', async () => {
  const api = await startConnections({ token: 'tok', connections: ['c1'] });
  try {
    const auth = { Authorization: 'Bearer tok', 'Content-Type': 'application/json' };
    const path1 = '/apigateways/websocket/v1/connections/c1';
    const sent = await request(api.url, 'POST', `${path1}:send`, auth, JSON.stringify({ data: 'AP8=', type: 'BINARY' }));
    assert.strictEqual(sent.status, 200);
    assert.deepStrictEqual(JSON.parse(sent.body), {});
    assert.deepStrictEqual(api.sends, [{ connectionId: 'c1', type: 'BINARY', data: Buffer.from([0, 255]) }]);
    const text = await request(api.url, 'POST', `${path1}:send`, auth, JSON.stringify({ data: 'aGk=' }));
    assert.strictEqual(text.status, 200, 'type defaults to TEXT');
    assert.strictEqual(api.sends[1].type, 'TEXT');
    for (const body of ['{"data": "@@"}', '{"type": "TEXT"}', 'not json', '{"data": "", "type": "JSON"}']) {
      const bad = await request(api.url, 'POST', `${path1}:send`, auth, body);
      assert.strictEqual(bad.status, 400, body);
      assert.strictEqual(JSON.parse(bad.body).code, 3);
    }
    const unauth = await request(api.url, 'POST', `${path1}:send`, { Authorization: 'Bearer other' }, '{"data": ""}');
    assert.strictEqual(unauth.status, 401);
    assert.strictEqual(JSON.parse(unauth.body).code, 16);
    const unknown = await request(api.url, 'POST', '/apigateways/websocket/v1/connections/c2:send', auth, '{"data": ""}');
    assert.strictEqual(unknown.status, 404);
    assert.strictEqual(JSON.parse(unknown.body).code, 5);
    assert.strictEqual((await request(api.url, 'DELETE', path1, auth)).status, 200);
    assert.deepStrictEqual(api.closes, ['c1']);
    assert.strictEqual((await request(api.url, 'POST', `${path1}:send`, auth, '{"data": ""}')).status, 404, 'closed');
    api.configure({ send: [{ grpc: { code: 14, message: 'busy' } }] });
    assert.strictEqual((await request(api.url, 'POST', `${path1}:send`, auth, '{"data": ""}')).status, 503);
  } finally {
    await api.close();
  }
});

test('emulators: cli.js prints "listening <server> <port>" lines and is driven through the control API', async () => {
  const { child, ports } = await startEmulatorCli(['--mode', 'ok']);
  try {
    assert.deepStrictEqual(Object.keys(ports).sort(), ['compute', 'connections', 'control', 'metadata', 'other']);
    const control = `http://127.0.0.1:${ports.control}`;
    const configured = JSON.parse(
      (await request(control, 'POST', '/_control/metadata', {}, JSON.stringify({ mode: 'status', opts: { status: 404 } }))).body,
    );
    assert.strictEqual(configured.mode, 'status');
    const waiting = request(control, 'GET', '/_control/wait?server=metadata&n=1');
    assert.strictEqual((await get(`127.0.0.1:${ports.metadata}`, TOKEN_PATH)).status, 404);
    const seen = JSON.parse((await waiting).body);
    assert.strictEqual(seen[0].path, TOKEN_PATH);
    const all = JSON.parse((await request(control, 'GET', '/_control/requests')).body);
    assert.strictEqual(all.metadata.length, 1);
    assert.deepStrictEqual(all.compute, []);
    assert.strictEqual(JSON.parse((await request(control, 'GET', '/_control/stats')).body).metadata.tokenRequests, 1);
  } finally {
    child.stdin.end(); // the CLI ends when its stdin closes
  }
});

// `ycfn serve --emulate lockbox,storage,docapi --emulator-data FILE`: the API
// emulators start on loopback, the function finds them through the variables the
// clients read, and the examples run against them as they would on the platform.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { test } = require('../test-support/helpers');
const { spawnSync } = require('child_process');
const { BIN, serveFunction, exampleFunction, startServe, request, tempDir } = require('./serve-helpers');

const SECRET_VALUE = 'serve-emulated-secret-value';

function writeData(dir, data) {
  const file = path.join(dir, 'emulators.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

test('serve: --emulate lockbox with --emulator-data: lockbox-secret reads the seeded payload', async () => {
  const dir = tempDir();
  const data = writeData(dir, {
    lockbox: { secrets: { e6qserve: [{ id: 'e6qv1', entries: { 'db-password': SECRET_VALUE, user: 'app' } }] } },
  });
  const server = await startServe(exampleFunction('lockbox-secret'), [
    '--metadata', 'emulate', '--emulate', 'lockbox', '--emulator-data', data,
    '--env', 'SECRET_ID=e6qserve', '--env', 'SECRET_KEY=db-password',
  ]);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    assert.deepStrictEqual(r.json, {
      secret_id: 'e6qserve', version_id: 'e6qv1', keys: ['db-password', 'user'], key: 'db-password', bytes: SECRET_VALUE.length,
    });
    assert.match(server.stderr(), /lockbox emulator on http:\/\/127\.0\.0\.1:\d+/);
    // The function's log line about the read, and never the value.
    await server.waitForLine(/read db-password of e6qserve version e6qv1/);
    assert.ok(!server.lines.some((l) => l.includes(SECRET_VALUE)), 'a log line shows the secret');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: --emulate docapi: ydb-counter adds one per call to the seeded table', async () => {
  const dir = tempDir();
  const data = writeData(dir, { docapi: { tables: { counters: { hashKey: 'id' } } } });
  const server = await startServe(exampleFunction('ydb-counter'), ['--metadata', 'emulate', '--emulate', 'docapi', '--emulator-data', data]);
  try {
    for (const hits of [1, 2]) {
      const r = await request(`${server.url}/?name=home`);
      assert.strictEqual(r.status, 200, r.text);
      assert.deepStrictEqual(r.json, { id: 'home', hits });
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: --emulate sets the three endpoints; --env still wins over them', async () => {
  const server = await startServe(serveFunction('probe'), ['--emulate', 'lockbox,storage,docapi', '--env', 'YC_STORAGE_ENDPOINT=http://127.0.0.1:9']);
  try {
    const r = await request(`${server.url}/`);
    assert.strictEqual(r.status, 200, r.text);
    assert.match(r.json.env.YC_LOCKBOX_PAYLOAD_ENDPOINT, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(r.json.env.YDB_DOCAPI_ENDPOINT, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(r.json.env.YC_STORAGE_ENDPOINT, 'http://127.0.0.1:9');
    // The emulator answers there: an unknown secret is its gRPC-style 404.
    const lockbox = await request(`${r.json.env.YC_LOCKBOX_PAYLOAD_ENDPOINT}/lockbox/v1/secrets/nope/payload`, {
      headers: { Authorization: 'Bearer any' },
    });
    assert.strictEqual(lockbox.status, 404);
    assert.strictEqual(lockbox.json.code, 5);
  } finally {
    await server.stop();
  }
});

test('serve: --emulate and --emulator-data refuse what they cannot use, with one line', async () => {
  const dir = tempDir();
  const cases = [
    [['--emulate', 'lockbox,ydb'], /--emulate: unknown API "ydb" \(known: lockbox, storage, docapi\)/],
    [['--emulator-data', writeData(dir, { lockbox: {} })], /--emulator-data needs --emulate/],
    [['--emulate', 'storage', '--emulator-data', writeData(dir, { lockbox: {} })], /has "lockbox" but --emulate does not list it/],
    [['--emulate', 'lockbox', '--emulator-data', path.join(dir, 'missing.json')], /not a readable JSON file \(ENOENT\)/],
  ];
  try {
    for (const [args, message] of cases) {
      const r = spawnSync(process.execPath, [BIN, serveFunction('probe'), '--port', '0', ...args], { encoding: 'utf8' });
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

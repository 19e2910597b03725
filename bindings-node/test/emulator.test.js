// The metadata-service emulator itself: the tests below rely on its modes and counts.
'use strict';

const assert = require('assert');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { test } = require('../test-support/helpers');
const { startEmulator, TOKEN_PATH } = require('../test-support/metadata-emulator');

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

test('emulator: runs from the command line and prints its address as one JSON line', async () => {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'test-support', 'metadata-emulator.js'), '--port', '0', '--mode', 'ok'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    });
    const info = JSON.parse(line);
    assert.match(info.address, /^127\.0\.0\.1:\d+$/);
    assert.strictEqual(info.mode, 'ok');
    const r = await get(info.address, TOKEN_PATH);
    assert.strictEqual(r.status, 200);
    const stats = JSON.parse((await get(info.address, '/_emulator/stats')).body);
    assert.strictEqual(stats.tokenRequests, 1);
  } finally {
    child.kill('SIGTERM');
  }
});

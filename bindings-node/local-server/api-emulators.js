// The API side of `ycfn serve --emulate lockbox,storage,docapi`: starts the
// repository's emulators of those APIs on loopback (../emulators/, shipped
// with serve), seeds them from --emulator-data, and hands the function their
// endpoints through the variables the clients read. Variables the user set
// (--env, --env-file) win: a real endpoint is never replaced behind their back.
'use strict';

const fs = require('fs');
const { startLockbox, startStorage, startDocapi } = require('../emulators');

// Each emulated API: how to start it and the variable that points the function at it.
const APIS = {
  lockbox: { start: startLockbox, variable: 'YC_LOCKBOX_PAYLOAD_ENDPOINT' },
  storage: { start: startStorage, variable: 'YC_STORAGE_ENDPOINT' },
  docapi: { start: startDocapi, variable: 'YDB_DOCAPI_ENDPOINT' },
};

// "lockbox,storage" -> ['lockbox', 'storage']; throws with the known names.
function parseEmulateList(text) {
  const names = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`--emulate expects a list of ${Object.keys(APIS).join(',')}`);
  for (const name of names) {
    if (!APIS[name]) throw new Error(`--emulate: unknown API "${name}" (known: ${Object.keys(APIS).join(', ')})`);
  }
  return [...new Set(names)];
}

// The --emulator-data file: {"lockbox": {"secrets": ...}, "storage": {"buckets": ...},
// "docapi": {"tables": ...}}, each the emulator's configure() settings.
function readEmulatorData(file, names) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--emulator-data ${file}: not a readable JSON file (${e.code || e.message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`--emulator-data ${file}: expected an object keyed by API (${Object.keys(APIS).join(', ')})`);
  }
  for (const key of Object.keys(data)) {
    if (!APIS[key]) throw new Error(`--emulator-data ${file}: unknown API "${key}"`);
    if (!names.includes(key)) throw new Error(`--emulator-data ${file}: has "${key}" but --emulate does not list it`);
  }
  return data;
}

// Resolves {env: {VARIABLE: url}, urls: {name: url}, close()}; token: the one
// the function presents (null: any Bearer token is accepted).
async function startApiEmulators(names, { data = {}, token = null } = {}) {
  const started = [];
  const env = {};
  const urls = {};
  try {
    for (const name of names) {
      const api = await APIS[name].start({ token });
      started.push(api);
      if (data[name]) api.configure({ ...data[name], token });
      env[APIS[name].variable] = api.url;
      urls[name] = api.url;
    }
  } catch (e) {
    await Promise.all(started.map((api) => api.close()));
    throw e;
  }
  return { env, urls, close: () => Promise.all(started.map((api) => api.close())) };
}

module.exports = { parseEmulateList, readEmulatorData, startApiEmulators, EMULATED_APIS: Object.keys(APIS) };

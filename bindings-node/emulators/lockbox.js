// The Lockbox payload API, written from the public REST reference
// (/work/shared/reference/platform.md):
//
//   GET /lockbox/v1/secrets/{secretId}/payload[?versionId=V]
//       -> {"entries": [{"key", "textValue" | "binaryValue" (base64)}], "versionId"}
//   errors: {"code": <gRPC code>, "message", "details": []} with the matching status
//           (an unknown secret or version: 404 code 5).
//
// Every request needs `Authorization: Bearer <token>` (401 code 16 otherwise; with
// `token` set, exactly that token). Secrets hold versions, the last one current:
//
//   const { startLockbox } = require('bindings-node/emulators');
//   const lb = await startLockbox({ token, secrets: {
//     e6qsecret: [{ id: 'v1', entries: { password: 'p@ss', cert: { binary: '<base64>' } } }] } });
//   lb.url            // YC_LOCKBOX_PAYLOAD_ENDPOINT
//   lb.requests       // every request; lb.reads: [{secretId, versionId}] of the payloads served
//   lb.script('payload', [specs], fallback)   // reply.js specs served before the normal answer
'use strict';

const { startServer, sendJson, extend } = require('./server');
const { send, Script } = require('./reply');

const PAYLOAD_PATH = /^\/lockbox\/v1\/secrets\/([^/]+)\/payload$/;

const grpcError = (code, message) => ({ grpc: { code, message } });

// entries: {key: "text"} or {key: {binary: "<base64>"}} or [{key, textValue|binaryValue}]
function normalizeEntries(entries) {
  if (Array.isArray(entries)) return entries.map((e) => ({ ...e }));
  return Object.entries(entries || {}).map(([key, value]) =>
    typeof value === 'string' ? { key, textValue: value } : { key, binaryValue: value.binary },
  );
}

function normalizeSecrets(secrets = {}) {
  const out = {};
  for (const [id, versions] of Object.entries(secrets)) {
    out[id] = versions.map((v, n) => ({ id: v.id || `${id}-v${n + 1}`, entries: normalizeEntries(v.entries) }));
  }
  return out;
}

async function startLockbox(options = {}) {
  const state = {
    token: options.token || null,
    secrets: normalizeSecrets(options.secrets),
    script: new Script(null),
    reads: [],
  };

  function authorized(record) {
    const h = record.headers.authorization;
    if (typeof h !== 'string' || !/^Bearer \S+$/.test(h)) return false;
    return state.token === null || h === `Bearer ${state.token}`;
  }

  const server = await startServer('lockbox', {
    port: options.port,
    handle(req, res, record) {
      const m = PAYLOAD_PATH.exec(record.path);
      if (!m || req.method !== 'GET') return send(server, req, res, grpcError(5, `no route ${req.method} ${record.path}`));
      const scripted = state.script.next();
      if (scripted) return send(server, req, res, scripted);
      if (!authorized(record)) return send(server, req, res, grpcError(16, 'The token is invalid'));
      const secretId = decodeURIComponent(m[1]);
      const versions = state.secrets[secretId];
      if (!versions || versions.length === 0) return send(server, req, res, grpcError(5, `Secret ${secretId} not found`));
      const wanted = record.query.versionId;
      const version = wanted === undefined ? versions[versions.length - 1] : versions.find((v) => v.id === wanted);
      if (!version) return send(server, req, res, grpcError(5, `Version ${wanted} of secret ${secretId} not found`));
      state.reads.push({ secretId, versionId: version.id });
      const out = { versionId: version.id };
      // The protobuf JSON mapping leaves out an empty list.
      if (version.entries.length) out.entries = version.entries;
      return sendJson(res, 200, out);
    },
  });

  const api = extend(server, {
    kind: 'lockbox',
    get reads() {
      return [...state.reads];
    },
    setSecrets(secrets) {
      state.secrets = normalizeSecrets(secrets);
      return api;
    },
    script(route, replies, fallback = null) {
      if (route !== 'payload') throw new Error(`unknown lockbox route ${route} (payload)`);
      state.script.set(replies, fallback);
      return api;
    },
    // The control API's JSON: {token, secrets, payload: [specs], payloadFallback}.
    configure(c = {}) {
      if (c.token !== undefined) state.token = c.token;
      if (c.secrets) state.secrets = normalizeSecrets(c.secrets);
      api.script('payload', c.payload || [], c.payloadFallback || null);
      return { url: server.url, secrets: Object.keys(state.secrets).length };
    },
    resetStats() {
      state.reads.length = 0;
      server.clearRequests();
      return api;
    },
  });
  return api;
}

module.exports = { startLockbox };

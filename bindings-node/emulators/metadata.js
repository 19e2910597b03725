// The metadata service's token endpoint, for tests, benchmarks and the demo:
//
//   GET /computeMetadata/v1/instance/service-accounts/default/token
//   (request header `Metadata-Flavor: Google` required, else 403, as the real one)
//
// What it answers is a mode (MODES, the common cases by name) or a script: a list of
// reply specs (reply.js) served in order, then a fallback. A reply spec may also be
// { token: true [, expiresIn, tokenType, accessToken] }: a 200 token reply. Every
// reply carries `Metadata-Flavor: Google` unless its headers say otherwise (null
// removes it), and "{{token}}" in a body is replaced by the token.
//
//   const { startMetadata } = require('bindings-node/emulators');
//   const md = await startMetadata({ mode: 'ok', expiresIn: 3600 });
//   md.address                 // '127.0.0.1:40123': YC_METADATA_ADDR
//   md.setMode('status', { status: 404 });
//   md.script([{ status: 503 }, { fault: 'hang' }], { token: true });
//   md.requests                // [{method, path, query, headers, body, at}, ...]
//   await md.waitForRequests(1)
//   md.stats                   // { tokenRequests, redirectTargetHits, missingFlavor, otherRequests, served }
//   await md.close();
'use strict';

const crypto = require('crypto');
const { startServer, extend } = require('./server');
const { send, Script } = require('./reply');

const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';
const REDIRECT_TARGET = '/redirect-target';

const MODES = {
  ok: '200 with a valid token reply {access_token, expires_in, token_type: "Bearer"}',
  status: 'an empty-bodied reply with opts.status (e.g. 400, 403, 404, 429, 500, 503)',
  'not-found': '404 (no service account attached)',
  forbidden: '403',
  'server-error': '500',
  'unavailable-then-ok': '503 for the first opts.failures (default 1) requests, then ok',
  redirect: '302 to /redirect-target on this server (which counts its hits and serves a valid token)',
  'wrong-flavor': '200 with a valid token body but `Metadata-Flavor: Other`',
  garbage: '200 with a non-JSON body that contains the token',
  truncated: '200 with a JSON reply cut in the middle of the token',
  body: '200 with opts.body as the raw body (bad fields, wrong types...)',
  huge: '200 with a body of opts.size bytes (default 1 MiB) that begins like a token reply',
  hang: 'accepts the request and never answers',
  'hang-body': 'sends 200 headers and part of the body, then never finishes',
  slow: 'ok after opts.delayMs (default 1000) ms',
  reset: 'destroys the connection without answering (a network error)',
  'not-http': 'answers bytes that are not HTTP at all',
};

// A token shaped like Yandex's: t1.<base64url>.<86 base64url chars>.
function makeToken() {
  const b64url = (n) => crypto.randomBytes(n).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `t1.${b64url(48)}.${b64url(66).slice(0, 86)}`;
}

async function startMetadata(options = {}) {
  const state = {
    mode: options.mode || 'ok',
    token: options.token || makeToken(),
    expiresIn: options.expiresIn === undefined ? 3600 : options.expiresIn,
    stats: { tokenRequests: 0, redirectTargetHits: 0, missingFlavor: 0, otherRequests: 0, served: 0 },
    script: new Script(null),
  };
  const tokenJson = (spec = {}) => ({
    access_token: spec.accessToken === undefined ? state.token : spec.accessToken,
    expires_in: spec.expiresIn === undefined ? state.expiresIn : spec.expiresIn,
    token_type: spec.tokenType === undefined ? 'Bearer' : spec.tokenType,
  });

  // The reply spec a mode stands for (`url` is this server's, for the redirect).
  function modeSpec(mode, o, url) {
    const text = { 'Content-Type': 'text/plain' };
    switch (mode) {
      case 'ok':
        return [{ token: true }];
      case 'status':
        return [{ status: o.status || 500, body: '' }];
      case 'not-found':
        return [{ status: 404, body: 'not found\n', headers: text }];
      case 'forbidden':
        return [{ status: 403, body: 'forbidden\n', headers: text }];
      case 'server-error':
        return [{ status: 500, body: 'internal error\n', headers: text }];
      case 'unavailable-then-ok':
        return [{ token: true }, Array(o.failures === undefined ? 1 : o.failures).fill({ status: 503, body: 'unavailable\n' })];
      case 'redirect':
        return [{ fault: 'redirect', location: `${url}${REDIRECT_TARGET}` }];
      case 'wrong-flavor':
        return [{ token: true, headers: { 'Metadata-Flavor': 'Other' } }];
      case 'garbage':
        return [{ status: 200, body: '<html>not json {{token}}</html>', headers: { 'Content-Type': 'text/html' } }];
      case 'truncated':
        return [{ truncated: true }];
      case 'body':
        return [{ status: 200, body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }];
      case 'huge':
        return [{ fault: 'huge', size: o.size || 1024 * 1024, hugeToken: true }];
      case 'hang':
        return [{ fault: 'hang' }];
      case 'hang-body':
        return [{ fault: 'hang-body', token: true }];
      case 'slow':
        return [{ token: true, delayMs: o.delayMs === undefined ? 1000 : o.delayMs }];
      case 'reset':
        return [{ fault: 'close' }];
      case 'not-http':
        return [{ fault: 'not-http' }];
      default:
        throw new Error(`unknown metadata emulator mode: ${mode}`);
    }
  }

  // A metadata reply spec -> a generic one (reply.js).
  function resolve(spec) {
    const out = { ...spec, headers: { 'Metadata-Flavor': 'Google', ...(spec.headers || {}) } };
    if (spec.token) out.json = tokenJson(spec);
    if (spec.truncated) {
      const full = JSON.stringify(tokenJson());
      out.body = full.slice(0, full.indexOf(state.token) + 10);
    }
    if (spec.hugeToken) out.body = `{"access_token":"${state.token}","expires_in":3600,"token_type":"Bearer","pad":"`;
    if (typeof out.body === 'string') out.body = out.body.split('{{token}}').join(state.token);
    return out;
  }

  const server = await startServer('metadata', {
    port: options.port,
    handle(req, res, record) {
      if (record.path === REDIRECT_TARGET) {
        state.stats.redirectTargetHits++;
        return send(server, req, res, resolve({ token: true }));
      }
      if (record.path !== TOKEN_PATH || req.method !== 'GET') {
        state.stats.otherRequests++;
        return send(server, req, res, { status: 404, body: 'not found\n', headers: { 'Content-Type': 'text/plain' } });
      }
      state.stats.tokenRequests++;
      if (req.headers['metadata-flavor'] !== 'Google') {
        state.stats.missingFlavor++;
        return send(server, req, res, {
          status: 403,
          body: 'Missing Metadata-Flavor:Google header.\n',
          headers: { 'Content-Type': 'text/plain' },
        });
      }
      state.stats.served++;
      return send(server, req, res, resolve(state.script.next()));
    },
  });

  const api = extend(server, {
    kind: 'metadata',
    get token() {
      return state.token;
    },
    get mode() {
      return state.mode;
    },
    get stats() {
      return { ...state.stats };
    },
    // A named mode (MODES); opts: status, failures, body, size, delayMs, token, expiresIn.
    setMode(mode, opts = {}) {
      if (!Object.prototype.hasOwnProperty.call(MODES, mode)) throw new Error(`unknown emulator mode: ${mode}`);
      if (opts.expiresIn !== undefined) state.expiresIn = opts.expiresIn;
      if (opts.token !== undefined) state.token = opts.token;
      const [fallback, first = []] = modeSpec(mode, opts, server.url);
      state.mode = mode;
      state.script.set(first, fallback);
      return api;
    },
    // Replies served in order, then `fallback` (default: the current one).
    script(replies, fallback) {
      state.mode = 'script';
      state.script.set(replies, fallback);
      return api;
    },
    resetStats() {
      for (const k of Object.keys(state.stats)) state.stats[k] = 0;
      server.clearRequests();
      return api;
    },
    // The control API's and the vectors' JSON: {mode, opts} | {replies, fallback}, token, expiresIn.
    configure(c = {}) {
      if (c.token !== undefined) state.token = c.token;
      if (c.expiresIn !== undefined) state.expiresIn = c.expiresIn;
      if (c.mode) api.setMode(c.mode, c.opts || {});
      if (c.replies || c.fallback) api.script(c.replies || [], c.fallback || { token: true });
      return { mode: state.mode, token: state.token, address: server.address };
    },
  });
  api.setMode(state.mode, options);
  return api;
}

module.exports = { startMetadata, startEmulator: startMetadata, makeToken, MODES, TOKEN_PATH, REDIRECT_TARGET };

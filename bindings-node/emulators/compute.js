// The part of the Yandex Compute API a "stop the VMs" handler uses, written from the
// public REST reference (the facts: docs/platform.md, "The Compute API"):
//
//   GET  /compute/v1/instances?folderId=F[&pageSize=N][&pageToken=T]
//        -> {"instances": [...], "nextPageToken"?}   (a page without it is the last;
//           an empty folder answers {} as the protobuf JSON mapping omits empty lists)
//   POST /compute/v1/instances/{id}:stop
//        -> an Operation {id, description, createdAt, createdBy, modifiedAt, done: false,
//           metadata: {"@type": ".../StopInstanceMetadata", instanceId}}
//   errors: {"code": <gRPC code>, "message", "details": []} with the matching status.
//
// Every request needs `Authorization: Bearer <token>` (401 otherwise; with `token`
// set, exactly that token). Faults are scripted per route (reply.js specs, served in
// order before the normal answer): script('list', [...]), script('stop', [...]), and
// per instance: stopFaults[id] = spec (every stop of that id).
//
//   const { startCompute } = require('bindings-node/emulators');
//   const api = await startCompute({ token, instances: [{ id, folderId, name, status, labels }] });
//   api.url                     // YC_COMPUTE_ENDPOINT
//   api.requests / api.stops    // every request / the ids stopped, in order
'use strict';

const { startServer, sendJson, extend } = require('./server');
const { send, Script } = require('./reply');

const STATUSES = ['PROVISIONING', 'RUNNING', 'STOPPING', 'STOPPED', 'STARTING', 'RESTARTING', 'UPDATING', 'ERROR', 'CRASHED', 'DELETING'];
const LIST_PATH = '/compute/v1/instances';
const STOP_PATH = /^\/compute\/v1\/instances\/([^/:]+):stop$/;
const MAX_PAGE_SIZE = 1000;

const grpcError = (code, message) => ({ grpc: { code, message } });

async function startCompute(options = {}) {
  const state = {
    token: options.token || null,
    instances: [],
    pageSize: options.pageSize || 50,
    scripts: { list: new Script(null), stop: new Script(null) },
    stopFaults: {},
    stops: [],
    operations: 0,
  };

  function setInstances(list = []) {
    state.instances = list.map((i, n) => ({
      id: i.id || `fhm${String(n).padStart(17, '0')}`,
      folderId: i.folderId || 'b1gfolder',
      createdAt: '2026-11-01T10:00:00Z',
      name: i.name || `vm-${n}`,
      zoneId: 'ru-central1-a',
      platformId: 'standard-v3',
      status: i.status || 'RUNNING',
      ...(i.labels ? { labels: i.labels } : {}),
      ...i,
    }));
    for (const i of state.instances) if (!STATUSES.includes(i.status)) throw new Error(`bad instance status ${i.status}`);
  }

  function authorized(record) {
    const h = record.headers.authorization;
    if (typeof h !== 'string' || !/^Bearer \S+$/.test(h)) return false;
    return state.token === null || h === `Bearer ${state.token}`;
  }

  function list(req, res, record) {
    const q = record.query;
    if (!q.folderId) return send(server, req, res, grpcError(3, 'folder_id: Field required'));
    let size = state.pageSize;
    if (q.pageSize !== undefined) {
      size = Number(q.pageSize);
      if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
        return send(server, req, res, grpcError(3, `page_size: must be 0..${MAX_PAGE_SIZE}`));
      }
      if (size === 0) size = state.pageSize;
    }
    let offset = 0;
    if (q.pageToken !== undefined && q.pageToken !== '') {
      const m = /^page-(\d+)$/.exec(Buffer.from(q.pageToken, 'base64url').toString('utf8'));
      if (!m) return send(server, req, res, grpcError(3, 'page_token: invalid'));
      offset = Number(m[1]);
    }
    const all = state.instances.filter((i) => i.folderId === q.folderId);
    const page = all.slice(offset, offset + size);
    const out = {};
    if (page.length) out.instances = page;
    if (offset + size < all.length) out.nextPageToken = Buffer.from(`page-${offset + size}`).toString('base64url');
    return sendJson(res, 200, out);
  }

  function stop(req, res, record, id) {
    const inst = state.instances.find((i) => i.id === id);
    if (!inst) return send(server, req, res, grpcError(5, `Instance ${id} not found`));
    if (state.stopFaults[id]) return send(server, req, res, state.stopFaults[id]);
    if (inst.status !== 'RUNNING') {
      return send(server, req, res, { status: 409, ...grpcError(9, `Instance ${id} is ${inst.status}`) });
    }
    inst.status = 'STOPPING';
    state.stops.push(id);
    const now = new Date().toISOString();
    return sendJson(res, 200, {
      id: `fhmop${String(++state.operations).padStart(15, '0')}`,
      description: 'Stop instance',
      createdAt: now,
      createdBy: 'ajeserviceaccount0001',
      modifiedAt: now,
      done: false,
      metadata: { '@type': 'type.googleapis.com/yandex.cloud.compute.v1.StopInstanceMetadata', instanceId: id },
    });
  }

  const server = await startServer('compute', {
    port: options.port,
    handle(req, res, record) {
      const m = STOP_PATH.exec(record.path);
      const route = record.path === LIST_PATH && req.method === 'GET' ? 'list' : m && req.method === 'POST' ? 'stop' : null;
      if (!route) return send(server, req, res, grpcError(5, `no route ${req.method} ${record.path}`));
      const scripted = state.scripts[route].next();
      if (scripted) return send(server, req, res, scripted);
      if (!authorized(record)) return send(server, req, res, grpcError(16, 'The token is invalid'));
      return route === 'list' ? list(req, res, record) : stop(req, res, record, decodeURIComponent(m[1]));
    },
  });

  const api = extend(server, {
    kind: 'compute',
    get instances() {
      return state.instances;
    },
    get stops() {
      return [...state.stops];
    },
    setInstances,
    script(route, replies, fallback = null) {
      if (!state.scripts[route]) throw new Error(`unknown compute route ${route} (list, stop)`);
      state.scripts[route].set(replies, fallback);
      return api;
    },
    // The control API's and the vectors' JSON:
    // {token, pageSize, instances, list: [specs], stop: [specs], stopFaults: {id: spec}}
    // A vector describes the whole API: what it leaves out is the default again (a
    // page size or a fault of the previous vector must not leak into the next).
    configure(c = {}) {
      if (c.token !== undefined) state.token = c.token;
      state.pageSize = c.pageSize !== undefined ? c.pageSize : options.pageSize || 50;
      if (c.instances) setInstances(c.instances);
      api.script('list', c.list || [], c.listFallback || null);
      api.script('stop', c.stop || [], c.stopFallback || null);
      state.stopFaults = { ...(c.stopFaults || {}) };
      return { url: server.url, instances: state.instances.length };
    },
    resetStats() {
      state.stops.length = 0;
      server.clearRequests();
      return api;
    },
  });
  setInstances(options.instances || []);
  return api;
}

// Another origin: records what reaches it (a redirect target that must never see
// the Authorization header) and answers `reply` (default 200 {}).
async function startOther(options = {}) {
  let reply = options.reply || { json: {} };
  const server = await startServer('other', {
    port: options.port,
    handle(req, res) {
      send(server, req, res, reply);
    },
  });
  return extend(server, {
    kind: 'other',
    configure(c = {}) {
      if (c.reply) reply = c.reply;
      return { url: server.url };
    },
    resetStats() {
      server.clearRequests();
    },
  });
}

module.exports = { startCompute, startOther, STATUSES, LIST_PATH };

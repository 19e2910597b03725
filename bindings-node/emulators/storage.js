// Object Storage's S3 API, path style, as a function calls it with its IAM token,
// written from the S3 API reference and /work/shared/reference/platform.md:
//
//   GET    /{bucket}/{key}   -> the bytes, Content-Type, ETag, Last-Modified
//   PUT    /{bucket}/{key}   -> 200 with ETag (the body stored with its Content-Type)
//   HEAD   /{bucket}/{key}   -> the GET's headers without a body
//   DELETE /{bucket}/{key}   -> 204, whether or not the key existed
//   GET    /{bucket}?list-type=2[&prefix=][&delimiter=][&max-keys=][&continuation-token=]
//          -> ListBucketResult XML (Contents Key/LastModified/ETag/Size/StorageClass,
//             CommonPrefixes, IsTruncated, NextContinuationToken), keys in byte order
//   errors: XML <Error><Code>NoSuchKey|NoSuchBucket|AccessDenied|InvalidArgument|...
//           </Code><Message>...</Message><Resource>...</Resource><RequestId>...</RequestId></Error>
//
// Keys arrive percent-encoded in the path and are decoded. Every request needs
// `Authorization: Bearer <token>` (403 AccessDenied otherwise; with `token` set,
// exactly that token). Buckets: {name: {key: "text" | {body, base64, contentType}}}.
//
//   const { startStorage } = require('bindings-node/emulators');
//   const s3 = await startStorage({ token, buckets: { src: { 'a/b.txt': 'hello' } } });
//   s3.url                      // YC_STORAGE_ENDPOINT
//   s3.object('src', 'a/b.txt') // {body: Buffer, contentType, etag} or undefined
//   s3.script('get', [specs])   // per route: get, put, head, delete, list (reply.js specs;
//                               // s3Error(status, code, message) makes an S3 error spec)
'use strict';

const crypto = require('crypto');
const { startServer, extend } = require('./server');
const { send, Script } = require('./reply');

const ROUTES = ['get', 'put', 'head', 'delete', 'list'];
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_KEYS = 1000;

function xmlEscape(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

function errorXml(code, message, resource) {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    `<Resource>${xmlEscape(resource || '')}</Resource><RequestId>${crypto.randomBytes(8).toString('hex')}</RequestId></Error>`
  );
}

// A reply spec (reply.js) for an S3 error.
function s3Error(status, code, message, resource) {
  return { status, headers: { 'Content-Type': 'application/xml' }, body: errorXml(code, message, resource) };
}

function makeObject(value, now) {
  const spec = typeof value === 'string' || Buffer.isBuffer(value) ? { body: value } : value;
  const body = Buffer.isBuffer(spec.body)
    ? spec.body
    : Buffer.from(spec.body || '', spec.base64 ? 'base64' : 'utf8');
  return {
    body,
    contentType: spec.contentType || 'application/octet-stream',
    etag: `"${crypto.createHash('md5').update(body).digest('hex')}"`,
    modified: now,
  };
}

async function startStorage(options = {}) {
  const state = {
    token: options.token || null,
    buckets: new Map(),
    scripts: Object.fromEntries(ROUTES.map((r) => [r, new Script(null)])),
  };

  function setBuckets(buckets = {}) {
    state.buckets = new Map();
    const now = new Date();
    for (const [name, objects] of Object.entries(buckets)) {
      const map = new Map();
      for (const [key, value] of Object.entries(objects || {})) map.set(key, makeObject(value, now));
      state.buckets.set(name, map);
    }
  }

  function authorized(record) {
    const h = record.headers.authorization;
    if (typeof h !== 'string' || !/^Bearer \S+$/.test(h)) return false;
    return state.token === null || h === `Bearer ${state.token}`;
  }

  function objectHeaders(object) {
    return {
      'Content-Type': object.contentType,
      ETag: object.etag,
      'Last-Modified': object.modified.toUTCString(),
      'Content-Length': object.body.length,
    };
  }

  function list(req, res, bucketName, bucket, q) {
    const error = (message) => send(server, req, res, s3Error(400, 'InvalidArgument', message, `/${bucketName}`));
    if (q['list-type'] !== '2') return error('only ListObjectsV2 (list-type=2) is emulated');
    let maxKeys = MAX_KEYS;
    if (q['max-keys'] !== undefined) {
      maxKeys = Number(q['max-keys']);
      if (!/^\d+$/.test(q['max-keys']) || maxKeys > MAX_KEYS) return error('max-keys must be 0..1000');
    }
    const prefix = q.prefix || '';
    const delimiter = q.delimiter || '';
    let after = null;
    if (q['continuation-token'] !== undefined) {
      const decoded = Buffer.from(q['continuation-token'], 'base64url').toString('utf8');
      if (!decoded.startsWith('after:')) return error('The continuation token provided is incorrect');
      after = decoded.slice('after:'.length);
    }
    const keys = [...bucket.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    // Each entry is a key or a common prefix, in key order; a prefix counts once.
    const entries = [];
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) {
        const common = prefix + rest.slice(0, cut + delimiter.length);
        if (!entries.length || entries[entries.length - 1].prefix !== common) entries.push({ prefix: common, last: key });
        else entries[entries.length - 1].last = key;
      } else {
        entries.push({ key, last: key });
      }
    }
    const start = after === null ? 0 : entries.findIndex((e) => Buffer.compare(Buffer.from(e.last), Buffer.from(after)) > 0);
    const pending = start < 0 ? [] : entries.slice(start);
    const page = pending.slice(0, maxKeys);
    const truncated = pending.length > page.length;
    let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${NS}">`;
    xml += `<Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>`;
    if (delimiter) xml += `<Delimiter>${xmlEscape(delimiter)}</Delimiter>`;
    xml += `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`;
    if (q['continuation-token'] !== undefined) xml += `<ContinuationToken>${xmlEscape(q['continuation-token'])}</ContinuationToken>`;
    if (truncated) {
      const token = Buffer.from(`after:${page[page.length - 1].last}`).toString('base64url');
      xml += `<NextContinuationToken>${token}</NextContinuationToken>`;
    }
    xml += `<IsTruncated>${truncated}</IsTruncated>`;
    for (const e of page) {
      if (e.key === undefined) continue;
      const o = bucket.get(e.key);
      xml +=
        `<Contents><Key>${xmlEscape(e.key)}</Key><LastModified>${o.modified.toISOString()}</LastModified>` +
        `<ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    }
    for (const e of page) if (e.prefix !== undefined) xml += `<CommonPrefixes><Prefix>${xmlEscape(e.prefix)}</Prefix></CommonPrefixes>`;
    xml += '</ListBucketResult>';
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
    return res.end(xml);
  }

  const server = await startServer('storage', {
    port: options.port,
    handle(req, res, record) {
      const path = record.path;
      const slash = path.indexOf('/', 1);
      const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
      const rawKey = slash < 0 ? '' : path.slice(slash + 1);
      let bucketName;
      let key;
      try {
        bucketName = decodeURIComponent(rawBucket);
        key = decodeURIComponent(rawKey);
      } catch (e) {
        return send(server, req, res, s3Error(400, 'InvalidURI', 'Could not parse the specified URI.', path));
      }
      const route = key === '' ? (req.method === 'GET' ? 'list' : null) : { GET: 'get', PUT: 'put', HEAD: 'head', DELETE: 'delete' }[req.method];
      if (!route || !bucketName) {
        return send(server, req, res, s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', path));
      }
      const scripted = state.scripts[route].next();
      if (scripted) return send(server, req, res, scripted);
      const resource = `/${bucketName}${key ? `/${key}` : ''}`;
      if (!authorized(record)) return send(server, req, res, s3Error(403, 'AccessDenied', 'Access Denied', resource));
      const bucket = state.buckets.get(bucketName);
      if (!bucket) return send(server, req, res, s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', resource));
      if (route === 'list') return list(req, res, bucketName, bucket, record.query);
      if (route === 'put') {
        const object = makeObject({ body: record.bytes, contentType: record.headers['content-type'] }, new Date());
        bucket.set(key, object);
        res.writeHead(200, { ETag: object.etag, 'Content-Length': 0 });
        return res.end();
      }
      if (route === 'delete') {
        bucket.delete(key);
        res.writeHead(204);
        return res.end();
      }
      const object = bucket.get(key);
      if (!object) return send(server, req, res, s3Error(404, 'NoSuchKey', 'The specified key does not exist.', resource));
      res.writeHead(200, objectHeaders(object));
      return res.end(route === 'head' ? undefined : object.body);
    },
  });

  const api = extend(server, {
    kind: 'storage',
    setBuckets(buckets) {
      setBuckets(buckets);
      return api;
    },
    // The stored object (body: Buffer), or undefined.
    object(bucket, key) {
      const b = state.buckets.get(bucket);
      return b ? b.get(key) : undefined;
    },
    keys(bucket) {
      const b = state.buckets.get(bucket);
      return b ? [...b.keys()].sort() : undefined;
    },
    script(route, replies, fallback = null) {
      if (!state.scripts[route]) throw new Error(`unknown storage route ${route} (${ROUTES.join(', ')})`);
      state.scripts[route].set(replies, fallback);
      return api;
    },
    // The control API's JSON: {token, buckets, get|put|head|delete|list: [specs]}.
    // A configuration describes the whole API: scripts it leaves out are cleared.
    configure(c = {}) {
      if (c.token !== undefined) state.token = c.token;
      if (c.buckets) setBuckets(c.buckets);
      for (const route of ROUTES) api.script(route, c[route] || [], null);
      return { url: server.url, buckets: [...state.buckets.keys()] };
    },
    // For the control API's stats: every bucket's keys.
    contents() {
      return Object.fromEntries([...state.buckets.entries()].map(([name, b]) => [name, [...b.keys()].sort()]));
    },
    resetStats() {
      server.clearRequests();
      return api;
    },
  });
  setBuckets(options.buckets);
  return api;
}

module.exports = { startStorage, s3Error };

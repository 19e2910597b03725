// Judges what a runner observed against a vector: the one place the conformance
// suite's assertions live, whichever host (and language) played the vector.
//
// observation: { calls: [{ response?, exit?, logs: [line...], stderr?, error? }],
//                metadataRequests?: [...], computeRequests?: [...], lockboxRequests?: [...], storageRequests?: [...], docapiRequests?: [...],
//                otherRequests?: [...], connectionsRequests?: [...],
//                secrets: [token strings that must appear nowhere] }
// Returns a list of failures (empty: the vector passed on that host).
'use strict';

const { callsFor, FAMILY } = require('./vectors');

// Matches `actual` against `expected`: objects by subset (plus "$keys": the exact key
// set, "$absent": keys that must be missing), arrays elementwise and of equal length,
// and the operators {"$contains": s, "$excludes": s}, {"$members": [...]} (any order), {"$lte": n, "$gt": n, ...}, {"$any": true}.
function match(actual, expected, where, out) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    const ops = Object.keys(expected).filter((k) => k.startsWith('$') && !['$keys', '$absent'].includes(k));
    if (ops.length) {
      for (const op of ops) {
        const v = expected[op];
        const ok =
          op === '$contains' ? typeof actual === 'string' && actual.includes(v)
          : op === '$excludes' ? typeof actual === 'string' && !actual.includes(v)
          : op === '$lte' ? typeof actual === 'number' && actual <= v
          : op === '$lt' ? typeof actual === 'number' && actual < v
          : op === '$gte' ? typeof actual === 'number' && actual >= v
          : op === '$gt' ? typeof actual === 'number' && actual > v
          : op === '$any' ? actual !== undefined
          : op === '$members' ? Array.isArray(actual) && JSON.stringify([...actual].map(String).sort()) === JSON.stringify(v.map(String).sort())
          : false;
        if (!ok) out.push(`${where}: ${JSON.stringify(actual)} does not satisfy ${op} ${JSON.stringify(v)}`);
      }
      return;
    }
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${where}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    if (expected.$keys) {
      const got = Object.keys(actual).sort();
      const want = [...expected.$keys].sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${where}: keys ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    for (const k of expected.$absent || []) if (k in actual) out.push(`${where}.${k}: present, expected absent`);
    for (const [k, v] of Object.entries(expected)) if (!k.startsWith('$')) match(actual[k], v, `${where}.${k}`, out);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((v, i) => match(actual[i], v, `${where}[${i}]`, out));
    return;
  }
  if (actual !== expected) out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function count(list, expected, what, out) {
  const n = (list || []).length;
  if (typeof expected === 'number') {
    if (n !== expected) out.push(`${what}: ${n}, expected ${expected}`);
  } else if (n < expected.min || n > expected.max) {
    out.push(`${what}: ${n}, expected ${expected.min}..${expected.max}`);
  }
}

function records(lines) {
  return lines.map((line) => {
    try {
      const r = JSON.parse(line);
      return r && typeof r === 'object' ? r : null;
    } catch (e) {
      return null;
    }
  });
}

// The levels a log record may carry (docs/design.md, the host's log record).
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

// Every platform error answer, on every host and in every vector: a JSON body with
// a non-empty errorMessage beside its errorType, sent as application/json (a
// client reads the content type before the body).
function errorAnswer(r, body, at, out) {
  if (typeof body.errorMessage !== 'string' || body.errorMessage.length === 0) {
    out.push(`${at}: an error answer (${body.errorType}) without an errorMessage`);
  }
  const headers = { ...(r.headers || {}) };
  for (const [k, v] of Object.entries(r.multiValueHeaders || {})) headers[k] = [].concat(v).join(', ');
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type');
  if (!type || !/^application\/json\b/i.test(String(type[1]))) {
    out.push(`${at}: an error answer (${body.errorType}) with Content-Type ${JSON.stringify(type && type[1])}, expected application/json`);
  }
}

function judgeCall(call, seen, i, out, logRecords) {
  const e = call.expect;
  const at = `call ${i + 1}`;
  if (seen.error) {
    out.push(`${at}: the runner failed: ${seen.error}`);
    return;
  }
  if (e.exit !== undefined && seen.exit !== e.exit) out.push(`${at}: exit status ${seen.exit}, expected ${e.exit}`);
  if (e.exit === undefined && seen.exit !== undefined && seen.exit !== 0) {
    out.push(`${at}: exit status ${seen.exit}, expected 0 (${(seen.stderr || '').split('\n').slice(-3).join(' | ')})`);
  }
  if (e.response === false) {
    if (seen.response) out.push(`${at}: a response, expected none: ${JSON.stringify(seen.response).slice(0, 200)}`);
  } else if (e.result !== undefined) {
    // A result that is not an HTTP result object (a function authorizer's answer): matched whole.
    match(seen.response, e.result, `${at} result`, out);
  } else {
    const r = seen.response;
    if (!r || typeof r.statusCode !== 'number') {
      out.push(`${at}: no platform result (got ${JSON.stringify(r)})`);
      return;
    }
    let body;
    try {
      body = JSON.parse(r.body);
    } catch (err) {
      body = undefined;
    }
    if (e.status !== undefined && e.status !== null) {
      const bad = [];
      match(r.statusCode, e.status, 'status', bad);
      if (bad.length) out.push(`${at}: status ${r.statusCode}, expected ${JSON.stringify(e.status)} (body ${String(r.body).slice(0, 300)})`);
    }
    if (e.errorType !== undefined) match(body && body.errorType, e.errorType, `${at} errorType`, out);
    if (body && typeof body === 'object' && body.errorType !== undefined) errorAnswer(r, body, at, out);
    if (e.errorMessage !== undefined) match(body && body.errorMessage, e.errorMessage, `${at} errorMessage`, out);
    if (e.body !== undefined) match(body, e.body, `${at} body`, out);
  }
  const recs = records(seen.logs || []);
  if (logRecords) {
    (seen.logs || []).forEach((line, n) => {
      const r = recs[n];
      if (!r || !LEVELS.includes(r.level) || typeof r.msg !== 'string') {
        out.push(`${at}: log line ${n + 1} is not a log record {level, msg}: ${JSON.stringify(line).slice(0, 200)}`);
      }
    });
  }
  for (const want of e.logs || []) {
    const found = recs.some((r) => r && r.level === want.level && typeof r.msg === 'string' && r.msg.includes(want.contains || ''));
    if (!found) out.push(`${at}: no ${want.level} log record containing ${JSON.stringify(want.contains || '')} in ${JSON.stringify(seen.logs || []).slice(0, 400)}`);
  }
  if (e.stderrContains !== undefined && !String(seen.stderr || '').includes(e.stderrContains)) {
    out.push(`${at}: stderr lacks ${JSON.stringify(e.stderrContains)}`);
  }
}

// The sends the connections API received, as {connectionId, type, data (base64)}, in order.
function connectionSends(requests) {
  const out = [];
  for (const r of requests || []) {
    const m = /^\/apigateways\/websocket\/v1\/connections\/([^/:]+):send$/.exec(r.path);
    if (!m || r.method !== 'POST') continue;
    let body = {};
    try {
      body = JSON.parse(r.body);
    } catch (e) {
      body = { unparsable: r.body.slice(0, 100) };
    }
    out.push({ connectionId: decodeURIComponent(m[1]), type: body.type, data: body.data });
  }
  return out;
}

function judge(vector, host, observation) {
  const out = [];
  const calls = callsFor(vector, host);
  const seen = observation.calls || [];
  if (seen.length !== calls.length) out.push(`${seen.length} calls observed, ${calls.length} played`);
  calls.forEach((call, i) => seen[i] && judgeCall(call, seen[i], i, out, vector.logRecords));
  const counts = { ...(vector.requests || {}), ...((vector.requestsByHost || {})[FAMILY[host]] || {}) };
  if (counts.metadata !== undefined) count(observation.metadataRequests, counts.metadata, 'metadata requests', out);
  if (counts.compute !== undefined) count(observation.computeRequests, counts.compute, 'Compute API requests', out);
  if (counts.lockbox !== undefined) count(observation.lockboxRequests, counts.lockbox, 'Lockbox requests', out);
  if (counts.storage !== undefined) count(observation.storageRequests, counts.storage, 'Object Storage requests', out);
  if (counts.docapi !== undefined) count(observation.docapiRequests, counts.docapi, 'Document API requests', out);
  if (counts.other !== undefined) count(observation.otherRequests, counts.other, 'requests to the other origin', out);
  if (counts.connections !== undefined) {
    count(observation.connectionsRequests, counts.connections, 'connections API requests', out);
  }
  if (vector.connectionSends !== undefined) {
    match(connectionSends(observation.connectionsRequests), vector.connectionSends, 'connection sends', out);
  }
  if (vector.connectionsAuthorization) {
    for (const r of observation.connectionsRequests || []) {
      if (r.headers.authorization !== `Bearer ${observation.metadataToken}`) {
        out.push(`${r.method} ${r.path} without Authorization: Bearer <the token>`);
      }
    }
  }
  for (const [name, value] of Object.entries(vector.metadataRequestHeaders || {})) {
    for (const r of observation.metadataRequests || []) {
      if (r.headers[name] !== value) out.push(`a metadata request had ${name}: ${JSON.stringify(r.headers[name])}, expected ${value}`);
    }
  }
  // computeAuthorization: every request to a Yandex Cloud API emulator (Compute,
  // Lockbox, Object Storage, the Document API) carries the token, and none to
  // another origin.
  if (vector.computeAuthorization) {
    const apis = ['computeRequests', 'lockboxRequests', 'storageRequests', 'docapiRequests'];
    for (const r of apis.flatMap((k) => observation[k] || [])) {
      const want = `Bearer ${observation.metadataToken}`;
      if (r.headers.authorization !== want) out.push(`${r.method} ${r.path} without Authorization: Bearer <the token>`);
    }
    for (const r of observation.otherRequests || []) {
      if (r.headers.authorization !== undefined) out.push(`Authorization sent to another origin: ${r.method} ${r.path}`);
    }
  }
  // Values the vector says must never show (an authorizer's token and header).
  const never = JSON.stringify(seen.map((c) => [c.response, c.logs, c.stderr]));
  for (const secret of vector.secrets || []) {
    if (never.includes(secret)) out.push(`a secret of the vector (${secret.slice(0, 4)}...) appears in a response or a log`);
  }
  if (!vector.revealsToken) {
    const text = JSON.stringify(seen.map((c) => [c.response, c.logs, c.stderr]));
    for (const secret of observation.secrets || []) {
      if (secret && text.includes(secret)) out.push(`a token (${secret.slice(0, 4)}...) appears in a response or a log`);
      // A cut or re-wrapped token still leaks: its distinctive middle must not show either.
      else if (secret && secret.length >= 40 && text.includes(secret.slice(3, 40))) {
        out.push(`part of a token (${secret.slice(0, 4)}...) appears in a response or a log`);
      }
    }
    // secretValues: values the vector's emulators hold (Lockbox entries) that no
    // response and no log line may show, in full or their first 4 characters.
    for (const secret of vector.secretValues || []) {
      if (text.includes(secret)) out.push(`a secret value (${secret.length} chars) appears in a response or a log`);
      else if (secret.length >= 8 && text.includes(secret.slice(0, 4)))
        out.push(`the first 4 characters of a secret value appear in a response or a log`);
    }
  }
  return out;
}

module.exports = { judge, match };

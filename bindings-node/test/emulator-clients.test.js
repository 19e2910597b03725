// The emulators of the APIs the clients call (bindings-node/emulators/lockbox.js,
// storage.js, docapi.js): what the client tests and examples rely on.
'use strict';

const assert = require('assert');
const http = require('http');
const path = require('path');
const { test, startEmulatorCli } = require('../test-support/helpers');
const { startLockbox, startStorage, startDocapi, s3Error } = require('../emulators');

const TOKEN = 't1.emulator-test-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

function request(base, method, urlPath, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${urlPath}`, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, bytes, body: bytes.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The text of each <name>...</name> in an XML reply (the emulators' own, so a regex is enough).
function tags(xml, name) {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
}

test('lockbox emulator: payloads by version, gRPC errors, the token checked', async () => {
  const lb = await startLockbox({
    token: TOKEN,
    secrets: {
      e6qsecret: [
        { id: 'v1', entries: { password: 'old' } },
        { id: 'v2', entries: { password: 'new-p@ss', cert: { binary: 'AAEC' } } },
      ],
      e6qempty: [{ id: 'v1', entries: {} }],
    },
  });
  try {
    const current = await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload', AUTH);
    assert.strictEqual(current.status, 200);
    assert.deepStrictEqual(JSON.parse(current.body), {
      versionId: 'v2',
      entries: [{ key: 'password', textValue: 'new-p@ss' }, { key: 'cert', binaryValue: 'AAEC' }],
    });
    const old = JSON.parse((await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload?versionId=v1', AUTH)).body);
    assert.deepStrictEqual(old.entries, [{ key: 'password', textValue: 'old' }]);
    assert.deepStrictEqual(JSON.parse((await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qempty/payload', AUTH)).body), { versionId: 'v1' });
    const missing = await request(lb.url, 'GET', '/lockbox/v1/secrets/nope/payload', AUTH);
    assert.strictEqual(missing.status, 404);
    assert.strictEqual(JSON.parse(missing.body).code, 5);
    assert.strictEqual((await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload?versionId=v9', AUTH)).status, 404);
    const unauth = await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload', { Authorization: 'Bearer other' });
    assert.strictEqual(unauth.status, 401);
    assert.strictEqual(JSON.parse(unauth.body).code, 16);
    assert.strictEqual((await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload')).status, 401);
    lb.script('payload', [{ grpc: { code: 7, message: 'Permission denied' } }]);
    const denied = await request(lb.url, 'GET', '/lockbox/v1/secrets/e6qsecret/payload', AUTH);
    assert.strictEqual(denied.status, 403);
    assert.deepStrictEqual(lb.reads, [
      { secretId: 'e6qsecret', versionId: 'v2' },
      { secretId: 'e6qsecret', versionId: 'v1' },
      { secretId: 'e6qempty', versionId: 'v1' },
    ]);
    assert.strictEqual(lb.requests.length, 8);
    assert.strictEqual(lb.requests[0].headers.authorization, `Bearer ${TOKEN}`);
  } finally {
    await lb.close();
  }
});

test('storage emulator: put, get, head, delete with encoded keys and binary bodies; S3 XML errors', async () => {
  const s3 = await startStorage({ token: TOKEN, buckets: { src: { 'a b/c+d.txt': { body: 'hello', contentType: 'text/plain' } }, dst: {} } });
  try {
    const got = await request(s3.url, 'GET', '/src/a%20b/c%2Bd.txt', AUTH);
    assert.strictEqual(got.status, 200);
    assert.strictEqual(got.body, 'hello');
    assert.strictEqual(got.headers['content-type'], 'text/plain');
    assert.strictEqual(got.headers.etag, '"5d41402abc4b2a76b9719d911017c592"');
    const bytes = Buffer.from([0, 0xff, 0x80, 10]);
    const put = await request(s3.url, 'PUT', '/dst/copy/x.bin', { ...AUTH, 'Content-Type': 'application/x-thing' }, bytes);
    assert.strictEqual(put.status, 200);
    assert.ok(put.headers.etag);
    assert.deepStrictEqual(s3.object('dst', 'copy/x.bin').body, bytes);
    const back = await request(s3.url, 'GET', '/dst/copy/x.bin', AUTH);
    assert.deepStrictEqual(back.bytes, bytes);
    assert.strictEqual(back.headers['content-type'], 'application/x-thing');
    const head = await request(s3.url, 'HEAD', '/dst/copy/x.bin', AUTH);
    assert.strictEqual(head.status, 200);
    assert.strictEqual(head.headers['content-length'], '4');
    assert.strictEqual(head.body, '');
    assert.strictEqual((await request(s3.url, 'DELETE', '/dst/copy/x.bin', AUTH)).status, 204);
    assert.strictEqual((await request(s3.url, 'DELETE', '/dst/copy/x.bin', AUTH)).status, 204, 'deleting a missing key is fine');
    const noKey = await request(s3.url, 'GET', '/dst/copy/x.bin', AUTH);
    assert.strictEqual(noKey.status, 404);
    assert.strictEqual(noKey.headers['content-type'], 'application/xml');
    assert.deepStrictEqual(tags(noKey.body, 'Code'), ['NoSuchKey']);
    assert.deepStrictEqual(tags(noKey.body, 'Resource'), ['/dst/copy/x.bin']);
    assert.strictEqual((await request(s3.url, 'HEAD', '/dst/nothing', AUTH)).status, 404);
    const noBucket = await request(s3.url, 'GET', '/nope/k', AUTH);
    assert.strictEqual(noBucket.status, 404);
    assert.deepStrictEqual(tags(noBucket.body, 'Code'), ['NoSuchBucket']);
    const anonymous = await request(s3.url, 'GET', '/src/a%20b/c%2Bd.txt');
    assert.strictEqual(anonymous.status, 403);
    assert.deepStrictEqual(tags(anonymous.body, 'Code'), ['AccessDenied']);
    s3.script('get', [s3Error(503, 'SlowDown', 'Please reduce your request rate.')]);
    const slow = await request(s3.url, 'GET', '/src/a%20b/c%2Bd.txt', AUTH);
    assert.strictEqual(slow.status, 503);
    assert.deepStrictEqual(tags(slow.body, 'Code'), ['SlowDown']);
    assert.ok(s3.requests.every((r) => r.method && r.path));
  } finally {
    await s3.close();
  }
});

test('storage emulator: ListObjectsV2 pages with continuation tokens, prefixes and delimiters', async () => {
  const objects = {};
  for (const k of ['a/1', 'a/2', 'a/3', 'b&c', 'a/d/x', 'a/d/y']) objects[k] = k;
  const s3 = await startStorage({ token: TOKEN, buckets: { bk: objects } });
  try {
    const keysOf = (xml) => tags(xml, 'Key');
    const p1 = await request(s3.url, 'GET', '/bk?list-type=2&max-keys=2', AUTH);
    assert.strictEqual(p1.status, 200);
    assert.match(p1.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
    assert.deepStrictEqual(keysOf(p1.body), ['a/1', 'a/2']);
    assert.deepStrictEqual(tags(p1.body, 'IsTruncated'), ['true']);
    const [next] = tags(p1.body, 'NextContinuationToken');
    const p2 = await request(s3.url, 'GET', `/bk?list-type=2&max-keys=2&continuation-token=${encodeURIComponent(next)}`, AUTH);
    assert.deepStrictEqual(keysOf(p2.body), ['a/3', 'a/d/x']);
    const [next2] = tags(p2.body, 'NextContinuationToken');
    const p3 = await request(s3.url, 'GET', `/bk?list-type=2&max-keys=2&continuation-token=${encodeURIComponent(next2)}`, AUTH);
    assert.deepStrictEqual(keysOf(p3.body), ['a/d/y', 'b&amp;c']);
    assert.deepStrictEqual(tags(p3.body, 'IsTruncated'), ['false']);
    assert.deepStrictEqual(tags(p3.body, 'NextContinuationToken'), []);
    const prefixed = await request(s3.url, 'GET', '/bk?list-type=2&prefix=a%2F&delimiter=%2F', AUTH);
    assert.deepStrictEqual(keysOf(prefixed.body), ['a/1', 'a/2', 'a/3']);
    assert.deepStrictEqual(tags(prefixed.body, 'Prefix'), ['a/', 'a/d/']);
    assert.deepStrictEqual(tags(prefixed.body, 'Size'), ['3', '3', '3']);
    const empty = await request(s3.url, 'GET', '/bk?list-type=2&prefix=zzz', AUTH);
    assert.deepStrictEqual(tags(empty.body, 'KeyCount'), ['0']);
    assert.strictEqual((await request(s3.url, 'GET', '/bk?list-type=2&continuation-token=bogus', AUTH)).status, 400);
    assert.strictEqual((await request(s3.url, 'GET', '/bk?list-type=2&max-keys=5000', AUTH)).status, 400);
    assert.strictEqual((await request(s3.url, 'GET', '/bk', AUTH)).status, 400, 'only ListObjectsV2');
  } finally {
    await s3.close();
  }
});

function docapiCall(db, operation, body, headers = {}) {
  return request(db.url, 'POST', '/', {
    ...AUTH,
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': `DynamoDB_20120810.${operation}`,
    ...headers,
  }, JSON.stringify(body)).then((r) => ({ status: r.status, body: JSON.parse(r.body) }));
}

test('docapi emulator: Put/Get/Delete, conditions, UpdateItem ADD and SET with UPDATED_NEW', async () => {
  const db = await startDocapi({ token: TOKEN, tables: { counters: { hashKey: 'id' } } });
  try {
    const key = { id: { S: 'home' } };
    const add = {
      TableName: 'counters',
      Key: key,
      UpdateExpression: 'ADD hits :one SET #u = :now',
      ExpressionAttributeNames: { '#u': 'updated' },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':now': { S: '2026-01-01' } },
      ReturnValues: 'UPDATED_NEW',
    };
    const first = await docapiCall(db, 'UpdateItem', add);
    assert.strictEqual(first.status, 200);
    assert.deepStrictEqual(first.body, { Attributes: { hits: { N: '1' }, updated: { S: '2026-01-01' } } });
    assert.deepStrictEqual((await docapiCall(db, 'UpdateItem', add)).body.Attributes.hits, { N: '2' });
    assert.deepStrictEqual(db.item('counters', key), { id: { S: 'home' }, hits: { N: '2' }, updated: { S: '2026-01-01' } });
    const set = await docapiCall(db, 'UpdateItem', {
      TableName: 'counters', Key: key, UpdateExpression: 'SET hits = hits + :ten REMOVE updated',
      ExpressionAttributeValues: { ':ten': { N: '10' } }, ReturnValues: 'ALL_NEW',
    });
    assert.deepStrictEqual(set.body, { Attributes: { id: { S: 'home' }, hits: { N: '12' } } });

    const guarded = {
      TableName: 'counters', Key: key, UpdateExpression: 'ADD hits :one',
      ConditionExpression: 'hits < :max', ExpressionAttributeValues: { ':one': { N: '1' }, ':max': { N: '5' } },
    };
    const refused = await docapiCall(db, 'UpdateItem', guarded);
    assert.strictEqual(refused.status, 400);
    assert.deepStrictEqual(refused.body, {
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
    });
    assert.deepStrictEqual(db.item('counters', key).hits, { N: '12' }, 'a failed condition changes nothing');

    const item = { id: { S: 'u1' }, name: { S: 'Ann' }, tags: { SS: ['a'] }, on: { BOOL: true }, nil: { NULL: true } };
    assert.deepStrictEqual((await docapiCall(db, 'PutItem', { TableName: 'counters', Item: item })).body, {});
    const again = await docapiCall(db, 'PutItem', { TableName: 'counters', Item: item, ConditionExpression: 'attribute_not_exists(id)' });
    assert.strictEqual(again.body.__type, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException');
    assert.deepStrictEqual((await docapiCall(db, 'GetItem', { TableName: 'counters', Key: { id: { S: 'u1' } } })).body, { Item: item });
    assert.deepStrictEqual(
      (await docapiCall(db, 'GetItem', { TableName: 'counters', Key: { id: { S: 'u1' } }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'name' } })).body,
      { Item: { name: { S: 'Ann' } } },
    );
    assert.deepStrictEqual((await docapiCall(db, 'GetItem', { TableName: 'counters', Key: { id: { S: 'none' } } })).body, {});
    const deleted = await docapiCall(db, 'DeleteItem', { TableName: 'counters', Key: { id: { S: 'u1' } }, ConditionExpression: 'attribute_exists(id)', ReturnValues: 'ALL_OLD' });
    assert.deepStrictEqual(deleted.body, { Attributes: item });
    const gone = await docapiCall(db, 'DeleteItem', { TableName: 'counters', Key: { id: { S: 'u1' } }, ConditionExpression: 'attribute_exists(id)' });
    assert.strictEqual(gone.body.__type, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException');
  } finally {
    await db.close();
  }
});

test('docapi emulator: Query on the hash key with a range condition, Limit and ExclusiveStartKey', async () => {
  const items = [];
  for (let ts = 1; ts <= 5; ts++) items.push({ user: { S: 'u1' }, ts: { N: String(ts) }, kind: { S: ts % 2 ? 'odd' : 'even' } });
  items.push({ user: { S: 'u2' }, ts: { N: '1' } });
  const db = await startDocapi({ token: TOKEN, tables: { events: { hashKey: 'user', rangeKey: 'ts', items } } });
  try {
    const base = { TableName: 'events', KeyConditionExpression: '#u = :u AND ts > :after', ExpressionAttributeNames: { '#u': 'user' }, ExpressionAttributeValues: { ':u': { S: 'u1' }, ':after': { N: '1' } } };
    const p1 = await docapiCall(db, 'Query', { ...base, Limit: 2 });
    assert.deepStrictEqual(p1.body.Items.map((i) => i.ts.N), ['2', '3']);
    assert.deepStrictEqual(p1.body.LastEvaluatedKey, { user: { S: 'u1' }, ts: { N: '3' } });
    const p2 = await docapiCall(db, 'Query', { ...base, Limit: 2, ExclusiveStartKey: p1.body.LastEvaluatedKey });
    assert.deepStrictEqual(p2.body.Items.map((i) => i.ts.N), ['4', '5']);
    assert.strictEqual(p2.body.LastEvaluatedKey, undefined);
    const backwards = await docapiCall(db, 'Query', { ...base, ScanIndexForward: false });
    assert.deepStrictEqual(backwards.body.Items.map((i) => i.ts.N), ['5', '4', '3', '2']);
    const filtered = await docapiCall(db, 'Query', { ...base, FilterExpression: 'kind = :k', ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':k': { S: 'odd' } } });
    assert.deepStrictEqual(filtered.body.Items.map((i) => i.ts.N), ['3', '5']);
    assert.strictEqual(filtered.body.Count, 2);
    assert.strictEqual(filtered.body.ScannedCount, 4);
    const noHash = await docapiCall(db, 'Query', { TableName: 'events', KeyConditionExpression: 'ts > :t', ExpressionAttributeValues: { ':t': { N: '1' } } });
    assert.strictEqual(noHash.status, 400);
    assert.strictEqual(noHash.body.__type, 'com.amazon.coral.validate#ValidationException');
  } finally {
    await db.close();
  }
});

test('docapi emulator: nested values (M, L) and sets (SS, NS, BS) are stored, compared, merged and searched', async () => {
  const db = await startDocapi({ token: TOKEN, tables: { t: { hashKey: 'id' } } });
  try {
    const profile = { M: { name: { S: 'Ann' }, langs: { L: [{ S: 'ru' }, { N: '2' }, { M: { deep: { BOOL: true } } }] } } };
    const item = { id: { S: 'u' }, profile, tags: { SS: ['b', 'a'] }, scores: { NS: ['1', '2.5'] }, blobs: { BS: ['AAE='] }, gone: { NULL: true } };
    assert.strictEqual((await docapiCall(db, 'PutItem', { TableName: 't', Item: item })).status, 200);
    assert.deepStrictEqual((await docapiCall(db, 'GetItem', { TableName: 't', Key: { id: { S: 'u' } } })).body.Item, item);
    const check = (condition, values) =>
      docapiCall(db, 'PutItem', { TableName: 't', Item: item, ConditionExpression: condition, ExpressionAttributeValues: values }).then((r) => r.status);
    // = compares whole values: a map by its members, a set whatever its order (and NS by number).
    assert.strictEqual(await check('profile = :p', { ':p': profile }), 200);
    assert.strictEqual(await check('tags = :t AND scores = :n', { ':t': { SS: ['a', 'b'] }, ':n': { NS: ['2.50', '1'] } }), 200);
    assert.strictEqual(await check('profile = :p', { ':p': { M: { name: { S: 'Bob' } } } }), 400);
    assert.strictEqual(await check('contains(tags, :a) AND contains(scores, :n)', { ':a': { S: 'a' }, ':n': { N: '2.5' } }), 200);
    assert.strictEqual(await check('contains(tags, :z)', { ':z': { S: 'z' } }), 400);
    // ADD merges sets (no duplicates), DELETE takes elements out, SET stores nested values whole.
    const update = await docapiCall(db, 'UpdateItem', {
      TableName: 't',
      Key: { id: { S: 'u' } },
      UpdateExpression: 'ADD tags :more DELETE scores :one SET profile = :p2',
      ExpressionAttributeValues: { ':more': { SS: ['a', 'c'] }, ':one': { NS: ['1.0'] }, ':p2': { L: [{ M: { x: { N: '1' } } }] } },
      ReturnValues: 'ALL_NEW',
    });
    assert.strictEqual(update.status, 200, JSON.stringify(update.body));
    assert.deepStrictEqual(update.body.Attributes.tags, { SS: ['b', 'a', 'c'] });
    assert.deepStrictEqual(update.body.Attributes.scores, { NS: ['2.5'] });
    assert.deepStrictEqual(update.body.Attributes.profile, { L: [{ M: { x: { N: '1' } } }] });
  } finally {
    await db.close();
  }
});

test('docapi emulator: what it does not emulate, or DynamoDB refuses, is a ValidationException naming why', async () => {
  const db = await startDocapi({ token: TOKEN, tables: { t: { hashKey: 'id' } } });
  try {
    const refused = [
      [{ Item: { id: { S: 'a' }, s: { SS: [] } } }, /An string set  may not be empty/],
      [{ Item: { id: { S: 'a' }, s: { NS: ['1', '1.0'] } } }, /Input collection contains duplicates/],
      [{ Item: { id: { S: 'a' }, m: { M: { x: { NS: ['one'] } } } } }, /cannot be converted into a number/],
      [{ Item: { id: { S: 'a' }, l: { L: [{ Q: 'x' }] } } }, /unknown data type Q/],
      [{ Item: { id: { S: 'a' } }, ConditionExpression: 'size(id) > :n', ExpressionAttributeValues: { ':n': { N: '1' } } }, /Invalid function name; function: size/],
      [{ Item: { id: { S: 'a' } }, ConditionExpression: 'profile.name = :n', ExpressionAttributeValues: { ':n': { S: 'x' } } }, /nested attribute paths are not emulated/],
      [{ Item: { id: { S: 'a' } }, ConditionExpression: 'id = :v', ExpressionAttributeValues: { ':v': { SS: [] } } }, /may not be empty/],
    ];
    for (const [body, message] of refused) {
      const r = await docapiCall(db, 'PutItem', { TableName: 't', ...body });
      assert.strictEqual(r.status, 400, JSON.stringify(body));
      assert.strictEqual(r.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.match(r.body.message, message);
    }
  } finally {
    await db.close();
  }
});

test('docapi emulator: unknown tables, bad requests and a missing token are the service errors', async () => {
  const db = await startDocapi({ token: TOKEN, tables: { t: { hashKey: 'id' } } });
  try {
    const missing = await docapiCall(db, 'GetItem', { TableName: 'nope', Key: { id: { S: 'a' } } });
    assert.strictEqual(missing.status, 400);
    assert.strictEqual(missing.body.__type, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    const badKey = await docapiCall(db, 'GetItem', { TableName: 't', Key: { other: { S: 'a' } } });
    assert.strictEqual(badKey.body.__type, 'com.amazon.coral.validate#ValidationException');
    const badExpr = await docapiCall(db, 'UpdateItem', { TableName: 't', Key: { id: { S: 'a' } }, UpdateExpression: 'SET a.b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } });
    assert.strictEqual(badExpr.body.__type, 'com.amazon.coral.validate#ValidationException');
    const undefinedValue = await docapiCall(db, 'UpdateItem', { TableName: 't', Key: { id: { S: 'a' } }, UpdateExpression: 'SET a = :v' });
    assert.match(undefinedValue.body.message, /attribute value used in expression is not defined/);
    const keyUpdate = await docapiCall(db, 'UpdateItem', { TableName: 't', Key: { id: { S: 'a' } }, UpdateExpression: 'SET id = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } });
    assert.match(keyUpdate.body.message, /part of the key/);
    const unknown = await docapiCall(db, 'Scan', { TableName: 't' });
    assert.strictEqual(unknown.body.__type, 'com.amazonaws.dynamodb.v20120810#UnknownOperationException');
    const wrongType = await docapiCall(db, 'GetItem', { TableName: 't', Key: { id: { S: 'a' } } }, { 'Content-Type': 'application/json' });
    assert.strictEqual(wrongType.body.__type, 'com.amazonaws.dynamodb.v20120810#SerializationException');
    const anonymous = await docapiCall(db, 'GetItem', { TableName: 't', Key: { id: { S: 'a' } } }, { Authorization: '' });
    assert.strictEqual(anonymous.status, 400);
    assert.strictEqual(anonymous.body.__type, 'com.amazonaws.dynamodb.v20120810#UnrecognizedClientException');
    db.script('PutItem', [{ status: 400, json: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' } }]);
    const throttled = await docapiCall(db, 'PutItem', { TableName: 't', Item: { id: { S: 'a' } } });
    assert.strictEqual(throttled.body.__type, 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException');
    assert.strictEqual(db.requests[0].headers['x-amz-target'], 'DynamoDB_20120810.GetItem');
  } finally {
    await db.close();
  }
});

test('emulators: cli.js --only lockbox,storage,docapi is configured and inspected through the control API', async () => {
  const { child, ports } = await startEmulatorCli(['--only', 'lockbox,storage,docapi']);
  try {
    assert.deepStrictEqual(Object.keys(ports).sort(), ['control', 'docapi', 'lockbox', 'storage']);
    const control = `http://127.0.0.1:${ports.control}`;
    const post = (route, body) => request(control, 'POST', `/_control/${route}`, {}, JSON.stringify(body)).then((r) => JSON.parse(r.body));
    assert.strictEqual((await post('lockbox', { token: TOKEN, secrets: { s1: [{ id: 'v1', entries: { k: 'v' } }] } })).secrets, 1);
    assert.deepStrictEqual((await post('storage', { token: TOKEN, buckets: { b1: { x: 'y' } } })).buckets, ['b1']);
    assert.deepStrictEqual((await post('docapi', { token: TOKEN, tables: { t: { hashKey: 'id' } } })).tables, ['t']);
    const lockbox = `http://127.0.0.1:${ports.lockbox}`;
    assert.strictEqual((await request(lockbox, 'GET', '/lockbox/v1/secrets/s1/payload', AUTH)).status, 200);
    const storage = `http://127.0.0.1:${ports.storage}`;
    assert.strictEqual((await request(storage, 'PUT', '/b1/new', AUTH, 'z')).status, 200);
    const stats = JSON.parse((await request(control, 'GET', '/_control/stats')).body);
    assert.deepStrictEqual(stats.lockboxReads, [{ secretId: 's1', versionId: 'v1' }]);
    assert.deepStrictEqual(stats.storage, { b1: ['new', 'x'] });
    assert.deepStrictEqual(stats.docapi, { t: [] });
    const recorded = JSON.parse((await request(control, 'GET', '/_control/requests?server=storage')).body);
    assert.strictEqual(recorded[0].body, 'z');
    assert.strictEqual(recorded[0].bytes, undefined, 'the raw bytes stay out of the JSON');
  } finally {
    child.stdin.end();
  }
});

// The Document API of a YDB serverless database (DynamoDB-compatible), written
// from the DynamoDB API reference and /work/shared/reference/platform.md:
//
//   POST /   X-Amz-Target: DynamoDB_20120810.<Operation>
//            Content-Type: application/x-amz-json-1.0
//   GetItem     {TableName, Key, ConsistentRead?, ProjectionExpression?} -> {Item?}
//   PutItem     {TableName, Item, ConditionExpression?, ReturnValues: NONE|ALL_OLD}
//   UpdateItem  {TableName, Key, UpdateExpression (SET, ADD, REMOVE, DELETE),
//                ConditionExpression?, ReturnValues: NONE|ALL_OLD|UPDATED_OLD|ALL_NEW|UPDATED_NEW}
//   DeleteItem  {TableName, Key, ConditionExpression?, ReturnValues: NONE|ALL_OLD}
//   Query       {TableName, KeyConditionExpression (hash key =, and a range key
//                condition), FilterExpression?, Limit?, ScanIndexForward?,
//                ExclusiveStartKey?, ProjectionExpression?}
//               -> {Items, Count, ScannedCount, LastEvaluatedKey?}
//   (ExpressionAttributeNames / ExpressionAttributeValues wherever expressions are)
//   errors: 400 {"__type": "com.amazonaws.dynamodb.v20120810#<Exception>", "message"}:
//           ConditionalCheckFailedException, ResourceNotFoundException,
//           ValidationException (com.amazon.coral.validate#), SerializationException,
//           UnknownOperationException, UnrecognizedClientException (no or wrong token).
//
// Expressions: docapi_expr.js (top-level attribute paths; values of every type). Items are kept in
// their wire form. Tables: {name: {hashKey, rangeKey?, items: [wire items]}}.
//
//   const { startDocapi } = require('bindings-node/emulators');
//   const db = await startDocapi({ token, tables: { counters: { hashKey: 'id' } } });
//   db.url                       // YDB_DOCAPI_ENDPOINT
//   db.item('counters', { id: { S: 'home' } })   // the stored item, or undefined
//   db.script('UpdateItem', [specs])              // per operation (reply.js specs)
'use strict';

const { startServer, sendJson, extend } = require('./server');
const { send, Script } = require('./reply');
const expr = require('./docapi_expr');

const OPERATIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'];
const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const DYNAMO = 'com.amazonaws.dynamodb.v20120810#';

class ApiError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

const validation = (message) => new ApiError('com.amazon.coral.validate#ValidationException', message);

function keyString(table, key) {
  return JSON.stringify([key[table.hashKey], table.rangeKey ? key[table.rangeKey] : null]);
}

function pick(item, names) {
  const out = {};
  for (const n of names) if (n in item) out[n] = item[n];
  return out;
}

async function startDocapi(options = {}) {
  const state = {
    token: options.token || null,
    tables: new Map(),
    scripts: Object.fromEntries(OPERATIONS.map((o) => [o, new Script(null)])),
  };

  function setTables(tables = {}) {
    state.tables = new Map();
    for (const [name, t] of Object.entries(tables)) {
      const table = { hashKey: t.hashKey || 'id', rangeKey: t.rangeKey || null, items: new Map() };
      for (const item of t.items || []) table.items.set(keyString(table, item), item);
      state.tables.set(name, table);
    }
  }

  function authorized(headers) {
    const h = headers.authorization;
    if (typeof h !== 'string' || !/^Bearer \S+$/.test(h)) return false;
    return state.token === null || h === `Bearer ${state.token}`;
  }

  function tableOf(body) {
    if (typeof body.TableName !== 'string' || !body.TableName) throw validation('TableName is required');
    const table = state.tables.get(body.TableName);
    if (!table) throw new ApiError(`${DYNAMO}ResourceNotFoundException`, 'Requested resource not found');
    return table;
  }

  function checkValue(v) {
    const why = expr.invalidValue(v);
    if (why) throw validation(why);
  }

  function checkItem(item, what) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw validation(`${what} is required`);
    for (const v of Object.values(item)) checkValue(v);
  }

  function keyOf(table, key) {
    checkItem(key, 'Key');
    const wanted = [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])];
    const names = Object.keys(key).sort();
    if (names.length !== wanted.length || !wanted.every((n) => n in key)) {
      throw validation('The provided key element does not match the schema');
    }
    for (const n of wanted) {
      if (!['S', 'N', 'B'].includes(expr.typeOf(key[n]))) throw validation('The provided key element does not match the schema');
    }
    return key;
  }

  function checkCondition(body, item) {
    if (body.ConditionExpression === undefined) return;
    const { node } = expr.parseCondition(body.ConditionExpression, body.ExpressionAttributeNames, body.ExpressionAttributeValues);
    if (!expr.evaluate(node, item || {})) {
      throw new ApiError(`${DYNAMO}ConditionalCheckFailedException`, 'The conditional request failed');
    }
  }

  function returnValues(body, allowed) {
    const rv = body.ReturnValues === undefined ? 'NONE' : body.ReturnValues;
    if (!allowed.includes(rv)) throw validation(`ReturnValues ${rv} is not valid for this operation`);
    return rv;
  }

  const ops = {
    GetItem(body) {
      const table = tableOf(body);
      const key = keyOf(table, body.Key);
      const item = table.items.get(keyString(table, key));
      if (!item) return {};
      if (body.ProjectionExpression) return { Item: pick(item, expr.parseProjection(body.ProjectionExpression, body.ExpressionAttributeNames)) };
      return { Item: item };
    },
    PutItem(body) {
      const table = tableOf(body);
      checkItem(body.Item, 'Item');
      keyOf(table, pick(body.Item, [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])]));
      const rv = returnValues(body, ['NONE', 'ALL_OLD']);
      const k = keyString(table, body.Item);
      const old = table.items.get(k);
      checkCondition(body, old);
      table.items.set(k, body.Item);
      return rv === 'ALL_OLD' && old ? { Attributes: old } : {};
    },
    UpdateItem(body) {
      const table = tableOf(body);
      const key = keyOf(table, body.Key);
      const rv = returnValues(body, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']);
      if (typeof body.UpdateExpression !== 'string') throw validation('UpdateExpression is required (AttributeUpdates is not emulated)');
      const { actions } = expr.parseUpdate(body.UpdateExpression, body.ExpressionAttributeNames, body.ExpressionAttributeValues);
      for (const a of actions) {
        if (a.path === table.hashKey || a.path === table.rangeKey) {
          throw validation(`Cannot update attribute ${a.path}. This attribute is part of the key`);
        }
      }
      const k = keyString(table, key);
      const old = table.items.get(k);
      checkCondition(body, old);
      const { item, updated } = expr.applyUpdate(actions, old || { ...key });
      table.items.set(k, item);
      if (rv === 'ALL_OLD') return old ? { Attributes: old } : {};
      if (rv === 'ALL_NEW') return { Attributes: item };
      if (rv === 'UPDATED_OLD') {
        const out = pick(old || {}, updated);
        return Object.keys(out).length ? { Attributes: out } : {};
      }
      if (rv === 'UPDATED_NEW') {
        const out = pick(item, updated);
        return Object.keys(out).length ? { Attributes: out } : {};
      }
      return {};
    },
    DeleteItem(body) {
      const table = tableOf(body);
      const key = keyOf(table, body.Key);
      const rv = returnValues(body, ['NONE', 'ALL_OLD']);
      const k = keyString(table, key);
      const old = table.items.get(k);
      checkCondition(body, old);
      table.items.delete(k);
      return rv === 'ALL_OLD' && old ? { Attributes: old } : {};
    },
    Query(body) {
      const table = tableOf(body);
      if (body.IndexName !== undefined) throw validation('secondary indexes are not emulated');
      if (typeof body.KeyConditionExpression !== 'string') throw validation('KeyConditionExpression is required');
      const { node } = expr.parseCondition(body.KeyConditionExpression, body.ExpressionAttributeNames, body.ExpressionAttributeValues);
      // The hash key must be matched with '=' (at the top, or in a top-level AND).
      const parts = node.and ? [node.and[0], node.and[1]] : [node];
      if (!parts.some((p) => p.cmp === '=' && p.left.path === table.hashKey && 'value' in p.right)) {
        throw validation('Query condition missed key schema element: ' + table.hashKey);
      }
      const filter = body.FilterExpression === undefined ? null
        : expr.parseCondition(body.FilterExpression, body.ExpressionAttributeNames, body.ExpressionAttributeValues).node;
      const limit = body.Limit === undefined ? Infinity : body.Limit;
      if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0))) throw validation('Limit must be at least 1');
      let items = [...table.items.values()].filter((i) => expr.evaluate(node, i));
      if (table.rangeKey) items.sort((a, b) => expr.compareScalars(a[table.rangeKey], b[table.rangeKey]) || 0);
      if (body.ScanIndexForward === false) items.reverse();
      if (body.ExclusiveStartKey !== undefined) {
        const start = keyString(table, keyOf(table, body.ExclusiveStartKey));
        const at = items.findIndex((i) => keyString(table, i) === start);
        items = at < 0 ? [] : items.slice(at + 1);
      }
      const scanned = items.slice(0, limit);
      const out = {};
      let found = filter ? scanned.filter((i) => expr.evaluate(filter, i)) : scanned;
      if (body.ProjectionExpression) {
        const names = expr.parseProjection(body.ProjectionExpression, body.ExpressionAttributeNames);
        found = found.map((i) => pick(i, names));
      }
      out.Items = found;
      out.Count = found.length;
      out.ScannedCount = scanned.length;
      if (scanned.length === limit && items.length > limit) {
        out.LastEvaluatedKey = pick(scanned[scanned.length - 1], [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])]);
      }
      return out;
    },
  };

  function fail(res, status, type, message) {
    return sendJson(res, status, { __type: type, message }, { 'Content-Type': CONTENT_TYPE });
  }

  const server = await startServer('docapi', {
    port: options.port,
    handle(req, res, record) {
      if (req.method !== 'POST') return fail(res, 405, `${DYNAMO}UnknownOperationException`, 'POST only');
      const target = record.headers['x-amz-target'] || '';
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (!OPERATIONS.includes(operation)) return fail(res, 400, `${DYNAMO}UnknownOperationException`, `unknown operation ${target}`);
      const scripted = state.scripts[operation].next();
      if (scripted) return send(server, req, res, scripted);
      if (!authorized(record.headers)) {
        return fail(res, 400, `${DYNAMO}UnrecognizedClientException`, 'The security token included in the request is invalid.');
      }
      if ((record.headers['content-type'] || '').split(';')[0].trim() !== CONTENT_TYPE) {
        return fail(res, 400, `${DYNAMO}SerializationException`, `Content-Type must be ${CONTENT_TYPE}`);
      }
      let body;
      try {
        body = JSON.parse(record.body);
      } catch (e) {
        return fail(res, 400, `${DYNAMO}SerializationException`, 'the body is not JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(res, 400, `${DYNAMO}SerializationException`, 'the body is not a JSON object');
      try {
        if (body.ExpressionAttributeValues !== undefined) checkItem(body.ExpressionAttributeValues, 'ExpressionAttributeValues');
        return sendJson(res, 200, ops[operation](body), { 'Content-Type': CONTENT_TYPE });
      } catch (e) {
        if (e instanceof ApiError) return fail(res, 400, e.type, e.message);
        if (e instanceof expr.ValidationError) return fail(res, 400, 'com.amazon.coral.validate#ValidationException', `Invalid expression: ${e.message}`);
        throw e;
      }
    },
  });

  const api = extend(server, {
    kind: 'docapi',
    setTables(tables) {
      setTables(tables);
      return api;
    },
    // The stored item with `key` (wire form), or undefined.
    item(tableName, key) {
      const table = state.tables.get(tableName);
      return table ? table.items.get(keyString(table, key)) : undefined;
    },
    items(tableName) {
      const table = state.tables.get(tableName);
      return table ? [...table.items.values()] : undefined;
    },
    script(operation, replies, fallback = null) {
      if (!state.scripts[operation]) throw new Error(`unknown docapi operation ${operation} (${OPERATIONS.join(', ')})`);
      state.scripts[operation].set(replies, fallback);
      return api;
    },
    // The control API's JSON: {token, tables, <Operation>: [specs]}; scripts left out are cleared.
    configure(c = {}) {
      if (c.token !== undefined) state.token = c.token;
      if (c.tables) setTables(c.tables);
      for (const op of OPERATIONS) api.script(op, c[op] || [], null);
      return { url: server.url, tables: [...state.tables.keys()] };
    },
    // For the control API's stats: every table's items.
    contents() {
      return Object.fromEntries([...state.tables.entries()].map(([name, t]) => [name, [...t.items.values()]]));
    },
    resetStats() {
      server.clearRequests();
      return api;
    },
  });
  setTables(options.tables);
  return api;
}

module.exports = { startDocapi, OPERATIONS };

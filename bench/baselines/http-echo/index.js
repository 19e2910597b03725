// Baseline: examples/http-echo written the way a Node.js developer would write it
// in plain JavaScript, with the same JSON reply (method, path, query, headers,
// content_type, user_agent, body_size, body_was_base64, request_id).
// bench/lib/check-echo.js checks that both answer the same body for the same event.
'use strict';

// multiValue* maps win; single-value maps fill in the names they lack.
function merge(multi, single, foldCase) {
  const out = {};
  const seen = new Set();
  for (const [name, values] of Object.entries(multi || {})) {
    out[name] = values;
    seen.add(foldCase ? name.toLowerCase() : name);
  }
  for (const [name, value] of Object.entries(single || {})) {
    if (!seen.has(foldCase ? name.toLowerCase() : name)) out[name] = [value];
  }
  return out;
}

function lastHeader(headers, wanted) {
  for (const [name, values] of Object.entries(headers)) {
    if (name.toLowerCase() === wanted) return values[values.length - 1];
  }
  return null;
}

exports.main = async (event, context) => {
  if (typeof event.httpMethod !== 'string') {
    return {
      statusCode: 400,
      headers: { 'Content-Type': 'application/json' },
      isBase64Encoded: false,
      body: JSON.stringify({ errorMessage: 'http-echo answers HTTP invocations only', errorType: 'event.not_http' }),
    };
  }
  const headers = merge(event.multiValueHeaders, event.headers, true);
  const query = merge(event.multiValueQueryStringParameters, event.queryStringParameters, false);
  const body = event.isBase64Encoded ? Buffer.from(event.body || '', 'base64') : Buffer.from(event.body || '', 'utf8');
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    isBase64Encoded: false,
    body: JSON.stringify({
      method: event.httpMethod,
      path: event.url ? event.url.split(/[?#]/)[0] : event.path || '',
      query,
      headers,
      content_type: lastHeader(headers, 'content-type'),
      user_agent: lastHeader(headers, 'user-agent'),
      body_size: body.length,
      body_was_base64: Boolean(event.isBase64Encoded),
      request_id: context.requestId || '',
    }),
  };
};

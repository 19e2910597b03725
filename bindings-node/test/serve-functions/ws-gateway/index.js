// A WebSocket function in plain JavaScript, for `ycfn serve`'s gateway tests:
// CONNECT with ?deny=1 answers 403 (the client is refused); a MESSAGE "close"
// closes its connection through the connections API, any other is sent back
// upper-cased; every event is logged as "ws <EVENT_TYPE> <requestContext JSON>".
const http = require('http');

function call(method, path, body, token) {
  const url = new URL(process.env.YC_APIGW_CONNECTIONS_ENDPOINT + path);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

exports.main = async function (event, context) {
  const rc = event.requestContext;
  console.log(`ws ${rc.eventType} ${JSON.stringify(rc)}`);
  if (rc.eventType === 'CONNECT' && (event.queryStringParameters || {}).deny) return { statusCode: 403, body: 'no' };
  if (rc.eventType === 'MESSAGE') {
    const path = `/apigateways/websocket/v1/connections/${rc.connectionId}`;
    const token = context.token.access_token;
    if (event.body === 'close') {
      console.log(`close answered ${await call('DELETE', path, undefined, token)}`);
    } else {
      const data = Buffer.from(event.body.toUpperCase()).toString('base64');
      console.log(`send answered ${await call('POST', `${path}:send`, JSON.stringify({ data, type: 'TEXT' }), token)}`);
    }
  }
  return { statusCode: 200 };
};

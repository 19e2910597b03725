// Checks that the JavaScript http-echo baseline answers what examples/http-echo
// answers: same statusCode, and the same JSON body (compared with sorted keys:
// nlohmann::json prints object keys sorted, JSON.stringify in insertion order).
// Run by the benchmark before it measures anything; exits 1 on a difference.
//   node bench/lib/check-echo.js
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, events, makeContext, canonical, ycfnDir, baselineDir } = require('./common');

const fixture = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/docs', name), 'utf8'));

const CASES = [
  ['docs POST (base64 body)', fixture('http-post-curl-docs.json')],
  ['bench 1 KB event', events['1k']()],
  ['bench 1 MiB base64 body', events['1m']()],
  ['GET, no body', events.get()],
  ['url with query', { httpMethod: 'GET', url: '/a/b?x=1#f', path: '/ignored', headers: { 'user-agent': 'ua', 'CONTENT-TYPE': 'text/plain' }, body: 'héllo', isBase64Encoded: false }],
  ['multi-value only', { httpMethod: 'PUT', multiValueHeaders: { Accept: ['a', 'b'] }, multiValueQueryStringParameters: { q: ['1', '2'] }, body: '' }],
  ['single-value only', { httpMethod: 'DELETE', headers: { Accept: 'x' }, queryStringParameters: { q: '1' } }],
  ['timer trigger (not HTTP)', fixture('timer-docs.json')],
];

async function main() {
  const ycfn = require(path.join(ycfnDir('http-echo'), 'index.js'));
  const js = require(path.join(baselineDir('http-echo'), 'index.js'));
  let differences = 0;
  for (const [label, event] of CASES) {
    const [a, b] = [await ycfn.main(event, makeContext('check-1', false)), await js.main(event, makeContext('check-1', false))];
    const bodyA = canonical(JSON.parse(a.body));
    const bodyB = canonical(JSON.parse(b.body));
    const same = a.statusCode === b.statusCode && bodyA === bodyB;
    if (!same) {
      differences++;
      process.stderr.write(`check-echo: ${label}: ycfn ${a.statusCode} ${bodyA.slice(0, 400)}\n                 js   ${b.statusCode} ${bodyB.slice(0, 400)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ cases: CASES.length, differences })}\n`);
  process.exit(differences ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`check-echo: ${e.stack || e}\n`);
  process.exit(1);
});

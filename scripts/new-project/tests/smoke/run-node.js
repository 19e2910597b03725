// Calls a built function once the way the Yandex Cloud Functions Node.js
// runtime does, index.main(event, context), and prints the result as JSON.
//
//   node tests/smoke/run-node.js build/node/function tests/fixtures/get.json tests/smoke/context.json
'use strict';

const fs = require('fs');
const path = require('path');

const [dir, eventPath, contextPath] = process.argv.slice(2);
if (!dir || !eventPath) {
  console.error('usage: node run-node.js <function dir> <event.json> [context.json]');
  process.exit(2);
}
const fn = require(path.resolve(dir, 'index.js'));
const event = JSON.parse(fs.readFileSync(eventPath, 'utf8'));
const context = contextPath ? JSON.parse(fs.readFileSync(contextPath, 'utf8')) : {};
const deadline = Date.now() + 3000;
context.getRemainingTimeInMillis = () => deadline - Date.now();
fn.main(event, context).then((result) => console.log(JSON.stringify(result)));

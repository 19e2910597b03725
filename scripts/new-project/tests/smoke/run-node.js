// Calls a built function once the way the Yandex Cloud Functions Node.js
// runtime does, index.main(event, context), and prints the result as JSON.
//
//   node tests/smoke/run-node.js build/node/function tests/fixtures/get.json tests/smoke/context.json
//
// The handler reads a folder from the Resource Manager API with the token of
// the context: this script plays that API on 127.0.0.1 (a GET of
// /resource-manager/v1/folders/<FOLDER_ID> with that token answers
// {"id": ..., "name": "smoke-folder"}) and points the function at it with
// YC_RESOURCE_MANAGER_ENDPOINT and FOLDER_ID before loading it.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

const [dir, eventPath, contextPath] = process.argv.slice(2);
if (!dir || !eventPath || !contextPath) {
  console.error('usage: node run-node.js <function dir> <event.json> <context.json>');
  process.exit(2);
}
const event = JSON.parse(fs.readFileSync(eventPath, 'utf8'));
const context = JSON.parse(fs.readFileSync(contextPath, 'utf8'));
const token = context.token && context.token.access_token;
const folderId = 'b1gsmokefolder';

// Node 16 has no global fetch: the function then uses node-fetch, which the
// platform installs from the function's package.json.
if (typeof fetch !== 'function') {
  try {
    require.resolve('node-fetch', { paths: [path.resolve(dir)] });
  } catch (e) {
    console.error(`Node ${process.version} has no global fetch and ${dir} has no node-fetch: run ` +
                  `\`npm install --omit=dev --prefix ${dir}\` (the platform installs it from package.json) or use Node >= 18`);
    process.exit(2);
  }
}

const sockets = new Set();
const server = http.createServer((req, res) => {
  const answer = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!token || req.headers.authorization !== `Bearer ${token}`) {
    answer(401, { code: 16, message: 'no valid IAM token in Authorization' });
  } else if (req.method !== 'GET' || req.url !== `/resource-manager/v1/folders/${folderId}`) {
    answer(404, { code: 5, message: `no ${req.method} ${req.url} here` });
  } else {
    answer(200, { id: folderId, cloudId: 'b1gsmokecloud', name: 'smoke-folder', status: 'ACTIVE' });
  }
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

server.listen(0, '127.0.0.1', () => {
  // The host reads the environment when the function is loaded.
  process.env.YC_RESOURCE_MANAGER_ENDPOINT = `http://127.0.0.1:${server.address().port}`;
  process.env.FOLDER_ID = folderId;
  const fn = require(path.resolve(dir, 'index.js'));
  const deadline = Date.now() + 3000;
  context.getRemainingTimeInMillis = () => deadline - Date.now();
  fn.main(event, context)
    .then((result) => console.log(JSON.stringify(result)), (error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => {
      server.close();
      for (const socket of sockets) socket.destroy();  // keep-alive connections of the function's fetch
    });
});

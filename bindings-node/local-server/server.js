// `ycfn serve`: wires the parts together (arguments, function source, package
// cache, metadata, the WebSocket connections API, instance, HTTP and WebSocket
// front) and prints `listening on http://H:P` once requests are accepted. Errors
// that stop it are one line on stderr.
'use strict';

const { parseArgs, UsageError } = require('./args');
const { openFunctionSource } = require('./function-source');
const { ensureDependencies } = require('./package-cache');
const { startMetadata, metadataRoute } = require('./metadata');
const { startApiEmulators } = require('./api-emulators');
const { loadSemantics } = require('./semantics');
const { createLogPrinter } = require('./log');
const { Instance } = require('./instance');
const { createFront, headerPairs, peerIp, uuid } = require('./front');
const { startConnectionsApi } = require('./connections');
const { createWebSocketGateway, createRegistry } = require('./websocket');

const FUNCTION_VERSION = 'ycfn-serve';

function warn(line) {
  process.stderr.write(`ycfn serve: ${line}\n`);
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message.startsWith('usage:') ? '' : 'ycfn serve: '}${e.message}\n`);
    return 2;
  }
  const cleanups = [];
  const stop = async () => {
    for (const f of cleanups.reverse()) await f();
  };
  try {
    const semantics = loadSemantics();
    const source = openFunctionSource(options.source);
    cleanups.push(() => source.cleanup());
    let nodePath = null;
    try {
      nodePath = await ensureDependencies(source.dir, warn);
    } catch (e) {
      // The function may still load (or fail to, with a clear error per request).
      warn(`dependencies not installed: ${e.message}`);
    }
    const metadata = await startMetadata(options.metadata, semantics);
    if (metadata) {
      cleanups.push(() => metadata.close());
      if (metadata.emulated) warn(`metadata emulator on ${metadata.address}, handing out a fake token (${metadata.token.slice(0, 16)}…)`);
    }
    const log = createLogPrinter();
    const context = {
      functionName: options.functionName,
      functionVersion: FUNCTION_VERSION,
      memoryLimitInMB: String(options.memoryMb),
    };
    if (options.token) {
      context.token = options.token;
    } else if (metadata && metadata.emulated) {
      // As with a service account on the platform: the context carries the token
      // the metadata service hands out.
      context.token = { access_token: metadata.token, expires_in: 43200, token_type: 'Bearer' };
    }
    // The WebSocket connections API for the function, here: its clients are ours.
    const registry = createRegistry();
    const connectionsApi = await startConnectionsApi({ registry, token: context.token ? context.token.access_token : null });
    cleanups.push(() => connectionsApi.close());
    let apiEnv = {};
    if (options.emulate.length > 0) {
      const apis = await startApiEmulators(options.emulate, {
        data: options.emulatorData,
        token: context.token ? context.token.access_token : null,
      });
      cleanups.push(() => apis.close());
      apiEnv = apis.env;
      for (const [name, url] of Object.entries(apis.urls)) warn(`${name} emulator on ${url}`);
    }
    const env = { YC_APIGW_CONNECTIONS_ENDPOINT: connectionsApi.url, ...apiEnv, ...options.env };
    const instance = new Instance({
      node: options.node,
      dir: source.dir,
      entry: options.entry,
      env,
      memoryMb: options.memoryMb,
      timeoutMs: options.timeoutMs,
      nodePath,
      metadataAddress: metadata ? metadata.address : null,
      metadataRoute: metadataRoute(metadata, env, semantics, warn),
      semanticsModule: semantics.modulePath,
      log,
      warn,
    });
    cleanups.push(() => instance.close());
    instance.warm();
    const websocket = createWebSocketGateway({ semantics, instance, context, registry, warn, headerPairs, peerIp, uuid });
    cleanups.push(() => websocket.close());
    const server = createFront({ semantics, instance, context, warn, websocket });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, resolve);
    });
    // Keep-alive connections would hold server.close() open: they are ended too.
    const sockets = new Set();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    cleanups.push(
      () =>
        new Promise((resolve) => {
          server.close(() => resolve());
          sockets.forEach((socket) => socket.destroy());
        }),
    );
    const { port } = server.address();
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    process.stdout.write(`listening on http://${host}:${port}\n`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await stop();
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      warn(e.message);
      await stop().catch(() => {});
      return 2;
    }
    warn(e.code === 'EADDRINUSE' ? `${options.host}:${options.port} is in use: pass another --port (0 picks a free one)` : e.message);
    await stop().catch(() => {});
    return 1;
  }
}

module.exports = { main };

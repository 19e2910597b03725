// The token side of `ycfn serve`: --metadata ADDR is handed to the function as
// YC_METADATA_ADDR, once the core's address rule accepts it (the rule the
// function's own core applies to that variable); --metadata emulate first
// starts the repository's metadata emulator on loopback, with a token that is
// clearly fake.
'use strict';

const crypto = require('crypto');
const { UsageError } = require('./args');
// The emulator's one home; when it moves, this line follows it.
const EMULATOR = require.resolve('../emulators/metadata.js');

const FAKE_TOKEN_PREFIX = 'FAKE.ycfn-serve.';

// Resolves {address, route: {host, port}, token?, close()} or null (no metadata
// service configured); `route` is where connections to the link-local address
// go (metadata-route.js). An address the core refuses throws a UsageError
// carrying the core's message.
async function startMetadata(option, semantics) {
  if (option === null || option === undefined) return null;
  if (option === 'emulate') {
    const { startEmulator } = require(EMULATOR);
    const token = FAKE_TOKEN_PREFIX + crypto.randomBytes(24).toString('hex');
    const emu = await startEmulator({ mode: 'ok', token, expiresIn: 43200 });
    const route = semantics.metadataAddress(emu.address, 'the metadata emulator');
    return { address: emu.address, route, token, emulated: true, close: () => emu.close() };
  }
  const route = semantics.metadataAddress(option, '--metadata');
  if (route.problem) throw new UsageError(`${route.problem.message} (or pass --metadata emulate)`);
  return { address: option, route, emulated: false, close: async () => {} };
}

// Where connections to the link-local address go: the --metadata service, else
// a YC_METADATA_ADDR given with --env (as the function's own core would read
// it); null when neither, or when the core refuses the --env value (warned:
// the function's token requests will say so too).
function metadataRoute(metadata, env, semantics, warn) {
  if (metadata) return metadata.route;
  if (!env.YC_METADATA_ADDR) return null;
  const route = semantics.metadataAddress(env.YC_METADATA_ADDR, '--env YC_METADATA_ADDR');
  if (!route.problem) return route;
  warn(`${route.problem.message}; connections to the metadata address are not redirected`);
  return null;
}

module.exports = { startMetadata, metadataRoute, FAKE_TOKEN_PREFIX };

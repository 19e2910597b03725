// The token side of `ycfn serve`: --metadata ADDR is handed to the function as
// YC_METADATA_ADDR; --metadata emulate first starts the repository's metadata
// emulator on loopback, with a token that is clearly fake.
'use strict';

const crypto = require('crypto');
// The emulator's one home; when it moves, this line follows it.
const EMULATOR = require.resolve('../emulators/metadata.js');

const FAKE_TOKEN_PREFIX = 'FAKE.ycfn-serve.';

// Resolves {address, token?, close()} or null (no metadata service configured).
async function startMetadata(option) {
  if (!option) return null;
  if (option === 'emulate') {
    const { startEmulator } = require(EMULATOR);
    const token = FAKE_TOKEN_PREFIX + crypto.randomBytes(24).toString('hex');
    const emu = await startEmulator({ mode: 'ok', token, expiresIn: 43200 });
    return { address: emu.address, token, emulated: true, close: () => emu.close() };
  }
  if (!/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(option)) {
    throw new Error(`--metadata expects host[:port] or emulate, got "${option}"`);
  }
  return { address: option, emulated: false, close: async () => {} };
}

module.exports = { startMetadata, FAKE_TOKEN_PREFIX };

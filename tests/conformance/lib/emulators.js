// The emulators one vector plays against, for the JS runners (run-node.js,
// run-wasi-components.js): started, configured from the vector, their recorded
// requests collected into the observation, closed.
'use strict';

const {
  startMetadata,
  startCompute,
  startOther,
  startConnections,
  startLockbox,
  startStorage,
  startDocapi,
} = require('../../../bindings-node/emulators');
const { substitute } = require('./vectors');

// The API emulators a vector configures under its own key (vector.compute, ...).
const APIS = { compute: startCompute, connections: startConnections, lockbox: startLockbox, storage: startStorage, docapi: startDocapi };

async function startVectorEmulators() {
  const md = await startMetadata({ mode: 'ok' });
  const apis = {};
  for (const [name, start] of Object.entries(APIS)) apis[name] = await start();
  const other = await startOther();
  const places = { metadata_addr: md.address, other_url: other.url };
  for (const [name, api] of Object.entries(apis)) places[`${name}_url`] = api.url;
  return {
    md,
    places,
    // The vector's settings for each emulator, placeholders replaced.
    configure(vector) {
      if (vector.metadata) md.configure(substitute(vector.metadata, places));
      for (const [name, api] of Object.entries(apis)) {
        if (vector[name]) api.configure(substitute(vector[name], places));
      }
    },
    // What reached each emulator, as the judge reads it (<name>Requests).
    requests() {
      const out = { metadataRequests: md.requests.filter((r) => r.path.startsWith('/computeMetadata/')) };
      for (const [name, api] of Object.entries(apis)) out[`${name}Requests`] = [...api.requests];
      out.otherRequests = [...other.requests];
      return out;
    },
    close() {
      return Promise.all([md.close(), other.close(), ...Object.values(apis).map((api) => api.close())]);
    },
  };
}

module.exports = { startVectorEmulators };

// ycfn's Node.js function host: the deployable `index.main` of a ycfn function.
//
// The build (cmake/YcfnNodeFunction.cmake) bundles this folder into one script
// (cmake/YcfnNodeHostBundle.cmake) and appends it to the Emscripten glue with
// --extern-post-js, so a function directory holds only index.js (glue + host),
// index.wasm and package.json. The bundle calls createHost with the glue's
// MODULARIZE factory (createYcfnModule) and the function's index.wasm, and
// exports what it returns.
//
// One job per file:
//   instances.js         index.wasm compiled once, the instance serving calls, its replacement after a trap
//   instance.js          one instance's crossings of the C ABI (strings in, step JSON out)
//   invoke.js            one invocation: input in, steps driven, the deadline safety net, main
//   invocation-input.js  the event and invocation JSON the core receives
//   steps.js             the step loop: fetch, wait, error, respond
//   fetch.js             the HTTP requests of a fetch step
//   answers.js           the results and log records the host makes itself
//   contract.generated.js  the host contract's constants (scripts/gen-host-contract.py; do not edit)
//
// Plain CommonJS for Node >= 16.14.1, no dependencies except node-fetch 2.x on
// runtimes without a global fetch (nodejs16). docs/hosts.md describes the host.
'use strict';

const { createInstances, ABI_VERSION } = require('./instances');
const { mainFor } = require('./invoke');
const { performFetch, fetchImplementation } = require('./fetch');

// The function module's exports: { main } and, not enumerable, `_ycfn` for tests
// and tools (not part of the platform contract).
function createHost({ factory, wasmPath }) {
  const instances = createInstances({ factory, wasmPath });
  // Load the module at require time (module scope): the first call does not pay for it.
  if (instances.hasFactory) instances.get().catch(() => {});

  const exports = { main: mainFor(instances) };
  Object.defineProperty(exports, '_ycfn', {
    enumerable: false,
    value: {
      abiVersion: ABI_VERSION,
      performFetch,
      fetchImplementation,
      instanceGeneration: instances.generation,
    },
  });
  return exports;
}

module.exports = { createHost };

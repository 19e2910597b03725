// The function's module instances: index.wasm compiled once per process, one
// instance serving new invocations, and a new one after a trap (the calls that
// were inside the dead instance fail; the ones queued behind it do not).
'use strict';

const fs = require('fs');
const { Instance } = require('./instance');

const { ABI_VERSION, TOKEN_HINTS } = require('./contract.generated');

// One background thread for V8's wasm compiler instead of one per core, on V8s
// before 10 (Node 16: V8 9.4). After a synchronous compile those V8s optimise
// every function of the module in the background at once; on a machine with
// few cores their threads take the cores from the first call and from the
// process writing its answer (Node 16.14.1, context-token, 2 cores: first call
// 20-36 -> 12-19 ms, spawn -> answer 1.7-1.8x -> 1.4-1.5x the JS handler;
// bench/README.md, item 1). The warm path is unchanged: the optimised code only
// arrives later. Process-wide and left set: it applies to any wasm the process
// compiles afterwards, which only bounds its compile threads. Not on newer V8s:
// Node 20 compiles lazily and optimises only hot functions, and there the flag
// made the first call slower (16.5 -> 20.4 ms). Lazy compilation on Node 16 was
// measured too and not kept: no faster first call, and turning it off again
// after the compile leaves the lazily compiled functions without the optimising
// tier (warm 1 MiB 1.1 -> 1.8 ms).
function limitWasmCompileThreads() {
  if (Number.parseInt(process.versions.v8, 10) < 10) {
    require('v8').setFlagsFromString('--wasm-num-compilation-tasks=1');
  }
}

// factory: the Emscripten MODULARIZE factory (createYcfnModule); wasmPath: index.wasm.
function createInstances({ factory, wasmPath }) {
  let compiled = null; // Promise<WebAssembly.Module>, compiled once
  let current = null; // Promise<Instance> serving new invocations
  let currentInstance = null; // what `current` resolved to
  let generation = 0;

  function compileOnce() {
    if (!compiled) {
      compiled = Promise.resolve()
        .then(() => fs.readFileSync(wasmPath))
        .then((bytes) => {
          limitWasmCompileThreads();
          // Synchronous on purpose: Node 16.14.1's asynchronous compile settles only
          // after the optimising tier has finished (about 70 ms for context-token,
          // against 15 ms synchronously); Node 20 takes about 2 ms either way.
          return new WebAssembly.Module(bytes);
        });
      compiled.catch(() => {
        compiled = null; // retried by the next call
      });
    }
    return compiled;
  }

  function onDeath(inst) {
    if (currentInstance !== inst) return;
    current = null;
    currentInstance = null;
    get().catch(() => {}); // start the replacement now
  }

  async function create(gen) {
    // The environment as it is when the instance is created (synchronously, at require
    // time for the first one): handlers read it (context.env), the core validates
    // YC_METADATA_ADDR and YCFN_TIMEOUT_MS.
    const config = JSON.stringify({ env: process.env, network: true, token_hint: TOKEN_HINTS.function });
    if (!factory) throw new Error('createYcfnModule is not defined: this host must be appended to the Emscripten glue');
    const wasmModule = await compileOnce();
    const mod = await new Promise((resolve, reject) => {
      factory({
        // The module is compiled once per process; each instance only instantiates it.
        instantiateWasm(imports, receiveInstance) {
          let instance;
          try {
            instance = new WebAssembly.Instance(wasmModule, imports);
          } catch (e) {
            // The glue would catch this, print it to stderr and leave its promise
            // pending forever: every call would wait until the platform's timeout.
            // Rejected here instead (the call answers ycfn.load_failed, the next
            // call tries again); `{}` tells the glue the instance is still to come.
            reject(new Error(`index.wasm could not be instantiated (${e.name}: ${e.message})`));
            return {};
          }
          receiveInstance(instance, wasmModule);
          return instance.exports;
        },
      }).then(resolve, reject);
    });
    const version = mod._ycfn_abi_version() >>> 0;
    if (version !== ABI_VERSION) {
      throw new Error(`index.wasm implements ycfn ABI version ${version}, this host speaks version ${ABI_VERSION}`);
    }
    const inst = new Instance(mod, gen, onDeath);
    inst.createRuntime(config);
    return inst;
  }

  // The instance serving new invocations (created on first use or after a trap).
  function get() {
    if (!current) {
      const gen = ++generation;
      const p = create(gen);
      current = p;
      p.then(
        (inst) => {
          if (current === p) currentInstance = inst;
        },
        () => {
          if (current === p) current = null; // the next call tries again
        },
      );
    }
    return current;
  }

  return { get, generation: () => generation, hasFactory: factory != null };
}

module.exports = { createInstances, ABI_VERSION };

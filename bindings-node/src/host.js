// ycfn Node.js host: the deployable `index.main` of a ycfn function.
//
// The build (cmake/YcfnNodeFunction.cmake) appends this file to the Emscripten glue
// with --extern-post-js, so the function directory holds only index.js (glue + this
// host), index.wasm and package.json. The glue defines `createYcfnModule`, the
// MODULARIZE factory (-sEXPORT_NAME=createYcfnModule).
//
// What it does (docs/design.md, "The C ABI"):
//  - at module scope, once per instance: reads index.wasm, compiles it, instantiates
//    it and creates one YcfnRuntime with the function's environment (process.env)
//    and this host's hints;
//  - main(event, context) passes the event and the invocation JSON (the context's
//    data fields, the deadline from getRemainingTimeInMillis) to ycfn_invoke and
//    drives the steps the core answers until `respond`:
//      fetch -> performs every request of the step at once (each after its
//               delay_ms, with fetch: no redirects, timeout_ms, at most
//               max_body_bytes of body), ycfn_resume with all their results;
//      wait  -> await the completion of fetch `fetch_id` (or timeout_ms),
//               ycfn_resume with {invocation, now_ms};
//      error -> a 500 with the error's code;
//    printing every `logs` line to stdout;
//  - a wasm fault (trap, abort, out of memory) answers the invocation with a 500
//    `ycfn.trap` and replaces the module instance for the next call; a deadline that
//    comes while waiting on I/O cancels the invocation (the core answers 504); no
//    rejected promise ever leaves main.
//
// It is plain CommonJS for Node >= 16.14.1, no dependencies except node-fetch 2.x
// on runtimes without a global fetch (nodejs16).
/* global createYcfnModule */
(function ycfnHost() {
  'use strict';

  const fs = require('fs');
  const path = require('path');

  const ABI_VERSION = 2;
  // The host's own last resort: if an invocation is still waiting on I/O this close to
  // its deadline, it is cancelled (the core answers 504). The core aims earlier (its
  // reserve is 200 ms), so this only fires when the core's own timing did not.
  const DEADLINE_RESERVE_MS = 100;
  // Ends the core's token.missing message on this host (docs/design.md, host hints).
  const TOKEN_HINT =
    'the invocation context has no "token": attach a service account to the function version ' +
    '(outside Yandex Cloud, set YC_METADATA_ADDR to a metadata service)';
  const ERROR_DETAIL_MAX = 160;
  // Event bodies from this many characters on go beside the JSON (splitLargeBody).
  const LARGE_BODY_CHARS = 64 * 1024;
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
  const UNKNOWN_FLIGHT_PAUSE_MS = 10;
  // Times a new call looks for a live instance when the one it was handed has trapped.
  const REPLACEMENT_TRIES_MAX = 3;

  const factory = typeof createYcfnModule === 'function' ? createYcfnModule : null;
  const encoder = new TextEncoder();

  // ---- fetch: the global one (Node >= 18) or node-fetch 2.x (nodejs16) -------------
  // node-fetch is required on first use, not at load: requiring it costs Node
  // 16.14.1 about 40 ms, which a function that never fetches (the token in the
  // context) would pay on every cold start (bench/ item 1).
  let fetchImpl = null;
  let fetchUnavailable = null;
  function getFetch() {
    if (fetchImpl || fetchUnavailable) return fetchImpl;
    if (typeof globalThis.fetch === 'function') {
      fetchImpl = globalThis.fetch;
    } else {
      try {
        fetchImpl = require('node-fetch');
      } catch (e) {
        fetchUnavailable = `no global fetch and require('node-fetch') failed (${safeCode(e)}); add "node-fetch": "^2.7.0" to the function's package.json dependencies`;
      }
    }
    return fetchImpl;
  }

  function safeCode(e) {
    const cause = e && e.cause;
    const code = (cause && cause.code) || (e && e.code) || (e && e.name) || 'error';
    return /^[A-Za-z0-9_.-]{1,64}$/.test(String(code)) ? String(code) : 'error';
  }

  const sleep = (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, Math.max(0, Number(ms) || 0));
    });

  // Collects the body as a stream, stopping as soon as it exceeds `max` bytes.
  async function readBody(res, max, onTooLarge) {
    const chunks = [];
    let total = 0;
    const body = res.body;
    if (body == null) return Buffer.alloc(0);
    if (typeof body.getReader === 'function') {
      // WHATWG ReadableStream (global fetch)
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) {
          onTooLarge();
          reader.cancel().catch(() => {});
          return null;
        }
        chunks.push(value);
      }
    } else {
      // Node Readable (node-fetch 2.x)
      for await (const chunk of body) {
        total += chunk.length;
        if (total > max) {
          onTooLarge();
          if (typeof body.destroy === 'function') body.destroy();
          return null;
        }
        chunks.push(chunk);
      }
    }
    return Buffer.concat(chunks, total);
  }

  // Performs one request of a `fetch` step; answers its entry of the ABI's
  // fetch_results. Error messages describe what happened (codes, sizes, times),
  // never a body, a header value or a token.
  async function performFetch(f) {
    const id = f.id;
    await sleep(f.delay_ms);
    const fetchImpl = getFetch();
    if (!fetchImpl) return { id, error: 'network', message: fetchUnavailable };
    const timeoutMs = Math.max(0, Number(f.timeout_ms) || 0);
    const max = Number.isFinite(f.max_body_bytes) ? f.max_body_bytes : 65536;
    const ac = new AbortController();
    let outcome = null; // 'timeout' | 'too_large' once decided
    const timer = setTimeout(() => {
      if (!outcome) outcome = 'timeout';
      ac.abort();
    }, timeoutMs);
    try {
      const init = { method: f.method || 'GET', headers: f.headers || [], redirect: 'manual', signal: ac.signal };
      if (typeof f.body_base64 === 'string') init.body = Buffer.from(f.body_base64, 'base64');
      const res = await fetchImpl(f.url, init);
      const headers = [];
      res.headers.forEach((value, name) => {
        headers.push([String(name), String(value)]);
      });
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > max) {
        // Announced too large: not a byte is read.
        outcome = 'too_large';
        ac.abort();
        return { id, error: 'too_large', message: `the reply announces ${declared} bytes, over ${max}` };
      }
      const body = await readBody(res, max, () => {
        if (!outcome) outcome = 'too_large';
        ac.abort();
      });
      if (outcome === 'too_large' || body === null) {
        return { id, error: 'too_large', message: `the reply body exceeds ${max} bytes` };
      }
      // Complete: returned even if the timer fired meanwhile.
      return { id, status: res.status, headers, body_base64: body.toString('base64') };
    } catch (e) {
      if (outcome === 'timeout') return { id, error: 'timeout', message: `no complete reply within ${timeoutMs} ms` };
      if (outcome === 'too_large') return { id, error: 'too_large', message: `the reply body exceeds ${max} bytes` };
      return { id, error: 'network', message: `the request failed (${safeCode(e)})` };
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- results made here (the core makes all the others) ---------------------------
  function errorResult(statusCode, errorType, errorMessage) {
    return {
      statusCode,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ errorMessage, errorType }),
      isBase64Encoded: false,
    };
  }

  function hostLog(level, msg, requestId) {
    const rec = { level, msg };
    if (requestId) rec.requestId = String(requestId);
    process.stdout.write(`${JSON.stringify(rec)}\n`);
  }

  function printLogs(lines) {
    if (Array.isArray(lines) && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }

  class TrapError extends Error {
    constructor(detail) {
      super(detail);
      this.name = 'TrapError';
    }
  }

  function trapDetail(e) {
    const text = e && e.message ? `${e.name || 'Error'}: ${e.message}` : String(e);
    return text
      .replace(/\. Build with -s ASSERTIONS=1 for more info\./, '')
      .replace(/[\r\n]+/g, ' ')
      .slice(0, ERROR_DETAIL_MAX);
  }

  // ---- the module instance ------------------------------------------------------------
  let compiled = null; // Promise<WebAssembly.Module>, compiled once
  let current = null; // Promise<Instance> serving new invocations
  let currentInstance = null; // what `current` resolved to
  let generation = 0;

  function compileOnce() {
    if (!compiled) {
      compiled = Promise.resolve()
        .then(() => fs.readFileSync(path.join(__dirname, 'index.wasm')))
        // Synchronous on purpose: Node 16.14.1's asynchronous compile settles only
        // after the optimising tier has finished (about 70 ms for context-token,
        // against 15 ms synchronously); Node 20 takes about 2 ms either way.
        .then((bytes) => new WebAssembly.Module(bytes));
      compiled.catch(() => {
        compiled = null; // retried by the next call
      });
    }
    return compiled;
  }

  class Instance {
    constructor(mod, runtime, gen) {
      this.mod = mod;
      this.runtime = runtime;
      this.generation = gen;
      this.dead = false;
      this.deathDetail = '';
      // fetch id -> {promise, resolve}: settled once that fetch's result is fed back
      this.flights = new Map();
    }

    // Runs `fn(mod)` (calls into wasm). Any exception from wasm kills this instance.
    call(fn) {
      if (this.dead) {
        throw new TrapError(`the module instance serving this invocation failed earlier (${this.deathDetail})`);
      }
      try {
        return fn(this.mod);
      } catch (e) {
        this.kill(trapDetail(e));
        throw new TrapError(this.deathDetail);
      }
    }

    kill(detail) {
      if (this.dead) return;
      this.dead = true;
      this.deathDetail = detail;
      this.mod = null; // its memory may be corrupt: never enter it again
      for (const f of this.flights.values()) f.resolve();
      this.flights.clear();
      if (currentInstance === this) {
        current = null;
        currentInstance = null;
        getInstance().catch(() => {}); // start the replacement now
      }
    }

    flight(id) {
      let f = this.flights.get(id);
      if (!f) {
        let resolve;
        const promise = new Promise((r) => {
          resolve = r;
        });
        f = { promise, resolve };
        this.flights.set(id, f);
      }
      return f;
    }

    completeFlight(id) {
      const f = this.flights.get(id);
      if (f) {
        this.flights.delete(id);
        f.resolve();
      }
    }

    // String in: UTF-8 into a ycfn_alloc buffer; returns [ptr, len].
    putString(mod, str) {
      const len = Buffer.byteLength(str, 'utf8');
      const ptr = mod._ycfn_alloc(len + 1) >>> 0;
      if (ptr === 0) throw new RangeError('ycfn_alloc: out of memory');
      const heap = mod.HEAPU8; // after the allocation: memory may have grown
      encoder.encodeInto(str, heap.subarray(ptr, ptr + len));
      heap[ptr + len] = 0;
      return [ptr, len];
    }

    // String out: the NUL-terminated JSON the ABI returned, then ycfn_free.
    takeJson(mod, ptr) {
      ptr >>>= 0;
      if (ptr === 0) throw new RangeError('the core returned NULL: out of memory');
      try {
        const heap = mod.HEAPU8;
        const end = heap.indexOf(0, ptr);
        const text = Buffer.from(heap.buffer, heap.byteOffset + ptr, (end < 0 ? heap.length : end) - ptr).toString('utf8');
        return JSON.parse(text);
      } finally {
        mod._ycfn_free(ptr);
      }
    }

    // `body`: the event's large body string, sent beside the JSON (splitLargeBody).
    invoke(eventJson, invocationJson, body) {
      return this.call((mod) => {
        const [ev, evLen] = this.putString(mod, eventJson);
        try {
          const [inv, invLen] = this.putString(mod, invocationJson);
          try {
            if (body === undefined) {
              return this.takeJson(mod, mod._ycfn_invoke(this.runtime, ev, evLen, inv, invLen));
            }
            const [b, bLen] = this.putString(mod, body);
            try {
              return this.takeJson(mod, mod._ycfn_invoke_with_body(this.runtime, ev, evLen, b, bLen, inv, invLen));
            } finally {
              mod._ycfn_free(b);
            }
          } finally {
            mod._ycfn_free(inv);
          }
        } finally {
          mod._ycfn_free(ev);
        }
      });
    }

    resume(input) {
      return this.call((mod) => {
        const [p, n] = this.putString(mod, JSON.stringify(input));
        try {
          return this.takeJson(mod, mod._ycfn_resume(this.runtime, p, n));
        } finally {
          mod._ycfn_free(p);
        }
      });
    }
  }

  async function createInstance(gen) {
    // The environment as it is when the instance is created (synchronously, at require
    // time for the first one): handlers read it (context.env), the core validates
    // YC_METADATA_ADDR and YCFN_TIMEOUT_MS.
    const config = JSON.stringify({ env: process.env, network: true, token_hint: TOKEN_HINT });
    if (!factory) throw new Error('createYcfnModule is not defined: this host must be appended to the Emscripten glue');
    const wasmModule = await compileOnce();
    const mod = await factory({
      // The module is compiled once per process; each instance only instantiates it.
      instantiateWasm(imports, receiveInstance) {
        const instance = new WebAssembly.Instance(wasmModule, imports);
        receiveInstance(instance, wasmModule);
        return instance.exports;
      },
    });
    const version = mod._ycfn_abi_version() >>> 0;
    if (version !== ABI_VERSION) {
      throw new Error(`index.wasm implements ycfn ABI version ${version}, this host speaks version ${ABI_VERSION}`);
    }
    const inst = new Instance(mod, 0, gen);
    const runtime = inst.call((m) => {
      const [p, n] = inst.putString(m, config);
      try {
        return m._ycfn_runtime_new(p, n) >>> 0;
      } finally {
        m._ycfn_free(p);
      }
    });
    if (runtime === 0) throw new RangeError('ycfn_runtime_new: out of memory');
    inst.runtime = runtime;
    return inst;
  }

  function getInstance() {
    if (!current) {
      const gen = ++generation;
      const p = createInstance(gen);
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

  // ---- one invocation --------------------------------------------------------------
  // The platform's deadline, when the context can tell it; otherwise the core
  // applies context.deadlineMs or its default (docs/design.md, host contract).
  function deadlineFrom(context, now) {
    if (context && typeof context.getRemainingTimeInMillis === 'function') {
      let left = NaN;
      try {
        left = Number(context.getRemainingTimeInMillis());
      } catch (e) {
        left = NaN;
      }
      if (Number.isFinite(left)) return now + Math.max(0, Math.floor(left));
    }
    return undefined;
  }

  // Every data field of the context (functions drop out); the core removes the
  // token from what handlers see. A context that cannot be serialised is sent
  // as its plain string and number fields.
  function contextJson(context) {
    if (!context || typeof context !== 'object') return '{}';
    try {
      return JSON.stringify(context);
    } catch (e) {
      const out = {};
      for (const key of Object.keys(context)) {
        const value = context[key];
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
        else if (key === 'token' && value && typeof value === 'object') out.token = value;
      }
      return JSON.stringify(out);
    }
  }

  function trapResult(e, requestId) {
    const detail = e instanceof TrapError ? e.message : trapDetail(e);
    hostLog('ERROR', `the WebAssembly module trapped; the next call gets a new instance (${detail})`, requestId);
    return errorResult(500, 'ycfn.trap', `the handler's WebAssembly module failed: ${detail}`);
  }

  // Drives the steps of one invocation until `respond`. Returns undefined once
  // `state.cancelled` is set: the invocation was answered at its deadline (the core
  // has forgotten it), so replies that arrive later are dropped.
  async function drive(inst, step, state) {
    for (;;) {
      if (!step || typeof step !== 'object') throw new Error('the core answered a step that is not an object');
      const id = step.invocation;
      state.invocation = id;
      if (Number.isFinite(step.deadline_ms)) state.deadline(step.deadline_ms);
      switch (step.step) {
        case 'respond':
          return step.response;
        case 'fetch': {
          const fetches = Array.isArray(step.fetches) ? step.fetches : [];
          // Other invocations may wait on these ids (the token's single flight).
          for (const f of fetches) inst.flight(f.id);
          let results;
          try {
            results = await Promise.all(fetches.map(performFetch));
            if (state.cancelled) return undefined;
            step = inst.resume({ invocation: id, now_ms: Date.now(), fetch_results: results });
          } finally {
            for (const f of fetches) inst.completeFlight(f.id);
          }
          break;
        }
        case 'wait': {
          const w = step.wait || {};
          const f = inst.flights.get(w.fetch_id);
          let timer;
          await Promise.race([
            // An unknown id: that fetch has completed already (a core never asks to
            // wait for one it did not start); a short pause keeps a confused core
            // from spinning.
            f ? f.promise : sleep(Math.min(UNKNOWN_FLIGHT_PAUSE_MS, Number(w.timeout_ms) || 0)),
            new Promise((r) => {
              timer = setTimeout(r, Math.max(0, Number(w.timeout_ms) || 0));
            }),
          ]);
          clearTimeout(timer);
          if (state.cancelled) return undefined;
          step = inst.resume({ invocation: id, now_ms: Date.now() });
          break;
        }
        case 'error': {
          const err = step.error || {};
          const code = /^[a-z]+\.[a-z_]+$/.test(String(err.code)) ? String(err.code) : 'abi.internal';
          hostLog('ERROR', `the core answered an ABI error (${code})`, state.requestId);
          return errorResult(500, code, String(err.message || 'the core reported an ABI error'));
        }
        default:
          throw new Error(`the core answered an unknown step ${JSON.stringify(String(step.step)).slice(0, 40)}`);
      }
      if (step) printLogs(step.logs);
    }
  }

  // A large body string goes to the core beside the event's JSON
  // (ycfn_invoke_with_body) instead of inside it: never escaped into JSON
  // text, copied once into wasm memory, and not scanned by the core's JSON
  // parser (bench/README.md, item 2). Only where that is provably the same
  // event: a plain object, whose body JSON.stringify would write as is (no
  // toJSON) and whose UTF-8 is the string's own (no lone surrogate, which
  // JSON.stringify escapes but UTF-8 cannot carry).
  function splitLargeBody(event) {
    if (event === null || typeof event !== 'object' || Object.getPrototypeOf(event) !== Object.prototype) return null;
    const body = event.body;
    if (typeof body !== 'string' || body.length < LARGE_BODY_CHARS) return null;
    if (typeof event.toJSON === 'function' || LONE_SURROGATE.test(body)) return null;
    const { body: _body, ...rest } = event;
    return { rest, body };
  }

  async function invoke(event, context) {
    const now = Date.now();
    const requestId = context && context.requestId;

    let eventJson;
    const split = splitLargeBody(event);
    try {
      eventJson = JSON.stringify(split ? split.rest : event);
    } catch (e) {
      return errorResult(400, 'event.malformed', 'the event cannot be serialized as JSON');
    }
    if (eventJson === undefined) eventJson = 'null';
    const deadline = deadlineFrom(context, now);
    const invocationJson =
      `{"context":${contextJson(context)},"now_ms":${now}` +
      (deadline === undefined ? '}' : `,"deadline_ms":${deadline}}`);

    let inst;
    try {
      inst = await getInstance();
      // Another call may have trapped the instance while this one awaited it: this
      // call never entered it, so the replacement serves it (a trap costs the calls
      // that were inside the dead instance, not the ones queued behind it).
      for (let tries = 0; inst.dead && tries < REPLACEMENT_TRIES_MAX; tries++) inst = await getInstance();
    } catch (e) {
      if (e instanceof TrapError || e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return trapResult(e, requestId);
      hostLog('ERROR', `the function's WebAssembly module could not be loaded (${trapDetail(e)})`, requestId);
      return errorResult(500, 'ycfn.load_failed', `the function's WebAssembly module could not be loaded: ${trapDetail(e)}`);
    }

    let deadlineTimer = null;
    let onDeadline = null;
    const atDeadline = new Promise((resolve) => {
      onDeadline = resolve;
    });
    const CANCEL = {};
    // The core says the deadline in every fetch and wait step: the safety net is armed
    // from it, so the host never computes a deadline of its own.
    const state = {
      cancelled: false,
      invocation: 0,
      requestId,
      deadline(ms) {
        clearTimeout(deadlineTimer);
        deadlineTimer = setTimeout(() => onDeadline(CANCEL), Math.max(0, ms - DEADLINE_RESERVE_MS - Date.now()));
      },
    };
    try {
      const first = inst.invoke(eventJson, invocationJson, split ? split.body : undefined);
      printLogs(first && first.logs);
      if (first && first.step === 'respond') return first.response;
      if (deadline !== undefined) state.deadline(deadline);

      const driving = drive(inst, first, state);
      const result = await Promise.race([driving, atDeadline]);
      if (result !== CANCEL) return result;
      state.cancelled = true;
      driving.catch(() => {}); // its late replies are dropped
      const answer = inst.resume({ invocation: state.invocation, now_ms: Date.now(), cancel: true });
      printLogs(answer && answer.logs);
      if (answer && answer.step === 'respond') return answer.response;
      return errorResult(504, 'invocation.timeout', 'the invocation reached its deadline');
    } catch (e) {
      if (e instanceof TrapError) return trapResult(e, requestId);
      throw e;
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  // The platform's entry point: index.main. Never rejects.
  async function main(event, context) {
    try {
      return await invoke(event, context);
    } catch (e) {
      const requestId = context && context.requestId;
      hostLog('ERROR', `internal error in the ycfn Node host (${trapDetail(e)})`, requestId);
      return errorResult(500, 'ycfn.host_error', 'internal error in the ycfn Node host');
    }
  }

  // Load the module at require time (module scope): the first call does not pay for it.
  if (factory) getInstance().catch(() => {});

  module.exports = { main };
  // For tests and tools; not part of the platform contract.
  Object.defineProperty(module.exports, '_ycfn', {
    enumerable: false,
    value: {
      abiVersion: ABI_VERSION,
      performFetch,
      fetchImplementation: () => {
        const impl = getFetch();
        return impl === globalThis.fetch ? 'global' : impl ? 'node-fetch' : 'none';
      },
      instanceGeneration: () => generation,
    },
  });
})();

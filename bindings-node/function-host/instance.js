// One instance of the function's wasm module and its crossings of the C ABI
// (docs/design.md, "The C ABI"): strings in as UTF-8 in ycfn_alloc buffers,
// steps out as NUL-terminated JSON freed with ycfn_free. Any exception from
// wasm kills the instance: its memory may be corrupt, so it is never entered
// again (`onDeath` lets the owner start a replacement).
'use strict';

const { TrapError, trapDetail } = require('./answers');

const encoder = new TextEncoder();

class Instance {
  constructor(mod, generation, onDeath) {
    this.mod = mod;
    this.runtime = 0;
    this.generation = generation;
    this.onDeath = onDeath;
    this.dead = false;
    this.deathDetail = '';
    // fetch id -> {promise, resolve}: settled once that fetch's result is fed back
    this.flights = new Map();
  }

  // Runs `fn(mod)` (calls into wasm).
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
    this.mod = null;
    for (const f of this.flights.values()) f.resolve();
    this.flights.clear();
    this.onDeath(this);
  }

  // The promise of fetch `id`, which other invocations may wait on (a `wait` step).
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
    // First as if it were ASCII, one byte per UTF-16 unit: any other character
    // takes more, so "all of it read" means it was, and the length is known
    // without Buffer.byteLength's own pass over the string (a quarter of a call
    // with a 1 MiB body on Node 20). Otherwise measure, and encode again.
    let len = str.length;
    let ptr = this.alloc(mod, len + 1);
    if (encoder.encodeInto(str, mod.HEAPU8.subarray(ptr, ptr + len)).read !== str.length) {
      mod._ycfn_free(ptr);
      len = Buffer.byteLength(str, 'utf8');
      ptr = this.alloc(mod, len + 1);
      encoder.encodeInto(str, mod.HEAPU8.subarray(ptr, ptr + len));
    }
    mod.HEAPU8[ptr + len] = 0;
    return [ptr, len];
  }

  // ycfn_alloc(size), never NULL. Read mod.HEAPU8 after it: memory may have grown.
  alloc(mod, size) {
    const ptr = mod._ycfn_alloc(size) >>> 0;
    if (ptr === 0) throw new RangeError('ycfn_alloc: out of memory');
    return ptr;
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

  // ycfn_runtime_new with the host's configuration JSON; once, before any call.
  createRuntime(configJson) {
    const runtime = this.call((mod) => {
      const [p, n] = this.putString(mod, configJson);
      try {
        return mod._ycfn_runtime_new(p, n) >>> 0;
      } finally {
        mod._ycfn_free(p);
      }
    });
    if (runtime === 0) throw new RangeError('ycfn_runtime_new: out of memory');
    this.runtime = runtime;
  }

  // `body`: the event's large body string, sent beside the JSON (ycfn_invoke_with_body).
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

module.exports = { Instance };

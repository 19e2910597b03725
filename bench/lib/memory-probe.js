// Test hook for the memory figures: records every WebAssembly.Instance created in
// this process, so the benchmark can read the size of a module's linear memory
// (memory.buffer.byteLength, what Emscripten's HEAPU8.length is) from outside.
// It wraps the constructor in the benchmark's process only; index.js and its
// host are unchanged and unaware of it. Require it before the function.
'use strict';

const instances = [];
const Original = WebAssembly.Instance;

class RecordedInstance extends Original {
  constructor(module, imports) {
    super(module, imports);
    const memories = [];
    for (const value of Object.values(this.exports)) if (value instanceof WebAssembly.Memory) memories.push(value);
    if (imports) {
      for (const ns of Object.values(imports)) {
        for (const value of Object.values(ns || {})) if (value instanceof WebAssembly.Memory) memories.push(value);
      }
    }
    instances.push({ memories });
  }
}
WebAssembly.Instance = RecordedInstance;

// Linear memory bytes of the most recent instance (the one serving calls).
function linearMemoryBytes() {
  const last = instances[instances.length - 1];
  if (!last || last.memories.length === 0) return null;
  return last.memories[0].buffer.byteLength;
}

module.exports = { linearMemoryBytes, instanceCount: () => instances.length };

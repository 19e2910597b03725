// A function module loaded afresh in a test process, and forgotten again: shared
// by the binding's tests (helpers.js) and the conformance runner (run-node.js).
'use strict';

const path = require('path');

function functionFile(dir) {
  return require.resolve(path.join(dir, 'index.js'));
}

// Forgets the function module of `dir` entirely, so that its instance and wasm
// memory can be collected: require() keeps a module in its cache and also lists
// it among the requiring module's (this one's) children. Node 16's V8 refuses a
// new wasm memory once about a hundred are alive, and a suite loads many.
function forgetFunction(dir) {
  const file = functionFile(dir);
  delete require.cache[file];
  module.children = module.children.filter((child) => child.id !== file);
}

// A fresh copy of the function module of `dir` (its own wasm instance and cache).
function loadFresh(dir) {
  forgetFunction(dir);
  return require(functionFile(dir));
}

module.exports = { loadFresh, forgetFunction };

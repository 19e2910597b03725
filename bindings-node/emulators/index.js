// The emulators every suite uses (bindings-node, bindings-wasi through cli.js,
// tests/load, tests/conformance, bench, scripts/demo). See README.md.
'use strict';

module.exports = {
  ...require('./metadata'),
  ...require('./compute'),
  ...require('./lockbox'),
  ...require('./storage'),
  ...require('./docapi'),
  ...require('./connections'),
  ...require('./reply'),
  startServer: require('./server').startServer,
};

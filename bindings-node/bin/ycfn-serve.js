#!/usr/bin/env node
// ycfn serve: runs a function's index.main on localhost with the platform's HTTP
// semantics. `node bindings-node/bin/ycfn-serve.js --help` lists the options;
// the parts live in bindings-node/local-server/.
'use strict';

require('../local-server/server')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));

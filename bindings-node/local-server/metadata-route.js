// In the function's process: connections to the metadata service's link-local
// address (169.254.169.254:80, which code such as the documentation's example
// hard-codes) go to the --metadata service instead. The parent hands over the
// {host, port} the core parsed from the address (semantics.metadataAddress);
// nothing here reads an address. node-fetch, http.request and Node 18's global
// fetch all connect through net.connect / net.createConnection, which this wraps.
'use strict';

const net = require('net');

const METADATA_HOST = '169.254.169.254';

function installMetadataRoute(target) {
  const wrap = (original) =>
    function connect(...args) {
      const first = args[0];
      if (first && typeof first === 'object' && first.host === METADATA_HOST && Number(first.port || 80) === 80) {
        args[0] = { ...first, host: target.host, port: target.port };
      } else if (typeof first === 'number' && args[1] === METADATA_HOST && first === 80) {
        args[0] = target.port;
        args[1] = target.host;
      }
      return original.apply(this, args);
    };
  net.connect = wrap(net.connect);
  net.createConnection = wrap(net.createConnection);
}

module.exports = { installMetadataRoute };

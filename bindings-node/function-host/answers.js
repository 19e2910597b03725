// What the function host answers and logs on its own: the results of the few
// failures the core cannot answer (a trap, a module that does not load, a host
// error, an ABI error step) and the host's log records. Every other result is
// the core's.
'use strict';

const ERROR_DETAIL_MAX = 160;

function errorResult(statusCode, errorType, errorMessage) {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ errorMessage, errorType }),
    isBase64Encoded: false,
  };
}

// One structured log record on stdout (the platform reads one record per line).
function hostLog(level, msg, requestId) {
  const rec = { level, msg };
  if (requestId) rec.requestId = String(requestId);
  process.stdout.write(`${JSON.stringify(rec)}\n`);
}

// The core's log lines of a step, already one JSON record each.
function printLogs(lines) {
  if (Array.isArray(lines) && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

// A fault inside wasm (trap, abort, out of memory): the instance is dead.
class TrapError extends Error {
  constructor(detail) {
    super(detail);
    this.name = 'TrapError';
  }
}

// One line, short, without Emscripten's advice to rebuild.
function trapDetail(e) {
  const text = e && e.message ? `${e.name || 'Error'}: ${e.message}` : String(e);
  return text
    .replace(/\. Build with -s ASSERTIONS=1 for more info\./, '')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, ERROR_DETAIL_MAX);
}

function trapResult(e, requestId) {
  const detail = e instanceof TrapError ? e.message : trapDetail(e);
  hostLog('ERROR', `the WebAssembly module trapped; the next call gets a new instance (${detail})`, requestId);
  return errorResult(500, 'ycfn.trap', `the handler's WebAssembly module failed: ${detail}`);
}

function loadFailedResult(e, requestId) {
  hostLog('ERROR', `the function's WebAssembly module could not be loaded (${trapDetail(e)})`, requestId);
  return errorResult(500, 'ycfn.load_failed', `the function's WebAssembly module could not be loaded: ${trapDetail(e)}`);
}

function hostErrorResult(e, requestId) {
  hostLog('ERROR', `internal error in the ycfn Node host (${trapDetail(e)})`, requestId);
  return errorResult(500, 'ycfn.host_error', 'internal error in the ycfn Node host');
}

// The core's `error` step (a broken ABI call), answered as a 500 with its code.
function abiErrorResult(err, requestId) {
  const code = /^[a-z]+\.[a-z_]+$/.test(String(err.code)) ? String(err.code) : 'abi.internal';
  hostLog('ERROR', `the core answered an ABI error (${code})`, requestId);
  return errorResult(500, code, String(err.message || 'the core reported an ABI error'));
}

module.exports = {
  errorResult,
  printLogs,
  TrapError,
  trapDetail,
  trapResult,
  loadFailedResult,
  hostErrorResult,
  abiErrorResult,
};

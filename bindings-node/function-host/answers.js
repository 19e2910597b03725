// What the function host answers and logs on its own: the results of the few
// failures the core cannot answer (a trap, a module that does not load, a host
// error) and the host's log records. Every other result is the core's. The
// texts, codes, limits and shapes are the host contract's
// (core/abi/host_contract.def, through contract.generated.js).
'use strict';

const contract = require('./contract.generated');

const { ANSWERS, fill } = contract;

function errorResult(answer, values) {
  return {
    statusCode: answer.status,
    headers: { 'Content-Type': contract.ERROR_CONTENT_TYPE },
    body: JSON.stringify({
      [contract.ERROR_MESSAGE_KEY]: fill(answer.message, values),
      [contract.ERROR_TYPE_KEY]: answer.code,
    }),
    isBase64Encoded: false,
  };
}

// One structured log record on stdout (the platform reads one record per line).
function hostLog(level, msg, requestId) {
  const rec = { [contract.LOG_LEVEL_KEY]: level, [contract.LOG_MESSAGE_KEY]: msg };
  if (requestId) rec[contract.LOG_REQUEST_ID_KEY] = String(requestId);
  process.stdout.write(`${JSON.stringify(rec)}\n`);
}

// The answer to `answer` (one of ANSWERS), with its ERROR record when it has one.
function hostAnswer(answer, values, requestId) {
  if (answer.log) hostLog('ERROR', fill(answer.log, values), requestId);
  return errorResult(answer, values);
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
    .slice(0, contract.ERROR_DETAIL_MAX);
}

function trapResult(e, requestId) {
  const detail = e instanceof TrapError ? e.message : trapDetail(e);
  return hostAnswer(ANSWERS.TRAP, { detail }, requestId);
}

function loadFailedResult(e, requestId) {
  return hostAnswer(ANSWERS.LOAD_FAILED, { detail: trapDetail(e) }, requestId);
}

function hostErrorResult(e, requestId) {
  return hostAnswer(ANSWERS.HOST_ERROR, { host: 'Node', detail: trapDetail(e) }, requestId);
}

function unserializableEventResult() {
  return hostAnswer(ANSWERS.UNSERIALIZABLE_EVENT, {});
}

// The deadline came and the core answered the cancel with neither a response
// nor an error (a broken core): the platform still gets a timely answer.
function cancelUnansweredResult(requestId) {
  return hostAnswer(ANSWERS.CANCEL_UNANSWERED, {}, requestId);
}

module.exports = {
  printLogs,
  TrapError,
  trapDetail,
  trapResult,
  loadFailedResult,
  hostErrorResult,
  unserializableEventResult,
  cancelUnansweredResult,
};

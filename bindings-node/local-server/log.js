// Prints the function's output the way the platform's log viewer shows it: one
// record per line, `time LEVEL request-id message`. A line that is one JSON
// object with `level` and `msg` or `message` is a structured record (its level
// and message are used); any other line is INFO. Colours only on a terminal.
'use strict';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const COLOURS = { TRACE: 90, DEBUG: 90, INFO: 32, WARN: 33, ERROR: 31, FATAL: 35 };

// {level, message} of one output line.
function parseLine(line) {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line);
      const message = typeof record.msg === 'string' ? record.msg : record.message;
      const level = typeof record.level === 'string' ? record.level.toUpperCase() : null;
      if (record && typeof message === 'string' && LEVELS.includes(level)) return { level, message };
    } catch (e) {
      // not JSON: an ordinary line
    }
  }
  return { level: 'INFO', message: line };
}

function createLogPrinter({ stream = process.stdout, colour = Boolean(stream.isTTY) && !process.env.NO_COLOR } = {}) {
  const paint = (code, text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  function record(level, requestId, message) {
    const time = new Date().toISOString();
    stream.write(`${paint(90, time)} ${paint(COLOURS[level] || 0, level.padEnd(5))} ${requestId || '-'} ${message}\n`);
  }
  return {
    // One line the function printed while serving `requestId` (null: between calls).
    line(text, requestId) {
      const { level, message } = parseLine(text);
      record(level, requestId, message);
    },
    // The platform's own lines around each call.
    start(requestId, version) {
      record('INFO', requestId, `START RequestID: ${requestId} Version: ${version}`);
    },
    end(requestId, durationMs, memoryMb) {
      record('INFO', requestId, `END RequestID: ${requestId}`);
      record(
        'INFO',
        requestId,
        `REPORT RequestID: ${requestId} Duration: ${durationMs.toFixed(3)} ms Billed Duration: ${Math.ceil(durationMs)} ms Memory Size: ${memoryMb} MB`,
      );
    },
  };
}

module.exports = { createLogPrinter, parseLine };

// `ycfn serve`'s log printer (local-server/log.js): the platform log viewer's layout,
// structured records, and colours only on a terminal.
'use strict';

const assert = require('assert');
const { test } = require('../test-support/helpers');
const { createLogPrinter, parseLine } = require('../local-server/log');

function capture(isTTY) {
  const out = [];
  return { stream: { isTTY, write: (s) => out.push(s) }, out };
}

test('serve log: plain lines are INFO, JSON records with level and msg/message are structured', () => {
  assert.deepStrictEqual(parseLine('hello'), { level: 'INFO', message: 'hello' });
  assert.deepStrictEqual(parseLine('{"level":"warn","msg":"careful","x":1}'), { level: 'WARN', message: 'careful' });
  assert.deepStrictEqual(parseLine('{"level":"ERROR","message":"bad"}'), { level: 'ERROR', message: 'bad' });
  // Not a known level, or no message: the line as it is.
  assert.deepStrictEqual(parseLine('{"level":"LOUD","msg":"x"}'), { level: 'INFO', message: '{"level":"LOUD","msg":"x"}' });
  assert.deepStrictEqual(parseLine('{"msg":"x"}'), { level: 'INFO', message: '{"msg":"x"}' });
  assert.deepStrictEqual(parseLine('{not json'), { level: 'INFO', message: '{not json' });
});

test('serve log: time, level, request id, message; colours only on a terminal', () => {
  const plain = capture(false);
  createLogPrinter({ stream: plain.stream }).line('{"level":"ERROR","msg":"boom"}', 'req-1');
  assert.match(plain.out[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR req-1 boom\n$/);
  const tty = capture(true);
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    createLogPrinter({ stream: tty.stream }).line('hi', 'req-2');
  } finally {
    if (saved !== undefined) process.env.NO_COLOR = saved;
  }
  assert.match(tty.out[0], /\u001b\[32mINFO \u001b\[0m req-2 hi\n$/);
  const between = capture(false);
  createLogPrinter({ stream: between.stream }).line('between calls', null);
  assert.match(between.out[0], / INFO  - between calls\n$/);
});

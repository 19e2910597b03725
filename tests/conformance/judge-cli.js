#!/usr/bin/env node
// Judges observations a runner in another language recorded (see run_reactor.py):
//   node tests/conformance/judge-cli.js --host reactor <observations.json>
// observations: [{name, notApplicable?} | {name, observation}] in plan order.
// Prints the same report as the JS runners; exit 0 when nothing failed.
'use strict';

const fs = require('fs');
const { loadVectors } = require('./lib/vectors');
const { judge } = require('./lib/judge');
const { report } = require('./lib/report');

const i = process.argv.indexOf('--host');
const host = i > 0 ? process.argv[i + 1] : 'reactor';
const file = process.argv[process.argv.length - 1];
const byName = new Map(loadVectors().map((v) => [v.name, v]));
const results = JSON.parse(fs.readFileSync(file, 'utf8')).map((o) => {
  if (o.notApplicable) return { name: o.name, notApplicable: o.notApplicable };
  return { name: o.name, failures: judge(byName.get(o.name), host, o.observation) };
});
process.exit(report(host, results) ? 0 : 1);

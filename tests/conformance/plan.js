#!/usr/bin/env node
// For runners not written in JS: the vectors as a host plays them, as JSON on stdout
// (lib/vectors.js does the expanding, so no other language repeats it):
//   node tests/conformance/plan.js --host reactor [--filter s]
//   -> [{name, notApplicable?, handler, env, metadata?, compute?, connections?, lockbox?, storage?, docapi?, inject?,
//        calls: [{event, context, deadlineInMs?, group?}]}]
// Consecutive calls with the same `group` are started together.
// Strings may hold $metadata_addr, $compute_url, $other_url, $connections_url, $lockbox_url, $storage_url, $docapi_url (the runner's emulators),
// and `env` gets YC_METADATA_ADDR=$metadata_addr unless it names an address itself.
'use strict';

const { loadVectors, notApplicable, callsFor, hostEnv } = require('./lib/vectors');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const host = arg('--host', 'reactor');
const PLACEHOLDERS = {
  metadata_addr: '$metadata_addr',
  compute_url: '$compute_url',
  other_url: '$other_url',
  connections_url: '$connections_url',
  lockbox_url: '$lockbox_url',
  storage_url: '$storage_url',
  docapi_url: '$docapi_url',
};
const plan = loadVectors()
  .filter((v) => v.name.includes(arg('--filter', '')))
  .map((v) => {
    const na = notApplicable(v, host);
    if (na) return { name: v.name, notApplicable: na };
    return {
      name: v.name,
      handler: v.handler,
      env: hostEnv(v, PLACEHOLDERS),
      metadata: v.metadata,
      compute: v.compute,
      connections: v.connections,
      lockbox: v.lockbox,
      storage: v.storage,
      docapi: v.docapi,
      inject: v.inject,
      calls: callsFor(v, host).map((c) => ({
        event: c.event === undefined ? {} : c.event,
        context: c.context || {},
        deadlineInMs: c.deadlineInMs,
        group: c.group,
      })),
    };
  });
process.stdout.write(`${JSON.stringify(plan)}\n`);

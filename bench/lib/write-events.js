// Writes the events the WASI benchmark feeds wasmtime: <dir>/event-1k.json (the
// warm benchmark's 1 KB event) and <dir>/batch.jsonl (N copies, one per line).
//   node bench/lib/write-events.js <dir> [N]
'use strict';

const fs = require('fs');
const path = require('path');
const { events } = require('./common');

const dir = process.argv[2];
const n = Number(process.argv[3] || 10000);
fs.mkdirSync(dir, { recursive: true });
const line = JSON.stringify(events['1k']());
fs.writeFileSync(path.join(dir, 'event-1k.json'), line);
fs.writeFileSync(path.join(dir, 'batch.jsonl'), `${line}\n`.repeat(n));

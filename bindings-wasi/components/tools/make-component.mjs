// Makes a WASI 0.2 component from a preview1 core module, as
// `wasm-tools component embed` + `wasm-tools component new --adapt` would, with
// the wasm-tools that npm's @bytecodealliance/jco ships (compiled to wasm, so
// setup installs it in seconds instead of building the crate):
//
//   node make-component.mjs <jco-dir> <core.wasm> <wit-dir> <world> <adapter.wasm> <out.wasm>
//
// <jco-dir> is where `npm install @bytecodealliance/jco` put node_modules/
// (.tools/jco). <wit-dir> holds world.wit and deps/*.wit (one package a file).
// The WIT goes in as one text (nested `package x { ... }` blocks): jco's
// path-reading embed fails inside its own filesystem shim (NotFound).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

async function main() {
  const [jcoDir, core, witDir, world, adapter, out] = process.argv.slice(2);
  if (!out) throw new Error('usage: make-component.mjs <jco-dir> <core.wasm> <wit-dir> <world> <adapter.wasm> <out.wasm>');
  const api = path.join(jcoDir, 'node_modules/@bytecodealliance/jco/dist/api.js');
  const { componentEmbed, componentNew } = await import(pathToFileURL(api).href);

  let source = await readFile(path.join(witDir, 'world.wit'), 'utf8');
  for (const name of (await readdir(path.join(witDir, 'deps'))).filter((n) => n.endsWith('.wit')).sort()) {
    const text = await readFile(path.join(witDir, 'deps', name), 'utf8');
    const nested = text.replace(/^package ([^;\s]+);/m, 'package $1 {');
    if (nested === text) throw new Error(`${name}: no "package ...;" line`);
    source += `\n${nested}\n}\n`;
  }
  const embedded = await componentEmbed({ binary: await readFile(core), witSource: source, world });
  const component = await componentNew(embedded, [['wasi_snapshot_preview1', await readFile(adapter)]]);
  await writeFile(out, component);
}

main().catch((err) => {
  process.stderr.write(`make-component: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});

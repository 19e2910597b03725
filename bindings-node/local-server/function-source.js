// Where the function's files are: a directory as given, or a ZIP unpacked into a
// temporary directory (removed when the server stops), as the platform unpacks
// an uploaded ZIP.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

// Resolves {dir, cleanup()}; throws an Error with one line saying what to do.
function openFunctionSource(source) {
  if (fs.statSync(source).isDirectory()) return { dir: source, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ycfn-serve-'));
  try {
    execFileSync('unzip', ['-q', '-o', source, '-d', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    const why = e.code === 'ENOENT' ? 'unzip is not installed (apt-get install unzip)' : String(e.stderr || e.message).trim();
    throw new Error(`${source}: cannot unpack it as a ZIP: ${why}`);
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { openFunctionSource };

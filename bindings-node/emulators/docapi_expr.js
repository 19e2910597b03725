// The part of DynamoDB's expression language the Document API emulator
// (docapi.js) understands: top-level attribute paths only (no a.b or a[0]).
//
//   condition   := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | primary
//   primary     := '(' condition ')' | attribute_exists(p) | attribute_not_exists(p)
//                | begins_with(p, operand) | contains(p, operand)
//                | operand cmp operand | operand BETWEEN operand AND operand
//   cmp         := = | <> | < | <= | > | >=
//   update      := (SET p = value (, p = value)* | ADD p :v (, ...)* | REMOVE p (, p)*
//                  | DELETE p :v (, ...)*)+
//   value       := operand ((+ | -) operand)?;  operand := p | :v | if_not_exists(p, operand)
//
// p is a name or a #placeholder; :v a value placeholder. Values may be of any
// type, nested ones (M, L) and sets (SS, NS, BS) included: = and <> compare them
// whole (a set's order does not matter), contains() looks into a string, a set
// or a list, ADD and DELETE merge sets. Paths into them (a.b, a[0]) and other
// functions (size, attribute_type) are refused: anything else throws a
// ValidationError (the emulator answers ValidationException).
'use strict';

class ValidationError extends Error {}

function tokenize(text) {
  const tokens = [];
  const re = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(<>|<=|>=|[=<>+\-(),])|(\S))/y;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[5] !== undefined) {
      throw new ValidationError(m[5] === '.' || m[5] === '[' ? 'nested attribute paths are not emulated' : `unexpected ${m[5]}`);
    }
    if (m[1]) tokens.push({ kind: 'name', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'value', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'op', text: m[4] });
    if (/^\s*$/.test(text.slice(re.lastIndex))) break;
  }
  return tokens;
}

class Parser {
  constructor(text, names, values) {
    if (typeof text !== 'string' || !text.trim()) throw new ValidationError('an expression is empty');
    this.tokens = tokenize(text);
    this.pos = 0;
    this.names = names || {};
    this.values = values || {};
    this.usedNames = new Set();
    this.usedValues = new Set();
  }

  peek(offset = 0) {
    return this.tokens[this.pos + offset];
  }

  isWord(word, offset = 0) {
    const t = this.peek(offset);
    return t && t.kind === 'word' && t.text.toUpperCase() === word;
  }

  isOp(op) {
    const t = this.peek();
    return t && t.kind === 'op' && t.text === op;
  }

  expectOp(op) {
    if (!this.isOp(op)) throw new ValidationError(`expected ${op}`);
    this.pos++;
  }

  done() {
    if (this.pos !== this.tokens.length) throw new ValidationError(`unexpected ${this.peek().text}`);
  }

  path() {
    const t = this.peek();
    if (!t) throw new ValidationError('expected an attribute name');
    if (t.kind === 'name') {
      this.pos++;
      if (!(t.text in this.names)) throw new ValidationError(`An expression attribute name used in the document path is not defined; attribute name: ${t.text}`);
      this.usedNames.add(t.text);
      return { path: this.names[t.text] };
    }
    if (t.kind === 'word') {
      this.pos++;
      return { path: t.text };
    }
    throw new ValidationError('expected an attribute name');
  }

  operand() {
    const t = this.peek();
    if (t && t.kind === 'value') {
      this.pos++;
      if (!(t.text in this.values)) throw new ValidationError(`An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
      this.usedValues.add(t.text);
      return { value: this.values[t.text] };
    }
    if (this.isWord('IF_NOT_EXISTS') && this.peek(1) && this.peek(1).text === '(') {
      this.pos += 2;
      const p = this.path();
      this.expectOp(',');
      const fallback = this.operand();
      this.expectOp(')');
      return { ifNotExists: p.path, fallback };
    }
    return this.path();
  }

  // --- conditions ---
  condition() {
    let left = this.and();
    while (this.isWord('OR')) {
      this.pos++;
      left = { or: [left, this.and()] };
    }
    return left;
  }

  and() {
    let left = this.not();
    while (this.isWord('AND')) {
      this.pos++;
      left = { and: [left, this.not()] };
    }
    return left;
  }

  not() {
    if (this.isWord('NOT')) {
      this.pos++;
      return { not: this.not() };
    }
    return this.primary();
  }

  primary() {
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    for (const fn of ['ATTRIBUTE_EXISTS', 'ATTRIBUTE_NOT_EXISTS', 'BEGINS_WITH', 'CONTAINS']) {
      if (this.isWord(fn) && this.peek(1) && this.peek(1).text === '(') {
        this.pos += 2;
        const p = this.path();
        let arg;
        if (fn === 'BEGINS_WITH' || fn === 'CONTAINS') {
          this.expectOp(',');
          arg = this.operand();
        }
        this.expectOp(')');
        return { fn: fn.toLowerCase(), path: p.path, arg };
      }
    }
    const t0 = this.peek();
    if (t0 && t0.kind === 'word' && this.peek(1) && this.peek(1).text === '(') {
      throw new ValidationError(`Invalid function name; function: ${t0.text} (the emulator knows attribute_exists, attribute_not_exists, begins_with, contains, if_not_exists)`);
    }
    const left = this.operand();
    if (this.isWord('BETWEEN')) {
      this.pos++;
      const low = this.operand();
      if (!this.isWord('AND')) throw new ValidationError('expected AND in BETWEEN');
      this.pos++;
      return { between: [left, low, this.operand()] };
    }
    const t = this.peek();
    if (!t || t.kind !== 'op' || !['=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      throw new ValidationError('expected a comparison');
    }
    this.pos++;
    return { cmp: t.text, left, right: this.operand() };
  }

  // --- updates ---
  update() {
    const actions = [];
    const seen = new Set();
    if (!this.peek()) throw new ValidationError('an update expression is empty');
    while (this.peek()) {
      const t = this.peek();
      const clause = t.kind === 'word' ? t.text.toUpperCase() : '';
      if (!['SET', 'ADD', 'REMOVE', 'DELETE'].includes(clause)) throw new ValidationError(`unexpected ${t.text}`);
      if (seen.has(clause)) throw new ValidationError(`The ${clause} section can only be used once in an update expression`);
      seen.add(clause);
      this.pos++;
      for (;;) {
        const p = this.path().path;
        if (clause === 'SET') {
          this.expectOp('=');
          let value = this.operand();
          if (this.isOp('+') || this.isOp('-')) {
            const op = this.peek().text;
            this.pos++;
            value = { arith: op, left: value, right: this.operand() };
          }
          actions.push({ action: 'SET', path: p, value });
        } else if (clause === 'REMOVE') {
          actions.push({ action: 'REMOVE', path: p });
        } else {
          const v = this.operand();
          if (!('value' in v)) throw new ValidationError(`${clause} takes a value placeholder`);
          actions.push({ action: clause, path: p, value: v });
        }
        if (!this.isOp(',')) break;
        this.pos++;
      }
    }
    const paths = actions.map((a) => a.path);
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice) throw new ValidationError(`Two document paths overlap with each other; path: ${twice}`);
    return actions;
  }
}

// --- values ---

const typeOf = (v) => (v && typeof v === 'object' ? Object.keys(v)[0] : undefined);

function isNumberText(text) {
  return typeof text === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

function addNumbers(a, b, sign = 1) {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return (BigInt(a) + BigInt(sign) * BigInt(b)).toString();
  return String(Number(a) + sign * Number(b));
}

function compareScalars(a, b) {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return undefined;
  if (ta === 'N') {
    const x = Number(a.N);
    const y = Number(b.N);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ta === 'S' || ta === 'B') {
    const x = ta === 'S' ? Buffer.from(a.S) : Buffer.from(a.B, 'base64');
    const y = ta === 'S' ? Buffer.from(b.S) : Buffer.from(b.B, 'base64');
    return Buffer.compare(x, y);
  }
  return undefined;
}

const SET_TYPES = ['SS', 'NS', 'BS'];

// One text per value, whatever the order of a set's elements or of a map's keys.
function canonical(v) {
  const t = typeOf(v);
  if (SET_TYPES.includes(t) && Array.isArray(v[t])) {
    const elements = v[t].map((e) => (t === 'NS' ? String(Number(e)) : String(e))).sort();
    return `{${JSON.stringify(t)}:${JSON.stringify(elements)}}`;
  }
  if (t === 'N' && typeof v.N === 'string') return `{"N":${JSON.stringify(String(Number(v.N)))}}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function equal(a, b) {
  if (typeOf(a) === 'N' && typeOf(b) === 'N') return Number(a.N) === Number(b.N);
  return canonical(a) === canonical(b);
}

// --- evaluation ---

function resolve(operand, item) {
  if ('value' in operand) return operand.value;
  if ('ifNotExists' in operand) return operand.ifNotExists in item ? item[operand.ifNotExists] : resolve(operand.fallback, item);
  return item[operand.path];
}

function evaluate(node, item) {
  if (node.or) return evaluate(node.or[0], item) || evaluate(node.or[1], item);
  if (node.and) return evaluate(node.and[0], item) && evaluate(node.and[1], item);
  if (node.not) return !evaluate(node.not, item);
  if (node.fn === 'attribute_exists') return node.path in item;
  if (node.fn === 'attribute_not_exists') return !(node.path in item);
  if (node.fn === 'contains') {
    const v = item[node.path];
    const wanted = resolve(node.arg, item);
    const t = typeOf(v);
    if (wanted === undefined || v === undefined) return false;
    if (t === 'S') return typeOf(wanted) === 'S' && v.S.includes(wanted.S);
    if (SET_TYPES.includes(t)) return SET_TYPES[['S', 'N', 'B'].indexOf(typeOf(wanted))] === t && v[t].some((e) => equal({ [t[0]]: e }, wanted));
    if (t === 'L') return v.L.some((e) => equal(e, wanted));
    return false;
  }
  if (node.fn === 'begins_with') {
    const v = item[node.path];
    const prefix = resolve(node.arg, item);
    return typeOf(v) === 'S' && typeOf(prefix) === 'S' && v.S.startsWith(prefix.S);
  }
  if (node.between) {
    const [x, lo, hi] = node.between.map((o) => resolve(o, item));
    const a = compareScalars(x, lo);
    const b = compareScalars(x, hi);
    return a !== undefined && b !== undefined && a >= 0 && b <= 0;
  }
  const left = resolve(node.left, item);
  const right = resolve(node.right, item);
  if (left === undefined || right === undefined) return node.cmp === '<>' && (left !== undefined || right !== undefined);
  if (node.cmp === '=') return equal(left, right);
  if (node.cmp === '<>') return !equal(left, right);
  const c = compareScalars(left, right);
  if (c === undefined) return false;
  return { '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[node.cmp];
}

// Applies update `actions` to a copy of `item`; returns {item, updated: [paths]}.
function applyUpdate(actions, item) {
  const next = JSON.parse(JSON.stringify(item));
  const updated = [];
  for (const a of actions) {
    if (a.action === 'REMOVE') {
      delete next[a.path];
      continue;
    }
    if (a.action === 'SET') {
      let value;
      if (a.value.arith) {
        const l = resolve(a.value.left, item);
        const r = resolve(a.value.right, item);
        if (typeOf(l) !== 'N' || typeOf(r) !== 'N') throw new ValidationError('An operand in the update expression has an incorrect data type');
        value = { N: addNumbers(l.N, r.N, a.value.arith === '-' ? -1 : 1) };
      } else {
        value = resolve(a.value, item);
        if (value === undefined) throw new ValidationError('The provided expression refers to an attribute that does not exist in the item');
      }
      next[a.path] = value;
      updated.push(a.path);
      continue;
    }
    const current = item[a.path];
    const v = a.value.value;
    const t = typeOf(v);
    if (a.action === 'ADD') {
      if (t === 'N') {
        if (current !== undefined && typeOf(current) !== 'N') throw new ValidationError('An operand in the update expression has an incorrect data type');
        next[a.path] = { N: current === undefined ? v.N : addNumbers(current.N, v.N) };
      } else if (t === 'SS' || t === 'NS' || t === 'BS') {
        if (current !== undefined && typeOf(current) !== t) throw new ValidationError('An operand in the update expression has an incorrect data type');
        const merged = current === undefined ? [...v[t]] : [...current[t]];
        const has = (e) => merged.some((m) => equal({ [t[0]]: m }, { [t[0]]: e }));
        for (const e of v[t]) if (!has(e)) merged.push(e);
        next[a.path] = { [t]: merged };
      } else {
        throw new ValidationError('ADD takes a number or a set');
      }
      updated.push(a.path);
    } else {
      // DELETE: elements out of a set.
      if (!(t === 'SS' || t === 'NS' || t === 'BS')) throw new ValidationError('DELETE takes a set');
      if (current !== undefined) {
        if (typeOf(current) !== t) throw new ValidationError('An operand in the update expression has an incorrect data type');
        const left = current[t].filter((e) => !v[t].some((d) => equal({ [t[0]]: e }, { [t[0]]: d })));
        if (left.length) next[a.path] = { [t]: left };
        else delete next[a.path];
        updated.push(a.path);
      }
    }
  }
  return { item: next, updated };
}

function parseCondition(text, names, values) {
  const p = new Parser(text, names, values);
  const node = p.condition();
  p.done();
  return { node, parser: p };
}

function parseUpdate(text, names, values) {
  const p = new Parser(text, names, values);
  const actions = p.update();
  p.done();
  return { actions, parser: p };
}

function parseProjection(text, names) {
  const p = new Parser(text, names, {});
  const paths = [p.path().path];
  while (p.isOp(',')) {
    p.pos++;
    paths.push(p.path().path);
  }
  p.done();
  return paths;
}

// Why `v` is not an attribute value DynamoDB accepts (null when it is): one type
// key; numbers as text; sets non-empty, without duplicates; M and L checked inside.
function invalidValue(v, depth = 0) {
  if (depth > 32) return 'Nesting Levels have exceeded supported limits';
  if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) {
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  }
  const t = typeOf(v);
  const x = v[t];
  switch (t) {
    case 'S':
    case 'B':
      return typeof x === 'string' ? null : `${t} must be a string`;
    case 'N':
      return isNumberText(x) ? null : 'A value provided cannot be converted into a number';
    case 'BOOL':
      return typeof x === 'boolean' ? null : 'BOOL must be true or false';
    case 'NULL':
      return x === true ? null : 'Null attribute value types must have the value of true';
    case 'SS':
    case 'NS':
    case 'BS': {
      if (!Array.isArray(x) || x.some((e) => typeof e !== 'string')) return `${t} must be a list of strings`;
      if (x.length === 0) return 'One or more parameter values were invalid: An number set  may not be empty'.replace('number', { SS: 'string', NS: 'number', BS: 'binary' }[t]);
      if (t === 'NS' && !x.every(isNumberText)) return 'A value provided cannot be converted into a number';
      const seen = new Set(x.map((e) => canonical({ [t[0]]: e })));
      return seen.size === x.length ? null : 'One or more parameter values were invalid: Input collection contains duplicates';
    }
    case 'L':
      if (!Array.isArray(x)) return 'L must be a list of attribute values';
      for (const e of x) {
        const why = invalidValue(e, depth + 1);
        if (why) return why;
      }
      return null;
    case 'M':
      if (!x || typeof x !== 'object' || Array.isArray(x)) return 'M must be a map of attribute values';
      for (const e of Object.values(x)) {
        const why = invalidValue(e, depth + 1);
        if (why) return why;
      }
      return null;
    default:
      return `Supplied AttributeValue has an unknown data type ${t}`;
  }
}

module.exports = {
  ValidationError,
  invalidValue,
  parseCondition,
  parseUpdate,
  parseProjection,
  evaluate,
  applyUpdate,
  compareScalars,
  isNumberText,
  typeOf,
};

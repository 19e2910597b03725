// The function host's HTTP client: performs one request of a `fetch` step and
// answers its entry of the ABI's fetch_results (docs/design.md, "The C ABI").
// fetch is the global one (Node >= 18) or node-fetch 2.x (nodejs16). Error
// messages describe what happened (codes, sizes, times), never a body, a header
// value or a token.
'use strict';

let fetchImpl = null;
let fetchUnavailable = null;

// node-fetch is required on first use, not at load: requiring it costs Node
// 16.14.1 about 40 ms, which a function that never fetches (the token in the
// context) would pay on every cold start (bench/README.md, item 1).
function getFetch() {
  if (fetchImpl || fetchUnavailable) return fetchImpl;
  if (typeof globalThis.fetch === 'function') {
    fetchImpl = globalThis.fetch;
  } else {
    try {
      fetchImpl = require('node-fetch');
    } catch (e) {
      fetchUnavailable = `no global fetch and require('node-fetch') failed (${safeCode(e)}); add "node-fetch": "^2.7.0" to the function's package.json dependencies`;
    }
  }
  return fetchImpl;
}

function fetchImplementation() {
  const impl = getFetch();
  return impl === globalThis.fetch ? 'global' : impl ? 'node-fetch' : 'none';
}

// An error's code, if it is one a log may carry (no free text from the network).
function safeCode(e) {
  const cause = e && e.cause;
  const code = (cause && cause.code) || (e && e.code) || (e && e.name) || 'error';
  return /^[A-Za-z0-9_.-]{1,64}$/.test(String(code)) ? String(code) : 'error';
}

const sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, Number(ms) || 0));
  });

// Collects the body as a stream, stopping as soon as it exceeds `max` bytes.
async function readBody(res, max, onTooLarge) {
  const chunks = [];
  let total = 0;
  const body = res.body;
  if (body == null) return Buffer.alloc(0);
  if (typeof body.getReader === 'function') {
    // WHATWG ReadableStream (global fetch)
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        onTooLarge();
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } else {
    // Node Readable (node-fetch 2.x)
    for await (const chunk of body) {
      total += chunk.length;
      if (total > max) {
        onTooLarge();
        if (typeof body.destroy === 'function') body.destroy();
        return null;
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks, total);
}

// One request of a `fetch` step (after its delay_ms; no redirects, timeout_ms,
// at most max_body_bytes of body). The core writes all three (steps.js checks).
async function performFetch(f) {
  const id = f.id;
  await sleep(f.delay_ms);
  const impl = getFetch();
  if (!impl) return { id, error: 'network', message: fetchUnavailable };
  const timeoutMs = Math.max(0, f.timeout_ms);
  const max = f.max_body_bytes;
  const ac = new AbortController();
  let outcome = null; // 'timeout' | 'too_large' once decided
  const timer = setTimeout(() => {
    if (!outcome) outcome = 'timeout';
    ac.abort();
  }, timeoutMs);
  try {
    const init = { method: f.method || 'GET', headers: f.headers || [], redirect: 'manual', signal: ac.signal };
    if (typeof f.body_base64 === 'string') init.body = Buffer.from(f.body_base64, 'base64');
    const res = await impl(f.url, init);
    const headers = [];
    res.headers.forEach((value, name) => {
      headers.push([String(name), String(value)]);
    });
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > max) {
      // Announced too large: not a byte is read.
      outcome = 'too_large';
      ac.abort();
      return { id, error: 'too_large', message: `the reply announces ${declared} bytes, over ${max}` };
    }
    const body = await readBody(res, max, () => {
      if (!outcome) outcome = 'too_large';
      ac.abort();
    });
    if (outcome === 'too_large' || body === null) {
      return { id, error: 'too_large', message: `the reply body exceeds ${max} bytes` };
    }
    // Complete: returned even if the timer fired meanwhile.
    return { id, status: res.status, headers, body_base64: body.toString('base64') };
  } catch (e) {
    if (outcome === 'timeout') return { id, error: 'timeout', message: `no complete reply within ${timeoutMs} ms` };
    if (outcome === 'too_large') return { id, error: 'too_large', message: `the reply body exceeds ${max} bytes` };
    return { id, error: 'network', message: `the request failed (${safeCode(e)})` };
  } finally {
    clearTimeout(timer);
  }
}

module.exports = { performFetch, fetchImplementation, sleep };

// The step loop of one invocation (docs/design.md, "The C ABI"): the core says
// what to do next, this performs it and resumes the core, until `respond`.
//   fetch -> every request of the step at once, ycfn_resume with all their results;
//   wait  -> until fetch `fetch_id` completes (or timeout_ms), ycfn_resume;
//   respond, error -> the invocation's answer: the step's `response` (the core
//                     renders the 500 of an ABI error too);
// printing every step's `logs` lines to stdout.
'use strict';

const { performFetch, sleep } = require('./fetch');
const { printLogs } = require('./answers');

const UNKNOWN_FLIGHT_PAUSE_MS = 10;

// Resolves after `ms` or when `promise` settles, whichever is first.
async function waitAtMost(promise, ms) {
  let timer;
  await Promise.race([
    promise,
    new Promise((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}

// The invocation's answer when `step` is a respond or error step (the answer it
// carries), else undefined (a step that asks for I/O, or none).
function answerOf(step) {
  if (!step || (step.step !== 'respond' && step.step !== 'error')) return undefined;
  if (!step.response || typeof step.response !== 'object') {
    throw new Error(`the core answered a ${step.step} step without a response object`);
  }
  return step.response;
}

// Drives the steps from `step` until `respond`. Returns undefined once
// `state.cancelled` is set: the invocation was answered at its deadline (the core
// has forgotten it), so replies that arrive later are dropped.
async function drive(inst, step, state) {
  for (;;) {
    if (!step || typeof step !== 'object') throw new Error('the core answered a step that is not an object');
    const id = step.invocation;
    state.invocation = id;
    if (Number.isFinite(step.deadline_ms)) state.deadline(step.deadline_ms);
    switch (step.step) {
      case 'respond':
      case 'error':
        return answerOf(step);
      case 'fetch': {
        const fetches = Array.isArray(step.fetches) ? step.fetches : [];
        // Other invocations may wait on these ids (the token's single flight).
        for (const f of fetches) inst.flight(f.id);
        let results;
        try {
          results = await Promise.all(fetches.map(performFetch));
          if (state.cancelled) return undefined;
          step = inst.resume({ invocation: id, now_ms: Date.now(), fetch_results: results });
        } finally {
          for (const f of fetches) inst.completeFlight(f.id);
        }
        break;
      }
      case 'wait': {
        const w = step.wait || {};
        const f = inst.flights.get(w.fetch_id);
        const timeoutMs = Math.max(0, Number(w.timeout_ms) || 0);
        // An unknown id: that fetch has completed already (a core never asks to
        // wait for one it did not start); a short pause keeps a confused core
        // from spinning.
        await waitAtMost(f ? f.promise : sleep(Math.min(UNKNOWN_FLIGHT_PAUSE_MS, timeoutMs)), timeoutMs);
        if (state.cancelled) return undefined;
        step = inst.resume({ invocation: id, now_ms: Date.now() });
        break;
      }
      default:
        throw new Error(`the core answered an unknown step ${JSON.stringify(String(step.step)).slice(0, 40)}`);
    }
    if (step) printLogs(step.logs);
  }
}

module.exports = { drive, answerOf };

// The step loop of one invocation (docs/design.md, "The C ABI"): the core says
// what to do next, this performs it and resumes the core, until `respond`.
//   fetch -> every request of the step at once, ycfn_resume with all their results;
//   wait  -> until fetch `fetch_id` completes (or timeout_ms), ycfn_resume; a
//            fetch with no flight registered here has completed already: at once;
//   respond, error -> the invocation's answer: the step's `response` (the core
//                     renders the 500 of an ABI error too);
// printing every step's `logs` lines to stdout. The core writes every field
// the host uses; a missing one is the core's bug, answered as a host error.
'use strict';

const { performFetch } = require('./fetch');
const { printLogs } = require('./answers');
const { STEP_INTEGERS } = require('./contract.generated');

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

// The first integer the core writes in every step of its kind (STEP_INTEGERS,
// from host_contract.def) that `step` lacks: "give_up_ms", "fetches[].id",
// "wait.timeout_ms"; '' when all are there. One missing is the core's bug: the
// step is answered as malformed, never given a value of this host's.
function missingInteger(step) {
  const isInteger = (object, key) => Boolean(object) && typeof object === 'object' && Number.isSafeInteger(object[key]);
  for (const [kind, place, key] of STEP_INTEGERS) {
    if (kind !== step.step) continue;
    const where = place ? `${place}.${key}` : key;
    if (!place) {
      if (!isInteger(step, key)) return where;
    } else if (place.endsWith('[]')) {
      const list = step[place.slice(0, -2)];
      if (!Array.isArray(list) || !list.every((entry) => isInteger(entry, key))) return where;
    } else if (!isInteger(step[place], key)) {
      return where;
    }
  }
  return '';
}

// Drives the steps from `step` until `respond`. Returns undefined once
// `state.cancelled` is set: the invocation was answered at its deadline (the core
// has forgotten it), so replies that arrive later are dropped.
async function drive(inst, step, state) {
  for (;;) {
    if (!step || typeof step !== 'object') throw new Error('the core answered a step that is not an object');
    const id = step.invocation;
    state.invocation = id;
    const answer = answerOf(step);
    if (answer) return answer;
    const missing = missingInteger(step);
    if (missing) throw new Error(`the core answered a ${step.step} step without an integer ${missing}`);
    if (step.step === 'fetch' || step.step === 'wait') state.giveUpAt(step.give_up_ms);
    switch (step.step) {
      case 'fetch': {
        const fetches = step.fetches;
        // Other invocations may wait on these ids (the token's single flight): each
        // flight is registered before this call yields, so in the same turn as the
        // call that returned the step, and stays so until its resume has returned.
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
        const w = step.wait;
        const timeoutMs = w.timeout_ms;
        const f = inst.flights.get(w.fetch_id);
        // No flight: its results were resumed already, so the core can go on (a
        // confused core is bounded by its own step limit).
        if (f) await waitAtMost(f.promise, Math.max(0, timeoutMs));
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

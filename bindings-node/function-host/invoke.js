// One invocation, start to end: the event and invocation JSON into the core,
// the steps driven until `respond`, and the host's safety net at the deadline
// (an invocation still waiting on I/O then is cancelled; the core answers 504).
// A trap, a module that does not load or a host error are answered here; no
// rejected promise ever leaves main.
'use strict';

const { deadlineFrom, invocationJson, eventInput } = require('./invocation-input');
const { drive, answerOf } = require('./steps');
const answers = require('./answers');

// Times a new call looks for a live instance when the one it was handed has trapped.
const REPLACEMENT_TRIES_MAX = 3;

// The answer when no instance could be had: the module trapped while being
// created, or it could not be loaded.
function noInstanceResult(e, requestId) {
  if (e instanceof answers.TrapError || e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    return answers.trapResult(e, requestId);
  }
  return answers.loadFailedResult(e, requestId);
}

async function invoke(instances, event, context) {
  const now = Date.now();
  const requestId = context && context.requestId;

  let input;
  try {
    input = eventInput(event);
  } catch (e) {
    return answers.unserializableEventResult();
  }
  const deadline = deadlineFrom(context, now);
  const invocation = invocationJson(context, now, deadline);

  let inst;
  try {
    inst = await instances.get();
    // Another call may have trapped the instance while this one awaited it: this
    // call never entered it, so the replacement serves it (a trap costs the calls
    // that were inside the dead instance, not the ones queued behind it). No await
    // between this check and the call into the instance below.
    for (let tries = 0; inst.dead && tries < REPLACEMENT_TRIES_MAX; tries++) inst = await instances.get();
  } catch (e) {
    return noInstanceResult(e, requestId);
  }

  let deadlineTimer = null;
  let onDeadline = null;
  const atDeadline = new Promise((resolve) => {
    onDeadline = resolve;
  });
  const CANCEL = {};
  // Every fetch and wait step says when to give up waiting (give_up_ms, host
  // clock): the safety net is armed at that time, as it is.
  const state = {
    cancelled: false,
    invocation: 0,
    requestId,
    giveUpAt(ms) {
      clearTimeout(deadlineTimer);
      deadlineTimer = setTimeout(() => onDeadline(CANCEL), Math.max(0, ms - Date.now()));
    },
  };
  try {
    const first = inst.invoke(input.eventJson, invocation, input.body);
    answers.printLogs(first && first.logs);
    const answered = answerOf(first);
    if (answered) return answered;

    const driving = drive(inst, first, state);
    const driven = await Promise.race([driving, atDeadline]);
    if (driven !== CANCEL) return driven;
    state.cancelled = true;
    driving.catch(() => {}); // its late replies are dropped
    const answer = inst.resume({ invocation: state.invocation, now_ms: Date.now(), cancel: true });
    answers.printLogs(answer && answer.logs);
    return answerOf(answer) || answers.cancelUnansweredResult(requestId);
  } catch (e) {
    if (e instanceof answers.TrapError) return answers.trapResult(e, requestId);
    throw e;
  } finally {
    clearTimeout(deadlineTimer);
  }
}

// The platform's entry point, index.main, over these instances. Never rejects.
function mainFor(instances) {
  return async function main(event, context) {
    try {
      return await invoke(instances, event, context);
    } catch (e) {
      return answers.hostErrorResult(e, context && context.requestId);
    }
  };
}

module.exports = { mainFor };

// A liveness guard, not a timing assertion: every vector's calls end by a deadline of
// at most a few seconds on a conforming host, so a call still pending after
// WATCHDOG_MS means the host ignored the deadline. The call is then reported as a
// failure (instead of holding the whole stage for the 10 minutes a platform allows).
'use strict';

const WATCHDOG_MS = 30000;

function guard(promise, what) {
  let timer;
  const fired = new Promise((resolve) => {
    timer = setTimeout(
      () => resolve({ error: `${what} did not answer in ${WATCHDOG_MS / 1000} s: the host did not honour the deadline` }),
      WATCHDOG_MS,
    );
  });
  return Promise.race([promise.finally(() => clearTimeout(timer)), fired]);
}

module.exports = { guard, WATCHDOG_MS };

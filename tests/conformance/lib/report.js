// One line per vector and the host's total, the same for every runner:
//   ok <vector>  |  FAIL <vector>: <why>...  |  n/a <vector>: <reason>
//   conformance <host>: N passed, M failed (K not applicable)
// Not-applicable vectors are neither passed nor failed, and are always listed.
'use strict';

function report(host, results, write = (s) => process.stdout.write(s)) {
  let passed = 0;
  let failed = 0;
  let na = 0;
  for (const r of results) {
    if (r.notApplicable) {
      na++;
      write(`n/a  ${r.name}: ${r.notApplicable}\n`);
    } else if (r.failures.length === 0) {
      passed++;
      write(`ok   ${r.name}\n`);
    } else {
      failed++;
      write(`FAIL ${r.name}\n${r.failures.map((f) => `       ${f}`).join('\n')}\n`);
    }
  }
  write(`conformance ${host}: ${passed} passed, ${failed} failed (${na} not applicable)\n`);
  return failed === 0;
}

module.exports = { report };

// Prints, on the host, what the UML kernels' jest runs reported (their --json outputs, the
// arguments): each file with its counts and time, every test that did not pass (skipped ones
// carry their reason in the name), and the totals.
const fs = require('node:fs');

const root = `${process.cwd()}/`;
const total = { passed: 0, failed: 0, skipped: 0 };

console.log('\ntest:kernel: what user-mode Linux ran');
for (const path of process.argv.slice(2)) {
  /** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numRuntimeErrorTestSuites: number,
   *   testResults: { name: string, status: string, message: string, startTime: number, endTime: number,
   *   assertionResults: { fullName: string, status: string }[] }[] }} */
  const report = JSON.parse(fs.readFileSync(path, 'utf8'));
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  total.skipped += report.numPendingTests;
  for (const file of report.testResults) {
    const count = (/** @type {string} */ s) => file.assertionResults.filter((a) => a.status === s).length;
    const secs = ((file.endTime - file.startTime) / 1000).toFixed(1);
    console.log(`  ${file.name.replace(root, '')}: ${count('passed')} passed, ${count('failed')} failed, ${count('pending')} skipped (${secs} s)`);
    for (const a of file.assertionResults) {
      if (a.status === 'failed') console.log(`    FAILED  ${a.fullName}`);
      else if (a.status === 'pending') console.log(`    skipped ${a.fullName}`);
    }
    // A file that failed to load has no assertion results, only its message.
    if (file.status === 'failed' && !file.assertionResults.length) console.log(`    ${file.message.split('\n').slice(0, 5).join('\n    ')}`);
  }
}
console.log(`test:kernel: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);

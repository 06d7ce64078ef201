// Prints one plain closing line, "jest: N passed, N failed, N skipped", for CI logs.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numFailedTestSuites, numRuntimeErrorTestSuites } = results;
    const suiteErrors = numFailedTestSuites && !numFailedTests ? ` (${numFailedTestSuites} suites failed)` : '';
    console.log(`jest: ${numPassedTests} passed, ${numFailedTests + numRuntimeErrorTestSuites} failed, ${numPendingTests + numTodoTests} skipped${suiteErrors}`);
  }
}
module.exports = SummaryReporter;

// Prints one plain closing line ("jest: N passed, N failed, N skipped") after jest's own summary,
// the form CI tools read to tell that tests ran.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    process.stderr.write(`\njest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;

// Prints one plain closing line ("jest: N passed, N failed, N skipped") as the very last line of the
// run, after jest's own summary: the form CI tools read to tell that tests ran.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const line = `\njest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;

/**
 * Prints one plain closing line, `tests: N passed, N failed[, N skipped]`, after Jest's own
 * summary, so CI logs that look for that line can read the result without parsing Jest's table.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const tail = skipped > 0 ? `, ${skipped} skipped` : '';
		process.stdout.write(
			`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`,
		);
	}
}

module.exports = SummaryReporter;

// Reads a jest JSON report: prints each failed test (suite, name, first lines of its error) so a CI
// log's tail says what broke, then "<passed> <failed>" as the last line for .ci/run to add up.
const { readFileSync } = require('fs');
const { stripVTControlCharacters: stripColours } = require('util');

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
/** The first lines of an error that say what went wrong (no colours, no stack frames). */
const gist = (text) =>
	stripColours(text)
		.split('\n')
		.filter((line) => line.trim() && !/^\s+at /.test(line))
		.slice(0, 12);

for (const file of report.testResults) {
	for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
		console.log(`::: FAIL ${[...test.ancestorTitles, test.title].join(' > ')}`);
		for (const line of gist(test.failureMessages.join('\n'))) console.log(`:::   ${line}`);
	}
	if (
		file.status === 'failed' &&
		file.assertionResults.every((result) => result.status !== 'failed')
	) {
		// a suite that failed outside any test (a hook or an import): its message is all there is
		console.log(`::: FAIL (did not run) ${file.name}`);
		for (const line of gist(file.message)) console.log(`:::   ${line}`);
	}
}
console.log(report.numPassedTests, report.numFailedTests + report.numRuntimeErrorTestSuites);

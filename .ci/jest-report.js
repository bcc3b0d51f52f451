// Reads a jest JSON report: prints each failed test (suite, name, first lines of its error) so a CI
// log's tail says what broke, then "<passed> <failed>" as the last line for .ci/run to add up.
const { readFileSync } = require('fs');
const { stripVTControlCharacters: stripColours } = require('util');

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));

for (const file of report.testResults) {
	for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
		console.log(`::: failed: ${[...test.ancestorTitles, test.title].join(' > ')}`);
		const firstLines = stripColours(test.failureMessages.join('\n')).split('\n').filter((line) => line.trim()).slice(0, 12);
		for (const line of firstLines) console.log(`:::   ${line}`);
	}
	if (file.status === 'failed' && file.assertionResults.every((result) => result.status !== 'failed')) {
		// a suite that failed outside any test (a hook or an import): its message is all there is
		console.log(`::: failed to run: ${file.name}`);
		for (const line of stripColours(file.message).split('\n').filter((line) => line.trim()).slice(0, 12)) console.log(`:::   ${line}`);
	}
}
console.log(report.numPassedTests, report.numFailedTests + report.numRuntimeErrorTestSuites);

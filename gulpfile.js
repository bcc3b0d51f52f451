// Copies what tsc does not emit into dist/: node and credential icons, codex files and the
// generated output schemas, keeping their folder layout so n8n finds them beside each node.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(
		[
			'nodes/**/*.svg',
			'nodes/**/*.node.json',
			'nodes/**/__schema__/**/*.json',
			'credentials/**/*.svg',
		],
		{ base: '.', encoding: false },
	).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
exports.default = copyAssets;

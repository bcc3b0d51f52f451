// The n8n community node starter's prettier settings (n8n-io/n8n-nodes-starter, .prettierrc.js).
// `npm run format` applies them; `npm run lint` fails on a file they would change.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};

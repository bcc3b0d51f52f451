/** The load test against a real n8n: run it with `npm run test:load` (scripts/test-load.sh). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/load'],
	testMatch: ['**/*.load.test.ts'],
	testTimeout: 1_800_000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
};

/** One jest configuration for the whole suite (`npm test`); `npm run test:unit` leaves out test/e2e (jest.unit.config.js). */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/test/reporters/skippedTests.js'],
};

/**
 * One jest configuration for the whole suite (`npm test`).
 * p-retry (and its dependency is-network-error) ship as ES modules; n8n loads them
 * through Node's require(esm), which jest's module system does not implement, so
 * jest transpiles those two packages to CommonJS with ts-jest.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error)/)'],
	testTimeout: 60000,
};

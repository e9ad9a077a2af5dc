/** `npm run test:unit`: the whole suite but test/e2e (no n8n installed, none started); otherwise as jest.config.js. */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config'),
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
};

/**
 * End-to-end suite in real n8n instances (`npm run test:e2e`, see test/e2e/README.md). Kept apart
 * from jest.config.js: the first run installs n8n (minutes, GBs) and every file starts n8n.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// The queue-mode files have their own config and npm script (jest.e2e-queue.config.js).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup.ts'],
	globalSetup: '<rootDir>/test/e2e/setup/global-setup.ts',
	// One n8n at a time: each takes about 1 GB and both cores while it starts.
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 60,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

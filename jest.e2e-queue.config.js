/**
 * The queue-mode end-to-end suite (`npm run test:e2e:queue`, see test/e2e/README.md): n8n 2.x
 * with Postgres, Redis, workers and webhook processes. Apart from jest.e2e.config.js because each
 * file starts five n8n processes (about 4 GB of memory) and the servers they need.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e/queue'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup.ts'],
	globalSetup: '<rootDir>/test/e2e/queue/setup/global-setup.ts',
	// One cluster at a time.
	maxWorkers: 1,
	testTimeout: 600000,
	slowTestThreshold: 120,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

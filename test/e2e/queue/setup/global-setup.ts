/**
 * Jest globalSetup of the queue-mode suite (`npm run test:e2e:queue`): n8n 2.x and Node 24 as the
 * e2e suite installs them (once, into .cache/e2e), the packed package, and Postgres and Redis
 * from Debian's packages when they are missing. Servers are started per test file.
 */
import * as path from 'node:path';

import { installAll } from '../../setup/install';
import { packPackage } from '../../setup/global-setup';
import { seconds } from '../../setup/run-command';
import { N8N2, ROOT } from '../../setup/versions';
import { ensureServerBinaries } from './debian-packages';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	process.stdout.write('\n');
	const report = await installAll([N8N2]);
	const tarball = await packPackage();
	const binaries = await ensureServerBinaries((message) => process.stdout.write(`[queue] ${message}\n`));
	const cached = report.steps.length === 0 ? ' (n8n install cached)' : '';
	process.stdout.write(
		`[queue] ready in ${seconds(started)} s${cached}; package ${path.relative(ROOT, tarball)}; ` +
			`postgres ${binaries.postgresBin}, redis ${binaries.redisServer}\n`,
	);
}

/**
 * Jest globalSetup of the e2e suite: installs the n8n instances (once; later runs reuse
 * .cache/e2e) and packs the package the tests install. `npm run test:e2e` builds dist/ first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { installAll } from './install';
import { cleanEnv, run, seconds } from './run-command';
import { PACK_DIR, ROOT } from './versions';

/** `npm pack` of the built package into .cache/e2e/pack (the benches in test/bench-e2e use it too). */
export async function packPackage(): Promise<string> {
	const entry = path.join(ROOT, 'dist', 'nodes', 'ApolloEnrich', 'ApolloEnrich.node.js');
	if (!fs.existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
	fs.rmSync(PACK_DIR, { recursive: true, force: true });
	fs.mkdirSync(PACK_DIR, { recursive: true });
	// The project's .npmrc (ignore-scripts) applies, as for a release; the tarball is what npm publishes.
	const output = await run('npm', ['pack', '--pack-destination', PACK_DIR, '--silent'], { cwd: ROOT, env: cleanEnv(), log: 'npm-pack.log' });
	const file = output.trim().split('\n').pop() ?? '';
	if (!file.endsWith('.tgz')) throw new Error(`npm pack printed no tarball name:\n${output}`);
	return path.join(PACK_DIR, path.basename(file));
}

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	process.stdout.write('\n');
	const report = await installAll();
	const tarball = await packPackage();
	const cached = report.steps.length === 0 ? ' (installs cached)' : '';
	process.stdout.write(`[e2e] ready in ${seconds(started)} s${cached}; package ${path.relative(ROOT, tarball)}\n`);
}

/**
 * Installs the packed package into a user folder step for step as n8n 2.x's
 * CommunityPackagesService.downloadPackage does: unpack the tarball into
 * `.n8n/nodes/node_modules/<name>`, strip dev, peer and optional dependencies from its
 * package.json, `npm install` what is left with scripts off, and record it in
 * `.n8n/nodes/package.json`. Going through the tarball is the point: a file missing from `files`,
 * or a runtime dependency only declared as a dev one, fails here as it would for a user.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cleanEnv, run } from '../setup/run-command';
import { PACK_DIR, ROOT } from '../setup/versions';

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
}

/**
 * The tarball globalSetup packed for this run, or E2E_TARBALL: any other tarball of the package
 * (a release candidate, `npm pack n8n-nodes-apollo-enrich@x.y.z`, a patched build) to test instead.
 */
export function packedTarball(): string {
	if (process.env.E2E_TARBALL) return path.resolve(process.env.E2E_TARBALL);
	const files = fs.existsSync(PACK_DIR) ? fs.readdirSync(PACK_DIR).filter((file) => file.endsWith('.tgz')) : [];
	if (files.length !== 1) throw new Error(`Expected one tarball in ${PACK_DIR}, found ${files.length}: run npm run test:e2e`);
	return path.join(PACK_DIR, files[0]);
}

export async function installCommunityPackage(tarball: string, nodesDir: string): Promise<string> {
	const { name } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
	const packageDir = path.join(nodesDir, 'node_modules', name);
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir, log: 'community-package-unpack.log' });

	const manifestFile = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PackageJson;
	const stripped: Partial<PackageJson> = { ...manifest };
	delete stripped.devDependencies;
	delete stripped.peerDependencies;
	delete stripped.optionalDependencies;
	fs.writeFileSync(manifestFile, JSON.stringify(stripped, null, 2));

	// n8n's flags, plus --prefer-offline: runtime dependencies (there are none today) come from
	// npm's cache when they can.
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--prefer-offline',
		],
		{ cwd: packageDir, env: cleanEnv(), log: 'community-package-npm-install.log' },
	);
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: manifest.version } }, null, 2),
	);
	return packageDir;
}

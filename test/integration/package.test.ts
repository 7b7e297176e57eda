import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
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

	it('ships only the compiled nodes, credentials and icons: nothing stale, no tests, no caches', () => {
		const dist = files.filter((file) => file.startsWith('dist/'));
		expect(dist.filter((file) => !/^dist\/(nodes|credentials|icons)\//.test(file))).toEqual([]);
		expect(files.filter((file) => /(^|\/)(\.cache|node_modules|examples|coverage)\//.test(file))).toEqual([]);
		expect(files.filter((file) => /\.(test|spec|e2e)\.|\.tgz$|\.log$/.test(file))).toEqual([]);
		// Each compiled file has its source in nodes/ or credentials/ (a file left over from a
		// deleted source would be published otherwise).
		const sourceOf = (file: string) => file.replace(/^dist\//, '').replace(/(\.d\.ts|\.js\.map|\.js)$/, '.ts');
		expect(dist.filter((file) => !fs.existsSync(path.join(ROOT, sourceOf(file))))).toEqual([]);
		// Source maps point only at the node and credential sources.
		const mapped = dist
			.filter((file) => file.endsWith('.js.map'))
			.flatMap((file) => {
				const map = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { sources: string[] };
				return map.sources.map((source) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), source)));
			});
		expect(mapped.length).toBeGreaterThan(0);
		expect(mapped.filter((source) => !/^(nodes|credentials)\/.+\.ts$/.test(source))).toEqual([]);
	});

	it('ships every file the n8n block lists, with icons and codex', () => {
		expect(files).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/ApolloEnrich/ApolloEnrich.node.json',
				'dist/icons/apollo.svg',
				'dist/icons/apollo.dark.svg',
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
		// index.js lists the classes by hand (the scanner forbids `path` and `__dirname` in it), so
		// it must name exactly the files of the n8n block.
		const className = (file: string) => path.basename(file).split('.')[0];
		expect(Object.keys(entry.nodes).sort()).toEqual(manifest.n8n.nodes.map(className).sort());
		expect(Object.keys(entry.credentials).sort()).toEqual(manifest.n8n.credentials.map(className).sort());
		for (const file of manifest.n8n.nodes) expect(entry.nodes[className(file)]).toBe(require(path.join(ROOT, file))[className(file)]);
		for (const file of manifest.n8n.credentials) {
			expect(entry.credentials[className(file)]).toBe(require(path.join(ROOT, file))[className(file)]);
		}
	});
});

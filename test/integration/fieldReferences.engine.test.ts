/**
 * Plain field references read from the item (nodes/ApolloEnrich/shared/fieldReferences.ts) must
 * give what n8n's expression engine gives, value for value, and n8n's own error where there is
 * one (fieldReferences.probe.ts reads every parameter both ways, through n8n-core). Each engine
 * n8n has: legacy here; QuickJS and isolated-vm (n8n 2.x's default) in one child process, since
 * their dynamic import does not run under Jest, on the e2e suite's Node 24 when it is installed
 * (isolated-vm ships no binary for Node 20; QuickJS alone then, on this Node).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { NODE24_BIN } from '../e2e/setup/versions';
import { COLLECTIONS, probeRows, type Engine } from './fieldReferences.probe';

const PROBE = path.join(__dirname, 'fieldReferences.probe.ts');

const withNode24 = fs.existsSync(NODE24_BIN);
const childEngines: Engine[] = withNode24 ? ['quickjs', 'vm'] : ['quickjs'];
let childRows: Promise<Record<string, IDataObject[]>> | undefined;

/** One child process for the sandboxed engines: starting n8n-core costs seconds. */
function rowsInChild(engine: Engine): Promise<IDataObject[]> {
	childRows ??= new Promise((resolve, reject) => {
		const result = spawnSync(withNode24 ? NODE24_BIN : process.execPath, ['--import', 'tsx', PROBE, ...childEngines], {
			encoding: 'utf8',
			timeout: 240_000,
			maxBuffer: 16 * 1024 * 1024,
		});
		// Complete rows count even when the child crashed afterwards: isolated-vm can segfault
		// while n8n's disposed isolates are torn down at exit, which is not what is tested here.
		try {
			resolve(JSON.parse(result.stdout) as Record<string, IDataObject[]>);
		} catch {
			reject(new Error(`probe exited ${result.status ?? result.signal} ${String(result.error ?? '')}: ${result.stderr.slice(-2000)}`));
		}
	});
	return childRows.then((rows) => rows[engine]);
}

const engines: Array<[Engine, () => Promise<IDataObject[]>]> = [
	['legacy', async () => await probeRows('legacy')],
	...childEngines.map((engine): [Engine, () => Promise<IDataObject[]>] => [engine, async () => await rowsInChild(engine)]),
];

describe.each(engines)("field references read from the item = n8n's %s expression engine", (_engine, rowsOf) => {
	let rows: IDataObject[];

	beforeAll(async () => {
		rows = await rowsOf();
	}, 240_000);

	it('gives the same value or the same error for every expression and item', () => {
		const differences = rows
			.filter((row) => !row.same)
			.map((row) => `${String(row.expression)} [item ${String(row.itemIndex)}]: n8n ${String(row.n8n)}, reader ${String(row.reader)}`);
		expect(differences).toEqual([]);
	});

	it('reads the plain references itself and leaves the rest to n8n', () => {
		const direct = (expression: string, itemIndex: number) =>
			rows.find((row) => row.expression === expression && row.itemIndex === itemIndex)?.direct;
		expect(direct('={{ $json.email }}', 0)).toBe(true);
		expect(direct('={{ $json["a b"] }}', 0)).toBe(true);
		expect(direct('={{ $json.nested.a.b }}', 0)).toBe(true);
		expect(direct('={{ $json.missing }}', 1)).toBe(true);
		expect(direct('={{ $json.number }}', 0)).toBe(true);
		expect(direct('={{ $json.nothing }}', 0)).toBe(true);
		expect(direct('={{ $json.missing.deeper }}', 0)).toBe(false);
		expect(direct('={{ $json.object }}', 0)).toBe(false);
		expect(direct('={{ $json.toString }}', 0)).toBe(false);
		expect(direct('={{ $json.toString }}', 3)).toBe(false);
		expect(direct('={{ $json.length }}', 3)).toBe(true);
		expect(direct('={{ $json?.email }}', 0)).toBe(false);
		expect(direct(JSON.stringify(COLLECTIONS[0]), 0)).toBe(true);
		expect(direct(JSON.stringify(COLLECTIONS[1]), 0)).toBe(true);
		expect(direct(JSON.stringify(COLLECTIONS[2]), 0)).toBe(false);
		expect(direct(JSON.stringify(COLLECTIONS[3]), 0)).toBe(false);
	});
});

/**
 * What a cluster costs while it runs: resident memory per process group (n8n plus its task
 * runner, or a server with its children) read from /proc, and disk per folder. Printed by the
 * test files for the README's cost table; never asserted.
 */
import * as fs from 'node:fs';

import { folderSizeMb } from '../../setup/run-command';

const PAGE_KB = 4;

/** Sum of RSS (MB) of every process whose process group is `pgid`. */
export function groupRssMb(pgid: number | undefined): number {
	if (pgid === undefined) return 0;
	let kb = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name, which is in parentheses and may hold spaces.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) kb += Number(fields[21]) * PAGE_KB;
		} catch {
			// The process ended while we looked.
		}
	}
	return Math.round(kb / 1024);
}

export interface ResourceSample {
	memoryMb: Record<string, number>;
	totalMemoryMb: number;
	diskMb: Record<string, number>;
	totalDiskMb: number;
}

export async function sampleResources(groups: Record<string, number | undefined>, folders: Record<string, string>): Promise<ResourceSample> {
	const memoryMb = Object.fromEntries(Object.entries(groups).map(([name, pgid]) => [name, groupRssMb(pgid)]));
	const diskMb: Record<string, number> = {};
	for (const [name, folder] of Object.entries(folders)) diskMb[name] = await folderSizeMb(folder);
	const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);
	return { memoryMb, totalMemoryMb: sum(memoryMb), diskMb, totalDiskMb: sum(diskMb) };
}

export function formatResources(sample: ResourceSample): string {
	const list = (values: Record<string, number>) =>
		Object.entries(values)
			.map(([name, mb]) => `${name} ${mb}`)
			.join(', ');
	return `memory (RSS, MB) ${list(sample.memoryMb)}; total ${sample.totalMemoryMb} MB. disk (MB) ${list(sample.diskMb)}; total ${sample.totalDiskMb} MB`;
}

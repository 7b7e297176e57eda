/** Plain-text tables for the benchmark's output (also pasted into BENCHMARKS.md). */
import type { CpuShare, RunFigures } from './measure';

export function num(value: number, digits = 0): string {
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function seconds(ms: number): string {
	return ms >= 100_000 ? `${num(ms / 1000, 0)} s` : `${num(ms / 1000, 1)} s`;
}

export function percent(ratio: number): string {
	return `${num(ratio * 100, 1)} %`;
}

export function times(ratio: number): string {
	return `${num(ratio, ratio >= 10 ? 0 : 1)}×`;
}

/** Left-aligned first column, right-aligned others, padded to the widest cell. */
export function table(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
	return rows
		.map((row) =>
			row
				.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
				.join('   ')
				.trimEnd(),
		)
		.join('\n');
}

export interface Goal {
	goal: string;
	figure: string;
	/** undefined: not measured. */
	met: boolean | undefined;
}

export function goalTable(goals: Goal[]): string {
	const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'NOT MET');
	return table([['goal', 'figure', 'result'], ...goals.map((goal) => [goal.goal, goal.figure, verdict(goal.met)])]);
}

export function section(title: string): string {
	return `\n${title}\n${'─'.repeat(title.length)}`;
}

export function perItem(run: RunFigures): number {
	return run.cpuMs / run.items;
}

const OWNERS: Array<[keyof CpuShare, string]> = [
	['node', "the node's own code (dist/nodes/ApolloEnrich, JSON parsing included)"],
	['n8nExpressions', "n8n's expression engine (what is left to it: none of the five fields)"],
	['n8nEngine', 'the rest of n8n-core / n8n-workflow (workflow engine, request helpers)'],
	['http', 'HTTP stack (axios, node:http/net; one new connection per call)'],
	['gc', 'garbage collection'],
	['other', 'other (V8, libuv, the benchmark itself)'],
];

/**
 * The profiler's samples say where the time went, as shares; the CPU time itself comes from
 * process.cpuUsage (a sample spans wall time, which on a busy machine is more than CPU time).
 */
export function cpuOf(run: RunFigures, share: CpuShare, owner: keyof CpuShare): number {
	const sampled = Object.values(share).reduce((sum, ms) => sum + ms, 0);
	return sampled > 0 ? (share[owner] / sampled) * perItem(run) : 0;
}

export function cpuSection(mapped: RunFigures, fixed: RunFigures, share: CpuShare): string {
	const per = (owner: keyof CpuShare) => `${num(cpuOf(fixed, share, owner), 3)} ms`;
	const sampled = Object.values(share).reduce((sum, ms) => sum + ms, 0);
	const expressionMs = (perItem(mapped) - perItem(fixed)) / 5;
	return [
		section('Node CPU per item at 10,000 records, zero latency (process.cpuUsage around the whole n8n run)'),
		table([
			['identifiers given as', 'CPU per item', 'CPU total'],
			['5 fields mapped by expression ({{ $json.email }} …)', `${num(perItem(mapped), 3)} ms`, seconds(mapped.cpuMs)],
			['fixed values, no expression (under the profiler)', `${num(perItem(fixed), 3)} ms`, seconds(fixed.cpuMs)],
		]),
		`Mapping a field costs about ${num(expressionMs, 3)} ms per item (plain {{ $json.… }} references are read from the item, not by n8n's expression engine).`,
		'',
		'Where the CPU of the fixed-values run went (shares from V8\'s sampling profiler, per item):',
		table([
			['owner', 'per item', 'share'],
			...OWNERS.map(([owner, label]) => [label, per(owner), percent(share[owner] / sampled)]),
		]),
	].join('\n');
}


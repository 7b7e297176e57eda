/**
 * Reading a V8 CPU profile of n8n's main process: where the samples of one stretch of time went,
 * by package (self time of the innermost frame that has a file) and by function, self and total.
 */
import type { CpuProfile } from './inspector';

export interface ProfileSummary {
	/** Sampled milliseconds in the stretch, idle excluded. */
	busyMs: number;
	idleMs: number;
	byPackage: Array<[string, number]>;
	/** Self time per function ("name (package/file:line)"). */
	bySelf: Array<[string, number]>;
	/** Total time (self + callees) per function, each counted once per sample. */
	byTotal: Array<[string, number]>;
}

type Node = CpuProfile['nodes'][number];

/** "n8n-workflow", "@n8n/expression-runtime", "(gc)", "node:internal" … from a script URL. */
export function packageOf(url: string, functionName: string): string {
	if (functionName === '(garbage collector)') return '(gc)';
	if (functionName === '(program)') return '(program)';
	if (url === '') return '(native)';
	if (url.startsWith('node:')) return 'node:' + (url.includes('internal') ? 'internal' : url.slice(5).split('/')[0]);
	const modules = url.split('/node_modules/');
	if (modules.length === 1) return url;
	const tail = modules[modules.length - 1].split('/');
	return tail[0].startsWith('@') ? `${tail[0]}/${tail[1]}` : tail[0];
}

function label(node: Node): string {
	const { url, functionName, lineNumber } = node.callFrame;
	const file = url.split('/node_modules/').pop()?.replace(/^.*\/dist\//, (m) => m.split('/').slice(-3).join('/')) ?? url;
	return `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})`;
}

/**
 * Date.now() minus the monotonic clock, in ms. V8 stamps profile samples with CLOCK_MONOTONIC
 * (µs), which every process on the machine shares, so this maps them onto Date.now(), the clock
 * of n8n's run data and of the fake's log.
 */
export function monotonicToEpochMs(): number {
	return Date.now() - Number(process.hrtime.bigint() / 1_000_000n);
}

/** Summarises the samples taken between `from` and `to` (Date.now() values). */
export function summarise(profile: CpuProfile, from = -Infinity, to = Infinity, top = 25): ProfileSummary {
	const startedAt = profile.startTime / 1000 + monotonicToEpochMs();
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const byPackage = new Map<string, number>();
	const bySelf = new Map<string, number>();
	const byTotal = new Map<string, number>();
	const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
	let busyMs = 0;
	let idleMs = 0;
	let at = startedAt;
	profile.samples.forEach((id, index) => {
		const ms = (profile.timeDeltas[index] ?? 0) / 1000;
		at += ms;
		if (at < from || at > to) return;
		const node = nodes.get(id);
		if (!node) return;
		if (node.callFrame.functionName === '(idle)') {
			idleMs += ms;
			return;
		}
		busyMs += ms;
		// Self time goes to the innermost frame with a file, so native helpers count for their caller.
		let owner: Node = node;
		for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
			const candidate = nodes.get(up);
			if (candidate && candidate.callFrame.url !== '') {
				owner = candidate;
				break;
			}
		}
		add(byPackage, packageOf(owner.callFrame.url, node.callFrame.functionName), ms);
		add(bySelf, label(node), ms);
		const seen = new Set<string>();
		for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
			const ancestor = nodes.get(up);
			if (!ancestor || ancestor.callFrame.url === '') continue;
			const key = label(ancestor);
			if (seen.has(key)) continue;
			seen.add(key);
			add(byTotal, key, ms);
		}
	});
	const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
	return { busyMs, idleMs, byPackage: sorted(byPackage), bySelf: sorted(bySelf), byTotal: sorted(byTotal) };
}

export function summaryText(summary: ProfileSummary, perItemOf?: number): string {
	const line = ([name, ms]: [string, number]) =>
		`${ms.toFixed(0).padStart(7)} ms ${((ms / summary.busyMs) * 100).toFixed(1).padStart(5)} %` +
		`${perItemOf ? ` ${((ms / perItemOf) * 1000).toFixed(1).padStart(7)} µs/item` : ''}  ${name}`;
	return [
		`busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
		'by package (self):',
		...summary.byPackage.map(line),
		'by function (self):',
		...summary.bySelf.map(line),
		'by function (total):',
		...summary.byTotal.map(line),
	].join('\n');
}

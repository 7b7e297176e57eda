/** What the trigger bench prints (and BENCHMARKS.md quotes): tables per set-up, then the goals. */
import type { LoadResult } from './trigger-load';
import type { ReceiverName, VariantResult } from './trigger-measure';
import { goalTable, num, section, table, type Goal } from './support/report';

const LABELS: Record<ReceiverName, string> = {
	webhook: "n8n's Webhook node → No Op",
	apollo100: 'Apollo trigger → No Op, 100 keys',
	apollo10k: 'Apollo trigger → No Op, 10,000 keys',
	before100: '  --before build, 100 keys',
	before10k: '  --before build, 10,000 keys',
};
const receiversOf = (run: VariantResult) => (Object.keys(LABELS) as ReceiverName[]).filter((receiver) => run.results[receiver]);

export const GOALS = { ratioAt10k: 0.8, sustainedPerSecond: 17 };

const rate = (result: LoadResult) => num(result.perSecond, 1);
const ratio = (value: number) => `${num(value, 2)}×`;
const statusText = (result: LoadResult) =>
	Object.entries(result.statuses)
		.map(([status, count]) => `${count}× ${status}`)
		.join(', ');

export function variantTable(run: VariantResult): string {
	const { webhook } = run.results;
	const rows = [['', 'deliveries/s', 'per round', 'vs Webhook node', 'n8n CPU/delivery', 'capacity ratio¹', 'answer p50 / p95', 'load']];
	for (const receiver of receiversOf(run)) {
		const result = run.results[receiver] as LoadResult;
		const isWebhook = receiver === 'webhook';
		rows.push([
			LABELS[receiver],
			rate(result),
			result.rounds.map((value) => num(value, 1)).join(' '),
			isWebhook ? '' : ratio(result.perSecond / webhook.perSecond),
			`${num(result.cpuMsPerDelivery, 1)} ms`,
			isWebhook ? '' : ratio(webhook.cpuMsPerDelivery / result.cpuMsPerDelivery),
			`${num(result.p50Ms)} / ${num(result.p95Ms)} ms`,
			num(result.loadAverage, 1),
		]);
	}
	const answers = receiversOf(run).map((receiver) => `${LABELS[receiver].trim()}: ${statusText(run.results[receiver] as LoadResult)}`);
	const lines = [
		section(run.variant.label),
		table(rows),
		`${run.results.webhook.sent} deliveries each, the same ones, ${answers.join('; ')}.`,
		`Seeded state served to the node: ${run.seededStateLive ? 'yes (a seeded delivery came back as a duplicate)' : 'NO'}; duplicates among the measured deliveries: ${run.results.apollo10k.duplicates + run.results.apollo100.duplicates}.`,
		`Graceful shutdown after the runs: ${num(run.shutdown.ms)} ms, waiting for ${run.shutdown.waitedFor} active executions.`,
	];
	if (run.minute) {
		const windows = run.minute.windows.map((count) => num(count / 10, 1)).join(', ');
		lines.push(
			`Sustained, Apollo trigger at 10,000 keys: ${run.minute.sent} deliveries in ${num(run.minute.elapsedMs / 1000, 1)} s = ${rate(run.minute)}/s; per 10 s: ${windows}/s; answer p50 / p95 ${num(run.minute.p50Ms)} / ${num(run.minute.p95Ms)} ms; ${num(run.minute.cpuMsPerDelivery, 1)} ms n8n CPU per delivery; load ${num(run.minute.loadAverage, 1)}.`,
		);
	}
	for (const [receiver, text] of Object.entries(run.profiles ?? {})) {
		lines.push(`\nCPU profile of n8n's main process, ${LABELS[receiver as ReceiverName]} (--profile, separate run of 100; per item = per delivery):\n${text}`);
	}
	if (run.growth) {
		const blocks = run.growth.map((block) => rate(block)).join(', ');
		const cpu = run.growth.map((block) => num(block.cpuMsPerDelivery)).join(', ');
		lines.push(
			`Growing from an empty state, 1,000 deliveries per block: ${blocks} deliveries/s (Webhook node above: ${rate(webhook)}/s); ` +
				`n8n CPU per delivery ${cpu} ms; load ${run.growth.map((block) => num(block.loadAverage, 1)).join(', ')}.`,
		);
	}
	return lines.join('\n');
}

/** n8n's expression isolates, from the difference between the vm and the legacy engine. */
export function isolateText(vm: VariantResult | undefined, legacy: VariantResult | undefined): string | undefined {
	if (!vm || !legacy) return undefined;
	const extra = (receiver: 'webhook' | 'apollo100' | 'apollo10k') => vm.results[receiver].cpuMsPerDelivery - legacy.results[receiver].cpuMsPerDelivery;
	return [
		section('Where the difference goes: n8n\'s expression isolates'),
		`n8n CPU per delivery, vm engine minus legacy engine: Webhook node ${num(extra('webhook'), 1)} ms (one isolate: its run), ` +
			`Apollo trigger ${num(extra('apollo100'), 1)} ms at 100 keys and ${num(extra('apollo10k'), 1)} ms at 10,000 keys (two: the webhook call and its run).`,
		'n8n 2.41 acquires a fresh V8 isolate for every webhook call of a node that is not its own Webhook node',
		'(LiveWebhooks.webhookPhaseNeedsIsolate, n8n/dist/webhooks/live-webhooks.js) and one for every run',
		'(WorkflowExecute.initializeExecution, n8n-core/dist/execution-engine/workflow-execute.js); a released isolate is',
		'disposed and a new one built (IsolatePool.release, @n8n/expression-runtime).',
	].join('\n');
}

export function goals(vm: VariantResult | undefined, others: VariantResult[]): string {
	const list: Goal[] = [];
	// Measured (deliveries/s) and by CPU (what a machine with nothing else running would see).
	const at10k = (run: VariantResult) => {
		const measured = run.results.apollo10k.perSecond / run.results.webhook.perSecond;
		const byCpu = run.results.webhook.cpuMsPerDelivery / run.results.apollo10k.cpuMsPerDelivery;
		return { figure: `${ratio(measured)} (CPU ${ratio(byCpu)})`, met: measured >= GOALS.ratioAt10k && byCpu >= GOALS.ratioAt10k };
	};
	if (vm) {
		list.push({ goal: `≥ ${GOALS.ratioAt10k}× n8n's Webhook node at 10,000 keys (n8n defaults)`, ...at10k(vm) });
		for (const other of others) list.push({ goal: `  the same, ${other.variant.name}`, ...at10k(other) });
		if (vm.minute) {
			const slowest = Math.min(...vm.minute.windows) / 10;
			list.push({
				goal: `≥ ${GOALS.sustainedPerSecond} deliveries/s sustained for a minute (10,000 keys, slowest 10 s)`,
				figure: `${rate(vm.minute)} (${num(slowest, 1)})`,
				met: slowest >= GOALS.sustainedPerSecond,
			});
		}
	}
	return [section('Goals (issue 13, section 4)'), goalTable(list), '¹ Webhook node CPU per delivery ÷ this one: the ratio on a machine with nothing else running.'].join('\n');
}

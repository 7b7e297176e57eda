/**
 * `npm run bench:e2e:trigger`: the Apollo Webhook Trigger against n8n's own Webhook node in a real
 * n8n 2.41.1 (the e2e install), on the same deliveries at the same concurrency, with the trigger
 * remembering 100 and 10,000 deliveries; then the trigger for a sustained minute at 10,000. Each
 * receiver answers at once and runs a No Operation node after it.
 *
 * It runs under three expression-engine set-ups, to show what holds the ratio: n8n's defaults;
 * the same with n8n's Webhook node denied its exemption from a per-call expression isolate; and
 * the legacy engine, which has no isolates at all.
 *
 *   npm run bench:e2e:trigger -- [--variants vm,no-skip,legacy] [--deliveries 300] [--rounds 3]
 *     [--concurrency 10] [--minute 60] [--growth] [--profile] [--trigger-version 1.1]
 *     [--before main.tgz] [--tarball other.tgz --legacy-state]
 *
 * --growth also sends 10,000 deliveries to a trigger that starts empty, in blocks of 1,000.
 * --profile prints where n8n's main process spends its time, from extra runs of 100 deliveries.
 * --before installs an older build of the package beside this one (as n8n-nodes-apollo-enrich-before,
 * node version 1, state in the form it reads) and measures its trigger in the same rounds: a
 * before/after comparison under the same load. --tarball measures another build (e.g. `npm pack` of main); --legacy-state seeds the state in
 * the form builds before the packed form read; --trigger-version 1 for builds without 1.1 (and to
 * measure workflows made with version 1).
 */
import * as path from 'node:path';

import { deliveryTexts, TRIGGER_VERSION, useTriggerVersion } from './trigger-workflows';
import { measureVariant, type Bodies, type MeasureOptions, type Variant, type VariantResult } from './trigger-measure';
import { goals, isolateText, variantTable } from './trigger-report';
import { machineText, stamp } from './support/report';

const VARIANTS: Record<string, Variant> = {
	vm: { name: 'vm', label: "n8n 2.41.1 defaults (expression engine vm)", env: {} },
	'no-skip': {
		name: 'no-skip',
		label: "vm, with n8n's Webhook node made to take an isolate per call like every other trigger (N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false)",
		env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' },
	},
	legacy: { name: 'legacy', label: 'legacy expression engine, no isolates (N8N_EXPRESSION_ENGINE=legacy)', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};

function option(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

async function main(): Promise<void> {
	const started = Date.now();
	const deliveries = Number(option('deliveries', '300'));
	const options: MeasureOptions = {
		rounds: Number(option('rounds', '3')),
		concurrency: Number(option('concurrency', '10')),
		minuteMs: Number(option('minute', '60')) * 1000,
		growth: process.argv.includes('--growth'),
		tarball: process.argv.includes('--tarball') ? path.resolve(option('tarball', '')) : undefined,
		legacyState: process.argv.includes('--legacy-state'),
		profile: process.argv.includes('--profile'),
		before: process.argv.includes('--before') ? path.resolve(option('before', '')) : undefined,
	};
	useTriggerVersion(Number(option('trigger-version', String(TRIGGER_VERSION))));
	const variants = option('variants', 'vm,no-skip,legacy')
		.split(',')
		.map((name) => VARIANTS[name] ?? (() => { throw new Error(`Unknown variant ${name}: ${Object.keys(VARIANTS).join(', ')}`); })());
	const bodies: Bodies = {
		seed100: deliveryTexts(100, 1001),
		seed10k: deliveryTexts(10_000, 1002),
		warmUp: deliveryTexts(20, 8),
		measured: deliveryTexts(deliveries, 7),
		minute: deliveryTexts(Math.ceil((options.minuteMs / 1000) * 80), 9),
		growth: options.growth ? deliveryTexts(10_000, 10) : [],
		profiled: options.profile ? deliveryTexts(100, 11) : [],
	};
	console.log('Apollo Webhook Trigger in a real n8n (npm run bench:e2e:trigger)');
	console.log(`${stamp()}\n${machineText()}`);
	console.log(
		`n8n 2.41.1 on Node 24, SQLite, regular mode; ${options.concurrency} deliveries in flight; Apollo waterfall bodies of two people (~3 KB), all distinct.` +
			`\nApollo Webhook Trigger node version ${TRIGGER_VERSION}.` +
			(options.tarball ? `\nPackage: ${options.tarball}${options.legacyState ? ' (state seeded in the form of version 1)' : ''}` : ''),
	);
	const results: VariantResult[] = [];
	for (const [index, variant] of variants.entries()) {
		// The sustained minute and the growth run only under n8n's defaults (the first set-up).
		const run = await measureVariant(variant, bodies, index === 0 ? options : { ...options, minuteMs: 0, growth: false });
		results.push(run);
		console.log(variantTable(run));
	}
	const vm = results.find((run) => run.variant.name === 'vm');
	const isolates = isolateText(vm, results.find((run) => run.variant.name === 'legacy'));
	if (isolates) console.log(isolates);
	console.log(goals(vm, results.filter((run) => run !== vm)));
	console.log(`\nBench took ${Math.round((Date.now() - started) / 1000)} s; ${stamp()}.`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

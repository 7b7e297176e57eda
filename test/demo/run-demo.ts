/**
 * `npm run demo`: the package's main job, end to end. It runs the example workflow
 * examples/bulk-enrich.workflow.json (Manual Trigger with a list of people → Apollo Enrich, Bulk
 * Enrich) through n8n-core, exactly as n8n executes it, and prints the enriched items.
 *
 * Without APOLLO_API_KEY it starts the embedded fake Apollo on 127.0.0.1 and enriches against
 * that. With APOLLO_API_KEY set it calls the real Apollo (or APOLLO_BASE_URL), which spends
 * credits for every person it finds.
 *
 * Options: --input people.json (a JSON array of {email, first_name, last_name, company_domain,
 * linkedin_url} objects, replacing the sample list), --json (print every output item in full).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startFakeApollo, type FakeApollo } from '../fake-apollo';
import { runWorkflow, type WorkflowJson } from '../harness';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_FILE = path.join(ROOT, 'examples', 'bulk-enrich.workflow.json');
const ENRICH_NODE = 'Apollo Enrich';

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

function loadWorkflow(): WorkflowJson {
	const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8')) as WorkflowJson;
	const inputFile = argument('--input');
	if (inputFile !== undefined) {
		const people = JSON.parse(fs.readFileSync(inputFile, 'utf8')) as IDataObject[];
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (!Array.isArray(people) || trigger === undefined) throw new Error(`${inputFile} must hold a JSON array`);
		workflow.pinData = { [trigger.name]: people.map((json) => ({ json })) };
	}
	return workflow;
}

function cell(value: unknown, width: number): string {
	const text = value === undefined || value === null ? '' : String(value);
	return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function printTable(items: INodeExecutionData[]): void {
	const columns: Array<[string, number]> = [['#', 3], ['looked up by', 44], ['matched', 8], ['name', 18], ['title', 30], ['company', 22], ['email', 40]];
	console.log(columns.map(([title, width]) => cell(title, width)).join(' '));
	console.log(columns.map(([, width]) => '-'.repeat(width)).join(' '));
	items.forEach((item, index) => {
		// Simplify is on by default: one flat record per person.
		const json = item.json as IDataObject & { error?: string };
		console.log(
			[
				cell(index, 3),
				cell(json.lookedUpBy, 44),
				cell(json.error ? 'error' : json.matched, 8),
				cell(json.error ?? json.name, 18),
				cell(json.title, 30),
				cell(json.companyName, 22),
				cell(json.email, 40),
			].join(' '),
		);
	});
}

async function main(): Promise<void> {
	const apiKey = process.env.APOLLO_API_KEY;
	let fake: FakeApollo | undefined;
	let credentials: ICredentialDataDecryptedObject;
	if (apiKey) {
		credentials = { apiKey, baseUrl: process.env.APOLLO_BASE_URL ?? 'https://api.apollo.io' };
		console.log(`Using Apollo at ${String(credentials.baseUrl)} (APOLLO_API_KEY is set; found people cost credits).\n`);
	} else {
		fake = await startFakeApollo({ latencyMs: 40, jitterMs: 20 });
		credentials = { apiKey: fake.apiKey, baseUrl: fake.url };
		console.log(`No APOLLO_API_KEY set: using the embedded fake Apollo at ${fake.url}.\n`);
	}
	try {
		const workflow = loadWorkflow();
		const inputs = Object.values(workflow.pinData ?? {})[0]?.map((item) => item.json) ?? [];
		const started = Date.now();
		const result = await runWorkflow({ workflow, credentials: { apolloEnrichApi: credentials } });
		if (result.error) {
			console.error(`The workflow stopped: ${result.error.message}\n${result.error.description ?? ''}`);
			process.exitCode = 1;
			return;
		}
		const items = result.output(ENRICH_NODE);
		printTable(items);
		if (process.argv.includes('--json')) console.log(JSON.stringify(items, null, 2));

		const matched = items.filter((item) => item.json.matched === true).length;
		const errors = items.filter((item) => item.json.error !== undefined).length;
		console.log(
			`\n${inputs.length} items in → ${items.length} items out: ${matched} matched, ${items.length - matched - errors} no match, ${errors} errors (${Date.now() - started} ms).`,
		);
		if (fake) {
			const calls = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
			const credits = calls.reduce((sum, entry) => sum + (entry.credits ?? 0), 0);
			console.log(`Apollo calls: ${calls.length} × bulk_match (${calls.map((call) => call.detailsCount).join(' + ')} people), ${credits} credits.`);
		}
		const hints = result.run.data.resultData.runData[ENRICH_NODE]?.[0]?.hints ?? [];
		for (const hint of hints) console.log(`Above the output in n8n: ${hint.message}`);
		console.log('\nThe first item as n8n shows it (Simplify is on; `-- --json` prints them all):');
		console.log(JSON.stringify(items[0]?.json, null, 2));
	} finally {
		await fake?.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CliHost } from './test-helpers';
import { createClient, spawnHostCli, testHostPerTest } from './test-helpers';
import { TEST_TRIGGER_TYPE, testNodeTypes } from './test-trigger';

// These tests document n8n's static-data races with the naive test trigger. They are the
// reason the real Apollo trigger needs an in-process guard and must re-merge what it writes.

const TRIGGER = 'Dedupe Test Trigger';
const client = createClient();
const children: CliHost[] = [];
let tmpDir: string;

const start = testHostPerTest();

const seenIn = (data: Record<string, unknown>) =>
	Object.keys(((data[`node:${TRIGGER}`] ?? {}) as { seen?: object }).seen ?? {});

/** Test-only downstream node: counts runs in global static data, after a short pause. */
class RunCounter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Run Counter',
		name: 'runCounter',
		group: ['transform'],
		version: 1,
		description: 'Writes global static data',
		defaults: { name: 'Run Counter' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await sleep(30);
		const global = this.getWorkflowStaticData('global');
		global.runs = ((global.runs as number | undefined) ?? 0) + 1;
		return [this.getInputData()];
	}
}

beforeAll(() => {
	tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-host-'));
});
afterEach(async () => {
	await Promise.all(children.splice(0).map(async (child) => await child.stop('SIGKILL')));
});
afterAll(async () => {
	await client.close();
	fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('webhook host: races n8n has', () => {
	it('loses one of two overlapping deliveries from static data (last writer wins)', async () => {
		const host = await start({ storeLatencyMs: 150 });
		const url = host.productionUrl();

		const replies = await Promise.all([
			client.post(url, { request_id: 'A' }),
			client.post(url, { request_id: 'B' }),
		]);

		expect(replies.map((r) => r.body)).toEqual([
			{ message: 'Workflow was started' },
			{ message: 'Workflow was started' },
		]);
		// Both requests read the empty row before either wrote; each wrote back only its own key.
		const saves = host.storeOperations.filter((op) => op.op === 'save');
		expect(saves.map((op) => JSON.parse(op.json) as Record<string, unknown>).map(seenIn)).toEqual(
			expect.arrayContaining([['A'], ['B']]),
		);
		const kept = seenIn(await host.staticData());
		expect(kept).toHaveLength(1);

		// The lost delivery is no longer recognised: its retry starts a second run.
		const lost = kept[0] === 'A' ? 'B' : 'A';
		const retry = await client.post(url, { request_id: lost });
		expect(retry.body).toEqual({ message: 'Workflow was started' });
		expect(host.executions).toHaveLength(3);
	});

	it('starts two runs for a duplicate that arrives while the original is in flight', async () => {
		const host = await start({ storeLatencyMs: 50 });

		const replies = await Promise.all([
			client.post(host.productionUrl(), { request_id: 'same' }),
			client.post(host.productionUrl(), { request_id: 'same' }),
		]);

		expect(replies.map((r) => r.body)).toEqual([
			{ message: 'Workflow was started' },
			{ message: 'Workflow was started' },
		]);
		expect(host.executions).toHaveLength(2);
	});

	it("lets a run that writes static data overwrite the trigger's record with a stale copy", async () => {
		const host = await start({
			storeLatencyMs: 20,
			extraNodeTypes: { ...testNodeTypes, 'webhook-host-test.runCounter': new RunCounter() },
			downstreamNodes: [
				{
					id: 'counter',
					name: 'Run Counter',
					type: 'webhook-host-test.runCounter',
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
				},
			],
			connections: { [TRIGGER]: { main: [[{ node: 'Run Counter', type: 'main', index: 0 }]] } },
		});

		await client.post(host.productionUrl(), { request_id: 'R1' });
		await host.idle();

		// WorkflowRunner read static data for the run before the webhook's save; the run's own
		// save at the end (its node changed `global`) wrote that older copy back, whole.
		const events = host.timeline.filter((e) => e.seq === 1).map((e) => e.event);
		expect(events.indexOf('static-data-saved')).toBeLessThan(
			events.indexOf('execution-static-data-saved'),
		);
		const stored = await host.staticData();
		expect(stored).toEqual({ global: { runs: 1 } });
		expect(seenIn(stored)).toEqual([]);
		const retry = await client.post(host.productionUrl(), { request_id: 'R1' });
		expect(retry.body).toEqual({ message: 'Workflow was started' });
	});
});

describe('webhook host: restart', () => {
	it('keeps static data across a crash and restart of the host process (file store)', async () => {
		const storeFile = path.join(tmpDir, 'static-data.json');
		const args = [
			'--type',
			TEST_TRIGGER_TYPE,
			'--name',
			TRIGGER,
			'--node-types-module',
			path.join(__dirname, 'test-trigger.ts'),
			'--n8n-major',
			'1',
			'--store',
			storeFile,
		];
		const first = await spawnHostCli(args);
		children.push(first);
		const started = await client.post(first.productionUrl, { request_id: 'before-restart' });
		expect(started.body).toEqual({ message: 'Workflow was started' });
		// Killed right after the answer: n8n saved static data before writing it.
		await first.stop('SIGKILL');

		const second = await spawnHostCli(args);
		children.push(second);
		expect(second.pid).not.toBe(first.pid);
		const again = await client.post(second.productionUrl, { request_id: 'before-restart' });
		const fresh = await client.post(second.productionUrl, { request_id: 'after-restart' });

		expect(again.body).toEqual({ ok: true, duplicate: true, mode: 'webhook' });
		expect(fresh.body).toEqual({ message: 'Workflow was started' });
		const stored = JSON.parse(fs.readFileSync(storeFile, 'utf8')) as Record<string, unknown>;
		expect(seenIn(stored).sort()).toEqual(['after-restart', 'before-restart']);
	});
});

/**
 * A real n8n 2.x for a bench, from the e2e suite's install (.cache/e2e): the packed package
 * installed as a community package, an owner, and samplers on n8n's main process and on its
 * task runner (every process below main), read from /proc.
 *
 * The bench runs outside Jest, so it packs the package itself (`npm run bench:e2e*` builds first).
 */
import { packPackage } from '../../e2e/setup/global-setup';
import { installAll } from '../../e2e/setup/install';
import { N8N2, NODE24_BIN } from '../../e2e/setup/versions';
import { sleep, type Execution } from '../../e2e/support/n8n-api';
import { startInstance, stopInstance, type Instance } from '../../e2e/support/workflows';
import { commandOf, descendantsOf, ProcSampler } from './proc-sampler';

export interface BenchInstance extends Instance {
	mainPid: number;
	/** n8n's main process alone. */
	main: ProcSampler;
	/** Every process below main: the JS task runner (and its launcher, if any). */
	runner: ProcSampler;
}

let packed: string | undefined;

/**
 * Installs n8n if .cache/e2e lacks it (once), and packs dist/ (once per bench process), unless
 * E2E_TARBALL names another build to measure (e.g. main's, for a before/after comparison).
 */
export async function preparePackage(): Promise<string> {
	await installAll();
	packed ??= process.env.E2E_TARBALL ?? (await packPackage());
	process.env.E2E_TARBALL = packed;
	return packed;
}

/**
 * Starts n8n 2.x with the package installed. `env` adds to n8n's environment, e.g.
 * `{ NODE_OPTIONS: '--cpu-prof' }`. The samplers start right away and run until stopBench.
 */
export async function startBench(name: string, env?: Record<string, string>): Promise<BenchInstance> {
	await preparePackage();
	const instance = await startInstance(N8N2, NODE24_BIN, name, env);
	const mainPid = instance.n8n.pid;
	if (mainPid === undefined) throw new Error('n8n has no pid');
	return {
		...instance,
		mainPid,
		main: ProcSampler.of(mainPid).start(),
		runner: new ProcSampler(() => descendantsOf(mainPid)).start(),
	};
}

export async function stopBench(bench: BenchInstance | undefined): Promise<void> {
	if (!bench) return;
	bench.main.stop();
	bench.runner.stop();
	await stopInstance(bench);
}

/** What runs below n8n's main process, for the report ("node …/task-runner/…"). */
export function runnerCommands(bench: BenchInstance): string[] {
	return descendantsOf(bench.mainPid).map((pid) => {
		const command = commandOf(pid);
		return command.length > 120 ? `${command.slice(0, 117)}…` : command;
	});
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

/**
 * Waits for a run to end by asking n8n for its status every `pollMs`. Each request costs n8n's
 * main process about 20 ms of CPU and a few MB of garbage (measured on 2.41 with a 2,000-item
 * run, status only), so a bench should not call this while it measures (enrich-measure.ts
 * watches the fake instead).
 */
export async function waitForFinish(bench: Instance, executionId: string, timeoutMs = 900_000, pollMs = 250): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await bench.api
			.call<Execution>('GET', `/api/v1/executions/${executionId}`, undefined, 'apiKey')
			.catch(() => undefined);
		if (execution && !UNFINISHED.has(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`Execution ${executionId} not finished after ${timeoutMs} ms`);
		await sleep(pollMs);
	}
}

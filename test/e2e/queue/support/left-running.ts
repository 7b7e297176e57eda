/**
 * Executions "left running": finished in the database, but still held as running in the memory
 * of the process that started them (n8n's ActiveExecutions). They show in two places a user sees:
 * - main's public API leaves every execution it holds as running out of its execution list, so
 *   `in the database - listed` counts the ones main holds;
 * - a graceful shutdown waits for them ("Waiting for N active executions to finish...") until
 *   N8N_GRACEFUL_SHUTDOWN_TIMEOUT, then logs "Shutdown timed out"; for webhook processes, which
 *   have no API, this is the only sign.
 */
import type { N8nApi } from '../../support/n8n-api';
import { sleep } from '../../support/n8n-api';
import type { N8nProcess } from '../../support/n8n-process';

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

export interface LeftRunning {
	/** Executions of the workflow in the database, by status, once none is unfinished there. */
	statuses: Record<string, number>;
	inDatabase: number;
	/** What main's public API lists. */
	listed: number;
	/** Finished in the database, missing from the list: held as running in main's memory. */
	leftRunning: number;
}

/**
 * Waits until the database has no unfinished execution of the workflow and its count has not
 * changed for `quietMs`, then compares it with main's public list.
 */
export async function leftRunningOnMain(
	rows: () => Promise<Array<{ id: string; status: string }>>,
	api: N8nApi,
	workflowId: string,
	{ quietMs = 3_000, timeoutMs = 240_000 } = {},
): Promise<LeftRunning> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const current = await rows();
		const busy = current.some((row) => UNFINISHED.has(row.status));
		if (busy || current.length !== last) {
			last = current.length;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) {
			const statuses: Record<string, number> = {};
			for (const row of current) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
			const listed = (await api.executions(workflowId, false)).length;
			return { statuses, inDatabase: current.length, listed, leftRunning: current.length - listed };
		}
		if (Date.now() > deadline) throw new Error(`Executions of ${workflowId} still unfinished after ${timeoutMs} ms`);
		await sleep(1_000);
	}
}

export interface ShutdownReport {
	process: string;
	/** From SIGTERM to exit. */
	ms: number;
	/** N of the first "Waiting for N active executions" line, 0 if n8n did not wait. */
	waitedFor: number;
	timedOut: boolean;
}

/** Stops the process gracefully and reads from its log what the shutdown waited for. */
export async function gracefulShutdown(n8n: N8nProcess): Promise<ShutdownReport> {
	const before = n8n.log().length;
	await n8n.stop();
	const log = n8n.log().slice(before);
	const waiting = /Waiting for (\d+) active executions to finish/.exec(log);
	return {
		process: n8n.name,
		ms: n8n.lastStopMs,
		waitedFor: waiting ? Number(waiting[1]) : 0,
		timedOut: /Shutdown timed out/.test(log),
	};
}

export function formatShutdown(report: ShutdownReport): string {
	const waited = report.waitedFor > 0 ? `waited for ${report.waitedFor} executions` : 'waited for nothing';
	return `${report.process}: ${(report.ms / 1000).toFixed(1)} s, ${waited}${report.timedOut ? ', timed out' : ''}`;
}

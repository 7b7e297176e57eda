/**
 * The fake Apollo in a process of its own, so that the benchmark's CPU and memory figures are the
 * node's (and n8n-core's) alone, and the fake's matching work does not share the node's event
 * loop. Driven over the IPC channel by remote-fake.ts.
 */
import { startFakeApollo, type FakeApollo, type FakeApolloOptions } from '../fake-apollo';
import { directoryPerson } from './workloads';

export type FakeCommand =
	| { id: number; cmd: 'start'; directorySize: number; options: FakeApolloOptions }
	| { id: number; cmd: 'configure'; options: FakeApolloOptions }
	| { id: number; cmd: 'reset' }
	| { id: number; cmd: 'log' }
	| { id: number; cmd: 'answered'; route: string }
	| { id: number; cmd: 'close' };

/** What the benchmark reads from the request log, without the request bodies. */
export interface LogEntry {
	seq: number;
	route: string;
	status: number;
	detailsCount?: number;
	credits?: number;
	receivedAt: number;
	respondedAt?: number;
}

let fake: FakeApollo | undefined;

async function handle(command: FakeCommand): Promise<unknown> {
	switch (command.cmd) {
		case 'start': {
			const people = Array.from({ length: command.directorySize }, (_, k) => directoryPerson(k));
			fake = await startFakeApollo({ ...command.options, people });
			return { url: fake.url, apiKey: fake.apiKey };
		}
		case 'configure':
			fake?.configure(command.options);
			return {};
		case 'reset':
			fake?.clearLog();
			fake?.resetWindows();
			return {};
		case 'log':
			return (fake?.requestLog ?? []).map(
				(entry): LogEntry => ({
					seq: entry.seq,
					route: entry.route,
					status: entry.status,
					detailsCount: entry.detailsCount,
					credits: entry.credits,
					receivedAt: entry.receivedAt,
					respondedAt: entry.respondedAt,
				}),
			);
		case 'answered':
			// Cheap to ask often: a count, not the log.
			return (fake?.requestLog ?? []).filter((entry) => entry.route === command.route && entry.status === 200).length;
		case 'close':
			await fake?.close();
			setImmediate(() => process.exit(0));
			return {};
	}
}

process.on('message', (command: FakeCommand) => {
	handle(command).then(
		(result) => process.send?.({ id: command.id, result }),
		(error: unknown) => process.send?.({ id: command.id, error: String(error) }),
	);
});
process.send?.({ id: 0, result: 'ready' });

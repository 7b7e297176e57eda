// No real waiting: the gate's sleep returns at once, and the test moves the clock itself.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: async () => undefined }));

import { AdaptiveScheduler } from '../../nodes/ApolloEnrich/protocol/scheduler';
import { RequestGate, RunHaltedError, WaitTooLongError } from '../../nodes/ApolloEnrich/shared/requestGate';

const exhausted = { status: 429, retryAfterMs: 30_000 };

describe('RequestGate', () => {
	let now = 0;
	const clock = () => now;

	it('hands out turns as the scheduler allows, and the next one when an answer comes', async () => {
		const gate = new RequestGate(new AdaptiveScheduler({ maxConcurrent: 2 }), 60_000, clock);
		const first = await gate.acquire();
		let second = false;
		const waiting = gate.acquire().then(() => (second = true));
		await Promise.resolve();
		expect(second).toBe(false);
		gate.release(first, { status: 200 });
		await waiting;
		expect(second).toBe(true);
	});

	it('fails waiting calls unsent when the reset is further away than the node may wait', async () => {
		const gate = new RequestGate(new AdaptiveScheduler({ maxConcurrent: 2 }), 10_000, clock);
		const first = await gate.acquire();
		const waiting = gate.acquire();
		gate.release(first, exhausted);
		await expect(waiting).rejects.toEqual(new WaitTooLongError(30_000));
	});

	it('fails every waiting and later call once the run is halted', async () => {
		const gate = new RequestGate(new AdaptiveScheduler({ maxConcurrent: 1 }), 60_000, clock);
		await gate.acquire();
		const waiting = gate.acquire();
		gate.halt();
		await expect(waiting).rejects.toBeInstanceOf(RunHaltedError);
		await expect(gate.acquire()).rejects.toBeInstanceOf(RunHaltedError);
	});

	it('wakes waiting calls when a pause ends', async () => {
		now = 1_000;
		const gate = new RequestGate(new AdaptiveScheduler({ maxConcurrent: 2 }), 60_000, clock);
		const first = await gate.acquire();
		const waiting = gate.acquire();
		gate.release(first, { status: 503, retryAfterMs: 20 });
		now = 1_020;
		await expect(waiting).resolves.toMatchObject({ sentAt: 1_020 });
	});
});

// Fault queue. Faults are consumed in the order they were injected: for each request, only the
// first queued fault whose route matches is considered, so [{500 x2}, {drop}] reads as
// "500, 500, then drop" for that route. A fault with `skip` lets that many requests through
// (normally processed) before it starts firing, and blocks later faults for the route meanwhile.

import type { FaultRoute, FaultSpec, RouteName } from './types';

/** The routes 'any' covers: see FaultRoute for why credential routes are left out. */
const ANY_ROUTES = new Set<RouteName>([
	'match',
	'bulk_match',
	'org_enrich',
	'org_bulk_enrich',
	'webhook_result',
	'people_search',
]);

interface QueuedFault {
	spec: FaultSpec;
	skipLeft: number;
	timesLeft: number;
}

export class FaultQueue {
	private queue: QueuedFault[] = [];

	add(faults: FaultSpec[]): void {
		for (const spec of faults) {
			if (!['status', 'drop', 'invalidJson', 'delay'].includes(spec.kind)) {
				throw new Error(`Unknown fault kind: ${String(spec.kind)}`);
			}
			this.queue.push({
				spec: { ...spec },
				skipLeft: Math.max(0, spec.skip ?? 0),
				timesLeft: Math.max(1, spec.times ?? 1),
			});
		}
	}

	clear(): void {
		this.queue = [];
	}

	/** How many faults are still queued (tests use it to check a fault was consumed). */
	get pending(): number {
		return this.queue.length;
	}

	/** Consumes and returns the fault for this request, or undefined to process it normally. */
	take(route: RouteName): FaultSpec | undefined {
		const index = this.queue.findIndex((q) => routeMatches(q.spec.route ?? 'any', route));
		if (index < 0) return undefined;
		const queued = this.queue[index];
		if (queued.skipLeft > 0) {
			queued.skipLeft -= 1;
			return undefined;
		}
		queued.timesLeft -= 1;
		if (queued.timesLeft <= 0) this.queue.splice(index, 1);
		return queued.spec;
	}
}

function routeMatches(faultRoute: FaultRoute, route: RouteName): boolean {
	return faultRoute === 'any' ? ANY_ROUTES.has(route) : faultRoute === route;
}

/** Short label for the request log, e.g. 'status:503', 'delay:200', 'drop'. */
export function describeFault(spec: FaultSpec): string {
	switch (spec.kind) {
		case 'status':
			return `status:${spec.status ?? 500}`;
		case 'delay':
			return `delay:${spec.delayMs ?? 0}`;
		default:
			return spec.kind;
	}
}

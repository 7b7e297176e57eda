/**
 * Bookkeeping for the trigger tests: what was sent, what n8n answered, and which executions
 * exist, joined on the delivery. A delivery is identified the test's own way (canonical JSON of
 * the body, computed here and not by the node), so the node's dedupe keys are checked, not
 * trusted: byte-identical phone payloads are one delivery by design.
 */
import { RawInt64 } from '../../fake-apollo';
import type { SimulationReport } from '../../trigger/webhook-host';
import { nodeOutput, type Execution } from './n8n-api';
import { TRIGGER_NODE } from './workflows';

/** Keys sorted at every level; int64 request ids as their exact digits. */
export function canonical(value: unknown): string {
	if (value instanceof RawInt64) return value.digits;
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	const record = value as Record<string, unknown>;
	return `{${Object.keys(record)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
		.join(',')}}`;
}

interface Answer {
	status?: number;
	duplicate?: boolean;
	dedupeKey?: string;
	error?: string;
	/** A label for the phase of the test, e.g. 'before restart'. */
	phase: string;
}

export interface DeliveryRecord {
	canonical: string;
	people: string[];
	answers: Answer[];
}

interface TriggerAnswer {
	received?: boolean;
	duplicate?: boolean;
	dedupeKey?: string;
}

function peopleIds(body: unknown): string[] {
	const people = (body as { people?: Array<{ id?: string }> }).people ?? [];
	return people.map((person) => String(person.id)).sort();
}

export class DeliveryLedger {
	private readonly records = new Map<string, DeliveryRecord>();

	/** Adds what a simulateDeliveries run sent (payloads by index) and how each request ended. */
	add(payloads: readonly unknown[], report: SimulationReport, phase: string): void {
		for (const result of report.results) {
			const record = this.recordFor(payloads[result.delivery]);
			const body = result.body as TriggerAnswer | undefined;
			record.answers.push({
				status: result.status,
				duplicate: body?.duplicate,
				dedupeKey: body?.dedupeKey,
				error: result.error,
				phase,
			});
		}
	}

	recordFor(payload: unknown): DeliveryRecord {
		const text = canonical(payload);
		let record = this.records.get(text);
		if (!record) {
			record = { canonical: text, people: peopleIds(payload), answers: [] };
			this.records.set(text, record);
		}
		return record;
	}

	get all(): DeliveryRecord[] {
		return [...this.records.values()];
	}

	/** Deliveries n8n accepted at least once (some request answered 200). */
	get accepted(): DeliveryRecord[] {
		return this.all.filter((record) => record.answers.some((answer) => answer.status === 200));
	}
}

export interface ExecutionCheck {
	/** Accepted deliveries without an execution. */
	missing: DeliveryRecord[];
	/** Dedupe keys with more than one execution. */
	repeated: Array<{ key: string; executions: string[]; record?: DeliveryRecord }>;
	/** Executions whose key matches no accepted delivery. */
	unexpected: string[];
	/** Deliveries that n8n answered with more than one dedupe key, or keys shared by two deliveries. */
	keyConflicts: string[];
	/** Executions whose people differ from the delivery's. */
	wrongPeople: string[];
	statuses: Record<string, number>;
}

function executionKey(execution: Execution): string | undefined {
	const first = nodeOutput(execution, TRIGGER_NODE)[0];
	return (first?.json.delivery as { dedupeKey?: string } | undefined)?.dedupeKey;
}

/** Joins executions to deliveries through the dedupe key each 200 answer carried. */
export function checkExecutions(ledger: DeliveryLedger, executions: Execution[]): ExecutionCheck {
	const check: ExecutionCheck = { missing: [], repeated: [], unexpected: [], keyConflicts: [], wrongPeople: [], statuses: {} };
	const byKey = new Map<string, DeliveryRecord>();
	for (const record of ledger.accepted) {
		const keys = new Set(record.answers.map((answer) => answer.dedupeKey).filter((key): key is string => !!key));
		if (keys.size !== 1) check.keyConflicts.push(`${keys.size} keys for ${record.canonical.slice(0, 80)}`);
		for (const key of keys) {
			if (byKey.has(key) && byKey.get(key) !== record) check.keyConflicts.push(`key ${key} shared by two deliveries`);
			byKey.set(key, record);
		}
	}
	const runs = new Map<string, Execution[]>();
	for (const execution of executions) {
		check.statuses[execution.status] = (check.statuses[execution.status] ?? 0) + 1;
		const key = executionKey(execution) ?? `(no key: execution ${execution.id})`;
		runs.set(key, [...(runs.get(key) ?? []), execution]);
		const record = byKey.get(key);
		if (!record) {
			check.unexpected.push(`${execution.id} (${key})`);
			continue;
		}
		const emitted = nodeOutput(execution, TRIGGER_NODE)
			.map((item) => String(item.json.apolloPersonId))
			.sort();
		if (record.people.length > 0 && emitted.join() !== record.people.join()) check.wrongPeople.push(execution.id);
	}
	for (const [key, list] of runs) {
		if (list.length > 1) check.repeated.push({ key, executions: list.map((execution) => execution.id), record: byKey.get(key) });
	}
	const keyOf = new Map([...byKey].map(([key, record]) => [record, key]));
	check.missing = ledger.accepted.filter((record) => !runs.has(keyOf.get(record) ?? ''));
	return check;
}

/**
 * Enrich Repeated Inputs Once, and the calls a run makes: items that identify a person (or an
 * organization) by the same identifiers are looked up once, and lookups travel in chunks of at
 * most Apollo's bulk limit. Pure.
 *
 * The key is built from the details the node would send (already normalised by the identifier
 * checks:
 * domains reduced, hashes lower-cased), so it only merges items whose Apollo calls would be the
 * same call. On top it ignores what Apollo ignores: key order, letter case and runs of spaces,
 * and the `https://www.` and trailing slash of a LinkedIn URL. Apollo person ids are left
 * case-sensitive, since nothing says Apollo folds them.
 */
import { bareLinkedinUrl } from './normalise';

export type IdentifierDetails = { [key: string]: string | undefined };

const CASE_SENSITIVE_KEYS = new Set(['id']);

function canonicalValue(key: string, value: string): string {
	const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
	if (CASE_SENSITIVE_KEYS.has(key)) return text;
	const folded = text.toLowerCase();
	return key === 'linkedin_url' ? bareLinkedinUrl(folded) : folded;
}

/** One string per distinct set of identifiers: same identifiers, same key, in any order or case. */
export function identityKey(details: IdentifierDetails): string {
	const parts: string[] = [];
	for (const key of Object.keys(details).sort()) {
		const value = details[key];
		if (value === undefined || value.trim() === '') continue;
		parts.push(key, canonicalValue(key, value));
	}
	// JSON quotes every part, so no value can pass itself off as another key and value.
	return JSON.stringify(parts);
}

/** One Apollo lookup and every input item that shares it; `items[0]` is the one whose details are sent. */
export interface Lookup<T> {
	items: T[];
}

/**
 * Groups people into lookups in the order each identity first appears. With `enabled` off every
 * person is a lookup of its own, exactly as before repeats were collapsed.
 */
export function groupRepeats<T extends { details: object; group?: string }>(
	people: readonly T[],
	enabled: boolean,
): Lookup<T>[] {
	if (!enabled) return people.map((person) => ({ items: [person] }));
	const byKey = new Map<string, Lookup<T>>();
	const lookups: Lookup<T>[] = [];
	for (const person of people) {
		// Items asking for different reveals are different calls, even for the same person.
		const key = `${person.group ?? ''}\n${identityKey(person.details as IdentifierDetails)}`;
		const existing = byKey.get(key);
		if (existing) {
			existing.items.push(person);
			continue;
		}
		const lookup = { items: [person] };
		byKey.set(key, lookup);
		lookups.push(lookup);
	}
	return lookups;
}

/** Apollo's documented ceiling for bulk `details` (people/bulk_match, organizations/bulk_enrich). */
export const APOLLO_BULK_LIMIT = 10;

/** Splits `items` into consecutive groups of at most `size`, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
	const groups: T[][] = [];
	for (let start = 0; start < items.length; start += size) {
		groups.push(items.slice(start, start + size));
	}
	return groups;
}

/**
 * The run's calls: lookups of one call group (the same reveal and waterfall flags) travel
 * together, `perCall` at a time, groups in the order they first appear. So each group of n
 * distinct lookups costs ceil(n / perCall) calls.
 */
export function planCalls<T extends { items: ReadonlyArray<{ group?: string }> }>(
	lookups: readonly T[],
	perCall: number,
): T[][] {
	const byGroup = new Map<string, T[]>();
	for (const lookup of lookups) {
		const group = lookup.items[0].group ?? '';
		const members = byGroup.get(group);
		if (members) members.push(lookup);
		else byGroup.set(group, [lookup]);
	}
	return [...byGroup.values()].flatMap((members) => chunk(members, perCall));
}

/** Calls a run needs for `lookups` lookups at `batchSize` per call. */
export function callsFor(lookups: number, batchSize: number): number {
	return Math.ceil(lookups / Math.max(1, batchSize));
}

/** What collapsing repeated inputs saved in the whole run (the same on every item). */
export interface RunSavings {
	/** Input items that shared an earlier item's lookup instead of being sent. */
	repeatedItems: number;
	callsSaved: number;
	/** An estimate: what Apollo billed per matched person in the calls that were made. */
	creditsSaved: number;
}

export interface DedupeMeta {
	/** The input item whose lookup this item shares; null when this item's own lookup was sent. */
	sharedWithItem: number | null;
	/** Filled in once the run is over. */
	run: RunSavings | null;
}

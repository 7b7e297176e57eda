/**
 * The benchmark's people and input records, deterministic so every run compares like with like.
 *
 * Person k is a variation of one of the fake's 72 built-in people (same company and role, its own
 * name, email, LinkedIn URL and id), so the fake can hold 10,000+ people that all look real. The
 * records are what a user would feed the node: a list of people, some repeated in another spelling
 * (upper-case, padded), and some that Apollo does not know.
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_PEOPLE, type FakePerson } from '../fake-apollo';

export interface Identity {
	email: string;
	first_name: string;
	last_name: string;
	domain: string;
	linkedin_url: string;
}

function template(k: number): FakePerson {
	return DEFAULT_PEOPLE[k % DEFAULT_PEOPLE.length];
}

export function identityOf(k: number): Identity {
	const base = template(k);
	const [local, domain] = base.email.split('@');
	return {
		email: `${local}.${k}@${domain}`,
		first_name: base.first_name,
		last_name: `${base.last_name}-${k}`,
		domain,
		linkedin_url: `${base.linkedin_url}-${k}`,
	};
}

/** The fake's directory entry for person k (built in the fake's process only: it is big). */
export function directoryPerson(k: number): FakePerson {
	const base = template(k);
	const identity = identityOf(k);
	const id = createHash('sha1').update(`bench:${k}`).digest('hex').slice(0, 24);
	return {
		...structuredClone(base),
		id,
		first_name: identity.first_name,
		last_name: identity.last_name,
		name: `${identity.first_name} ${identity.last_name}`,
		email: identity.email,
		linkedin_url: identity.linkedin_url,
		photo_url: `https://photos.fake-apollo.example/${id}.jpg`,
	};
}

export interface Workload {
	records: IDataObject[];
	distinct: number;
	repeats: number;
	/** Distinct records the fake's directory holds (they match and cost a credit). */
	distinctKnown: number;
	/** Records, repeats included, that a one-call-per-record client pays a credit for. */
	recordsKnown: number;
}

/** One distinct person in five is unknown to Apollo: a list always has stale addresses. */
const isKnown = (j: number): boolean => j % 5 !== 4;

function distinctRecord(j: number): IDataObject {
	if (!isKnown(j)) return { email: `left.the.company.${j}@nowhere.example` };
	return { ...identityOf(j) };
}

/** The same person as another list would spell it: capitals, stray spaces, keys reordered. */
function repeatOf(record: IDataObject, variant: number): IDataObject {
	const entries = Object.entries(record);
	if (variant % 3 === 0) return Object.fromEntries(entries.map(([key, value]) => [key, String(value).toUpperCase()]));
	if (variant % 3 === 1) return Object.fromEntries(entries.reverse().map(([key, value]) => [key, ` ${String(value)} `]));
	return { ...record };
}

/**
 * `count` records of which `repeatShare` repeat an earlier one. Repeats are spread through the
 * list by a fixed shuffle, as in a merged export.
 */
export function buildWorkload(count: number, repeatShare: number): Workload {
	const distinct = Math.round(count * (1 - repeatShare));
	const slots: Array<{ person: number; variant: number | null }> = [];
	for (let j = 0; j < distinct; j++) slots.push({ person: j, variant: null });
	for (let r = 0; r < count - distinct; r++) slots.push({ person: (r * 7_919) % distinct, variant: r });
	// A fixed shuffle (LCG), so the same records come out on every run.
	let seed = 42;
	for (let i = slots.length - 1; i > 0; i--) {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		const k = seed % (i + 1);
		[slots[i], slots[k]] = [slots[k], slots[i]];
	}
	const records = slots.map((slot) => {
		const record = distinctRecord(slot.person);
		return slot.variant === null ? record : repeatOf(record, slot.variant);
	});
	const distinctKnown = Array.from({ length: distinct }, (_, j) => j).filter(isKnown).length;
	return {
		records,
		distinct,
		repeats: count - distinct,
		distinctKnown,
		recordsKnown: slots.filter((slot) => isKnown(slot.person)).length,
	};
}

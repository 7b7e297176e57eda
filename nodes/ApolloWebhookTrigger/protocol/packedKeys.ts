/**
 * The stored form of the deliveries the trigger remembers: one string, oldest first, made of
 * fixed-width entries, each a digest of the dedupe key and the second it was first seen. Pure.
 *
 * Why one string and not an object of keys: n8n keeps a workflow's static data in one JSON column,
 * parses it at least twice for every webhook request (n8n 2.41: once with the workflow, once more
 * for the run), wraps every nested object in a change-tracking proxy, and writes it whole after
 * each new delivery. At 10,000 keys an object cost n8n about 25 ms of CPU per delivery; the same
 * keys as one string cost it well under 1 ms (BENCHMARKS.md, "Real n8n: trigger").
 */

/** 16 base64url characters, 96 bits: two of 10,000 keys collide with odds of about 1 in 10^20. */
export const DIGEST_LENGTH = 16;
/** Seconds since 1970 in 6 base64url digits: enough until the year 4000. */
const TIME_LENGTH = 6;
export const ENTRY_LENGTH = DIGEST_LENGTH + TIME_LENGTH;

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Map([...DIGITS].map((digit, value) => [digit, value]));

export interface PackedEntry {
	digest: string;
	/** First seen, in seconds since 1970. */
	at: number;
}

function encodeSeconds(seconds: number): string {
	let rest = Math.max(0, Math.floor(seconds));
	let text = '';
	for (let position = 0; position < TIME_LENGTH; position++) {
		text = DIGITS[rest % 64] + text;
		rest = Math.floor(rest / 64);
	}
	return text;
}

/** NaN when the text is not six base64url digits. */
function decodeSeconds(text: string, offset: number): number {
	let value = 0;
	for (let position = offset; position < offset + TIME_LENGTH; position++) {
		const digit = DIGIT_VALUE.get(text[position]);
		if (digit === undefined) return NaN;
		value = value * 64 + digit;
	}
	return value;
}

export function packEntry(digest: string, at: number): string {
	return digest + encodeSeconds(at);
}

/** The entry at `index` (0-based), or undefined where the text is not an entry. */
export function entryAt(packed: string, index: number): PackedEntry | undefined {
	const offset = index * ENTRY_LENGTH;
	if (offset + ENTRY_LENGTH > packed.length) return undefined;
	const at = decodeSeconds(packed, offset + DIGEST_LENGTH);
	if (Number.isNaN(at)) return undefined;
	return { digest: packed.slice(offset, offset + DIGEST_LENGTH), at };
}

export function entryCount(packed: string): number {
	return Math.floor(packed.length / ENTRY_LENGTH);
}

/** Every well-formed entry of a stored string; anything else in it is skipped. */
export function unpack(packed: string): PackedEntry[] {
	const entries: PackedEntry[] = [];
	for (let index = 0; index < entryCount(packed); index++) {
		const entry = entryAt(packed, index);
		if (entry) entries.push(entry);
	}
	return entries;
}

/**
 * Whether the stored string holds `digest` seen within the window, without unpacking it: the
 * text search only has to land on an entry boundary.
 */
export function packedHas(packed: string, digest: string, nowSeconds: number, windowSeconds: number): boolean {
	for (let found = packed.indexOf(digest); found !== -1; found = packed.indexOf(digest, found + 1)) {
		if (found % ENTRY_LENGTH !== 0) continue;
		const entry = entryAt(packed, found / ENTRY_LENGTH);
		if (entry && nowSeconds - entry.at < windowSeconds) return true;
	}
	return false;
}

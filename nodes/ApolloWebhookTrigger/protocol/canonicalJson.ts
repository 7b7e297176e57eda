/**
 * A canonical JSON text (object keys sorted at every level) and its digest: a retried delivery
 * hashes the same even if a sender re-serialises it with another key order. Pure.
 */
import { createHash } from 'crypto';

/** Deeper than any Apollo payload; stops hostile bodies from exhausting the stack. */
export const MAX_JSON_DEPTH = 64;

export class PayloadTooDeepError extends Error {
	constructor() {
		super(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
	}
}

/**
 * A deep copy with every object's keys in sorted order, for the native (fast) JSON.stringify.
 * Recursion stops at MAX_JSON_DEPTH, so a hostile body cannot exhaust the stack.
 */
function sortedCopy(value: unknown, depth: number): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (depth > MAX_JSON_DEPTH) throw new PayloadTooDeepError();
	if (Array.isArray(value)) return value.map((entry) => sortedCopy(entry, depth + 1));
	const source = value as Record<string, unknown>;
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(source).sort()) {
		const field = sortedCopy(source[key], depth + 1);
		if (key === '__proto__') {
			// Plain assignment would set the copy's prototype; define it as the data it is.
			Object.defineProperty(copy, key, { value: field, enumerable: true, writable: true, configurable: true });
		} else {
			copy[key] = field;
		}
	}
	return copy;
}

export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortedCopy(value, 0)) ?? 'null';
}

/** sha256, base64url, cut to 22 characters (128 bits): ample to tell deliveries apart. */
export function shortDigest(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

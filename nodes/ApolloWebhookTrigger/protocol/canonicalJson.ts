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

function canonical(value: unknown, depth: number): string {
	if (depth > MAX_JSON_DEPTH) throw new PayloadTooDeepError();
	if (value === null || typeof value !== 'object') {
		// JSON.stringify turns undefined, functions and symbols into nothing; null keeps it valid.
		return JSON.stringify(value) ?? 'null';
	}
	if (Array.isArray(value)) {
		return `[${value.map((entry) => canonical(entry, depth + 1)).join(',')}]`;
	}
	// Own enumerable keys only, sorted: `__proto__` arriving as data is just another key here.
	const keys = Object.keys(value).sort();
	const parts = keys.map(
		(key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], depth + 1)}`,
	);
	return `{${parts.join(',')}}`;
}

export function canonicalJson(value: unknown): string {
	return canonical(value, 0);
}

/** sha256, base64url, cut to 22 characters (128 bits): ample to tell deliveries apart. */
export function shortDigest(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

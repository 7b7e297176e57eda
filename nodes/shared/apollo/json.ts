/**
 * Reading Apollo's JSON, for both nodes: responses parsed without losing the `request_id`, and the
 * small readers every module uses for Apollo's loosely typed fields. Pure.
 *
 * Apollo writes `request_id` as a raw signed 64-bit integer. Plain `JSON.parse` rounds anything
 * past 2^53, and a rounded id polls the wrong webhook result or none. So `request_id` values are
 * quoted in the raw text before parsing, and every id leaves this module as an exact string.
 */

const RAW_REQUEST_ID = /("request_id"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g;

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text, or a finite number written as text; null for anything else. */
export function textOrNull(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A counter Apollo sent as a number or as numeric text; null when it sent none or nonsense. */
export function numberOrNull(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	return null;
}

/** Whether a record carries an Apollo id (a stub for a miss has none). */
export function hasApolloId(record: JsonObject): boolean {
	const id = record.id;
	return (typeof id === 'string' || typeof id === 'number') && id !== '';
}

/** Parses a JSON text, turning every numeric `request_id` into an exact decimal string. */
export function parseApolloJson(text: string): unknown {
	return JSON.parse(text.replace(RAW_REQUEST_ID, '$1"$2"'));
}

/** `request_id` as an exact string, whichever form it arrived in. */
export function requestIdOf(body: unknown): string | null {
	if (!isJsonObject(body)) return null;
	const id = body.request_id;
	if (typeof id === 'string' && id !== '') return id;
	// A number here was already parsed elsewhere; only safe integers are still exact.
	if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
	return null;
}

const SIGNED_INT64 = /^-?\d{1,19}$/;
const INT64_MIN = BigInt('-9223372036854775808');
const INT64_MAX = BigInt('9223372036854775807');

export function isSignedInt64Text(value: string): boolean {
	if (!SIGNED_INT64.test(value)) return false;
	const asBig = BigInt(value);
	return asBig >= INT64_MIN && asBig <= INT64_MAX;
}

/**
 * Apollo's error text lives under `error`, `error_message` or `message` depending on the
 * endpoint, or is the whole plain-text body (401). Returns the most specific one found.
 */
export function apolloErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		return text === '' ? undefined : text.slice(0, 500);
	}
	if (!isJsonObject(body)) return undefined;
	for (const key of ['error_message', 'error', 'message']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

/** Apollo's machine-readable code (`error_code`), when the body has one. */
export function apolloErrorCode(body: unknown): string | undefined {
	if (!isJsonObject(body)) return undefined;
	const code = body.error_code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

/** Parses a body that may be JSON, or plain text as Apollo's 401 is. Never throws. */
export function parseBodyLenient(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return parseApolloJson(trimmed);
		} catch {
			return text;
		}
	}
	return text;
}

/**
 * Plain field references: a parameter whose whole value is `={{ $json.email }}`,
 * `={{ $json["Company Website"] }}` or `={{ $json.company.domain }}` gives exactly the item's own
 * field, so it can be read from the item without n8n's expression engine, which costs about a
 * millisecond per field and item in n8n 2.x (a sandboxed isolate per evaluation). Pure.
 *
 * Only what is certain is read here; everything else is left to n8n ("fall back"):
 * - a value that is anything more than one `{{ $json…path }}` (text around it, optional chaining,
 *   method calls, other variables, escapes in a quoted key) is not a plain reference;
 * - at run time, a path through anything but a plain object, a key found only on the prototype
 *   (`toString`), or a value that is not text, a finite number, a boolean, null or a missing
 *   last key, is read by n8n for that item, so its value, or its error, is n8n's own.
 */

export type FieldPath = readonly string[];

const IDENTIFIER = /^\.([A-Za-z_$][\w$]*)/;
const QUOTED = /^\[(?:"([^"\\\n\r]*)"|'([^'\\\n\r]*)')\]/;
/**
 * Keys left to n8n: every name on Object.prototype (n8n 2.x's sandboxed engines answer
 * `$json.toString` from their own prototype even where the item has such a field, and fail), and
 * the names n8n's sandbox guards (n8n-workflow's unsafeObjectProperties).
 */
const GUARDED_KEYS = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	...['prototype', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors'],
	...['defineProperty', 'defineProperties', 'mainModule', 'binding', '_linkedBinding', '_load', 'prepareStackTrace'],
	...['caller', 'callee', 'arguments', 'getBuiltinModule', 'dlopen', 'execve', 'loadEnvFile'],
]);
const WHOLE_EXPRESSION = /^=\{\{[ \t\r\n]*([^{}]*?)[ \t\r\n]*\}\}$/;

/** The path of a plain `$json` field reference, or undefined when the value is anything else. */
export function parseFieldReference(raw: unknown): FieldPath | undefined {
	if (typeof raw !== 'string') return undefined;
	const body = WHOLE_EXPRESSION.exec(raw)?.[1];
	if (body === undefined || !body.startsWith('$json')) return undefined;
	const path: string[] = [];
	let rest = body.slice('$json'.length);
	while (rest !== '') {
		const match = IDENTIFIER.exec(rest) ?? QUOTED.exec(rest);
		if (!match) return undefined;
		const key = match[1] ?? match[2];
		if (GUARDED_KEYS.has(key)) return undefined;
		path.push(key);
		rest = rest.slice(match[0].length);
	}
	return path.length > 0 ? path : undefined;
}

/** The value of a field reference, as n8n's expression engine gives it. */
export type FieldValue = string | number | boolean | null | undefined;

/** Returned where n8n must read the value itself. */
export const ASK_N8N: unique symbol = Symbol('ask n8n');

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** Reads `path` from an item's `json`; ASK_N8N wherever the result would not be certain. */
export function readFieldPath(json: unknown, path: FieldPath): FieldValue | typeof ASK_N8N {
	let value: unknown = json;
	for (let index = 0; index < path.length; index++) {
		if (!isPlainObject(value)) return ASK_N8N;
		const key = path[index];
		if (Object.prototype.hasOwnProperty.call(value, key)) {
			value = value[key];
			continue;
		}
		// Missing: undefined for the last key, an error (n8n's to word) for an earlier one.
		if (key in value || index < path.length - 1) return ASK_N8N;
		return undefined;
	}
	if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return ASK_N8N;
}

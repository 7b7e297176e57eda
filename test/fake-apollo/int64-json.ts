// Apollo writes request_id as a bare signed 64-bit JSON number. JSON.stringify cannot produce
// such a literal from a JS value without rounding it, so this module has its own serializer
// that writes RawInt64 values digit for digit. That is what makes the fake reproduce the
// precision trap a client hits when it runs JSON.parse on the response.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A signed int64 that serializes as a raw JSON number with all of its digits. */
export class RawInt64 {
	readonly digits: string;

	constructor(value: string | bigint) {
		const big = typeof value === 'bigint' ? value : parseInt64(value);
		if (big === undefined || big < INT64_MIN || big > INT64_MAX) {
			throw new RangeError(`Not a signed int64: ${String(value)}`);
		}
		this.digits = big.toString();
	}

	toString(): string {
		return this.digits;
	}
}

/** Parses a canonical-ish decimal int64 ("-0012" is accepted); undefined when out of range. */
export function parseInt64(text: string): bigint | undefined {
	if (!/^-?\d{1,20}$/.test(text)) return undefined;
	const big = BigInt(text);
	return big < INT64_MIN || big > INT64_MAX ? undefined : big;
}

/** JSON.stringify look-alike (no replacer, no indentation) that understands RawInt64 and bigint. */
export function stringifyJson(value: unknown): string {
	const out = write(value);
	return out === undefined ? 'null' : out;
}

function write(value: unknown): string | undefined {
	if (value instanceof RawInt64) return value.digits;
	if (value === null) return 'null';
	switch (typeof value) {
		case 'bigint':
			return value.toString();
		case 'string':
		case 'boolean':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? JSON.stringify(value) : 'null';
		case 'undefined':
		case 'function':
		case 'symbol':
			return undefined;
		default:
			break;
	}
	const withToJson = value as { toJSON?: () => unknown };
	if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON());
	if (Array.isArray(value)) {
		return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
	}
	const parts: string[] = [];
	for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
		const text = write(item);
		if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
	}
	return `{${parts.join(',')}}`;
}

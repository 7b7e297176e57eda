/** Splits `items` into consecutive groups of at most `size`, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
	const groups: T[][] = [];
	for (let start = 0; start < items.length; start += size) {
		groups.push(items.slice(start, start + size));
	}
	return groups;
}

/** Apollo's documented ceiling for people/bulk_match `details`. */
export const APOLLO_BULK_LIMIT = 10;

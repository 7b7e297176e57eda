/**
 * Item indexes written the way people read them, e.g. "3, 10–19, 40–99", so that an error can
 * say which items a stopped run did not enrich without listing thousands of numbers. Pure.
 */
export function describeItemRanges(indexes: readonly number[], maxRanges = 12): string {
	const sorted = [...new Set(indexes)].sort((a, b) => a - b);
	const ranges: string[] = [];
	let start = 0;
	while (start < sorted.length) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		ranges.push(end === start ? String(sorted[start]) : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	if (ranges.length <= maxRanges) return ranges.join(', ');
	const rest = ranges.length - maxRanges;
	return `${ranges.slice(0, maxRanges).join(', ')} and ${rest} more range${rest === 1 ? '' : 's'}`;
}

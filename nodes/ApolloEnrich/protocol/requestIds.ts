/**
 * What a Request ID that Apollo cannot use probably is, so the error can say what to map
 * instead. Pure.
 *
 * Apollo's request ids are signed 64-bit integers (reference §4), which a JavaScript number or a
 * spreadsheet cell keeps to 15–17 significant digits only.
 */

/** A hex id such as a person's `id` or `apollo.phoneEnrichment.requestId`: not the call's request id. */
export function looksLikeHexId(text: string): boolean {
	return /^[0-9a-f]{16,}$/i.test(text) && /[a-f]/i.test(text);
}

/**
 * Whether whole-number text is exactly what a rounded 64-bit number prints: beyond the safe
 * integer range and written the way JavaScript writes that number back (trailing zeros where the
 * digits were lost). A real request id does this rarely, so it is only a hint, given when Apollo
 * does not know the id.
 */
export function looksRounded(text: string): boolean {
	if (!/^-?\d+$/.test(text)) return false;
	const value = Number(text);
	return !Number.isSafeInteger(value) && text.endsWith('00') && String(value) === text;
}

/**
 * The value readers that Simplify uses for every resource. Pure.
 *
 * Apollo's fields are loosely typed in practice (blank strings for "unknown", counts as text,
 * lists with empty entries), and a sheet column should hold one kind of value. So each reader
 * turns what it cannot use into null (or an empty list) instead of passing it on.
 */
import type { JsonObject } from '../../shared/apollo/json';

/** Text, or null for a blank or non-text value; a finite number is written as text. */
export function text(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A whole count (employees, a year), also from digits-only text. */
export function count(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	return null;
}

/** A money amount, which may have decimals, also from plain numeric text (no currency signs). */
export function amount(value: unknown): number | null {
	if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A list of distinct, non-blank texts, in Apollo's order; anything but a list is empty. */
export function texts(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	const out: string[] = [];
	for (const entry of value) {
		const item = text(entry);
		if (item !== null && !out.includes(item)) out.push(item);
	}
	return out;
}

/** An organization's domain: Apollo's `primary_domain`, else the host of its website. */
export function domainOf(organization: JsonObject): string | null {
	const domain = text(organization.primary_domain);
	if (domain !== null) return domain;
	const website = text(organization.website_url);
	if (website === null) return null;
	try {
		return new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.replace(
			/^www\./,
			'',
		);
	} catch {
		return null;
	}
}

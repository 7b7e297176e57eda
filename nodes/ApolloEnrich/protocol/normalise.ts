/**
 * The identifier values people paste, reduced to what Apollo matches on: a bare domain, a
 * LinkedIn URL with its scheme, and the parts of a LinkedIn URL that tell profiles apart. Pure;
 * people and organizations use the same rules.
 */

const HOSTNAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

function hostnameOf(candidate: string): string | undefined {
	try {
		// URL gives us lower-casing and punycode for international domains for free.
		const host = new URL(`http://${candidate}`).hostname.replace(/\.$/, '');
		return HOSTNAME_PATTERN.test(host) ? host : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Accepts what people paste into a "domain" field — `https://www.acme.com/about`, `jane@acme.com`,
 * `WWW.ACME.COM.` — and returns the bare domain Apollo expects (`acme.com`), or undefined.
 */
export function normaliseDomain(raw: string): string | undefined {
	let value = raw.trim().toLowerCase();
	if (value === '') return undefined;
	const at = value.lastIndexOf('@');
	if (at !== -1) value = value.slice(at + 1);
	value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
	value = value.split(/[/?#]/, 1)[0];
	value = value.replace(/:\d+$/, '').replace(/^www\d*\./, '');
	return hostnameOf(value);
}

/** Apollo matches profile URLs; add the scheme people often leave out and reject other sites. */
export function normaliseLinkedinUrl(raw: string): string | undefined {
	const value = raw.trim();
	if (value === '') return undefined;
	const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
	try {
		const host = new URL(withScheme).hostname.toLowerCase();
		return host === 'linkedin.com' || host.endsWith('.linkedin.com') ? withScheme : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A trimmed, lower-cased LinkedIn URL without what does not tell profiles apart: the scheme,
 * `www.`, a query or fragment, trailing slashes.
 */
export function bareLinkedinUrl(folded: string): string {
	return folded
		.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
		.replace(/^www\./, '')
		.replace(/[?#].*$/, '')
		.replace(/\/+$/, '');
}

/**
 * Which of a person's numbers and addresses is "the" one to use, for both nodes: Apollo Enrich's
 * Simplify and the trigger's flat person fields pick the same way. Pure.
 */
import type { NormalisedEmail, NormalisedPhone } from './deliveries';

function phoneRank(phone: NormalisedPhone): number {
	// Apollo marks numbers it could not reach as e.g. `invalid_number`; those go last.
	return phone.status === null || phone.status.toLowerCase().startsWith('valid') ? 0 : 1;
}

const isMobile = (phone: NormalisedPhone) => phone.type?.toLowerCase() === 'mobile';

/** Mobiles first, then valid before invalid, then Apollo's position. */
function byPreference(a: NormalisedPhone, b: NormalisedPhone): number {
	const mobile = (phone: NormalisedPhone) => (isMobile(phone) ? 0 : 1);
	return mobile(a) - mobile(b) || phoneRank(a) - phoneRank(b) || (a.position ?? Infinity) - (b.position ?? Infinity);
}

/** The numbers in order of preference. A stable sort keeps Apollo's order among equals. */
export function phonesByPreference(phones: readonly NormalisedPhone[]): NormalisedPhone[] {
	return [...phones].sort(byPreference);
}

/** The best mobile number (E.164 where Apollo gave one): valid first, then Apollo's order. */
export function bestMobile(phones: readonly NormalisedPhone[]): string | null {
	return phonesByPreference(phones).find(isMobile)?.number ?? null;
}

function emailRank(email: NormalisedEmail): number {
	// Apollo's waterfall marks what it could verify as `Verified`; anything else is a guess.
	return email.status?.toLowerCase() === 'verified' ? 0 : 1;
}

/** The best address: verified first, then Apollo's position, then its order. */
export function bestEmail(emails: readonly NormalisedEmail[]): string | null {
	const sorted = [...emails].sort(
		(a, b) => emailRank(a) - emailRank(b) || (a.position ?? Infinity) - (b.position ?? Infinity),
	);
	return sorted[0]?.email ?? null;
}

/** `name`, or first and last name, when the record has them (Apollo's deliveries usually do not). */
export function personName(record: Record<string, unknown>): string | null {
	if (typeof record.name === 'string' && record.name.trim() !== '') return record.name.trim();
	const parts = [record.first_name, record.last_name].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
	return parts.length > 0 ? parts.map((part) => part.trim()).join(' ') : null;
}

/** Secret checks for the webhook. Pure. */
import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time by construction: both sides are hashed to 32 bytes first, so neither the
 * content nor the length of the expected secret shows in how long a comparison takes.
 */
function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** The configured secrets' digests, kept between requests: they change only when the node does. */
const expectedDigests = new Map<string, Buffer>();

function digestOfExpected(expected: string): Buffer {
	let digest = expectedDigests.get(expected);
	if (digest === undefined) {
		if (expectedDigests.size > 100) expectedDigests.clear();
		digest = sha256(expected);
		expectedDigests.set(expected, digest);
	}
	return digest;
}

export function secretsMatch(received: string, expected: string): boolean {
	return timingSafeEqual(sha256(received), digestOfExpected(expected));
}

export type SecretCheck = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * 401 when no secret came at all, 403 when one came but matches none of the accepted ones (the
 * secret, and the previous one while a change of secret is under way).
 */
export function checkSecret(candidates: Array<string | undefined>, accepted: readonly string[]): SecretCheck {
	const given = candidates.filter((value): value is string => typeof value === 'string' && value !== '');
	if (given.length === 0) {
		return { ok: false, status: 401, reason: 'Missing secret: use the Production URL the trigger shows, which ends with the secret' };
	}
	// Check every pair so the time taken does not reveal which one matched.
	let matched = false;
	for (const value of given) {
		for (const expected of accepted) matched = secretsMatch(value, expected) || matched;
	}
	return matched ? { ok: true } : { ok: false, status: 403, reason: 'Wrong secret' };
}

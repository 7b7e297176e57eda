/** Secret checks for the webhook. Pure. */
import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time by construction: both sides are hashed to 32 bytes first, so neither the
 * content nor the length of the expected secret shows in how long a comparison takes.
 */
function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** The configured secret's digest, kept between requests: it changes only when the node does. */
let expectedCache: { secret: string; digest: Buffer } | undefined;

export function secretsMatch(received: string, expected: string): boolean {
	if (expectedCache?.secret !== expected) expectedCache = { secret: expected, digest: sha256(expected) };
	return timingSafeEqual(sha256(received), expectedCache.digest);
}

export type SecretCheck = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** 401 when no secret came at all, 403 when one came but is wrong. */
export function checkSecret(candidates: Array<string | undefined>, expected: string): SecretCheck {
	const given = candidates.filter((value): value is string => typeof value === 'string' && value !== '');
	if (given.length === 0) {
		return { ok: false, status: 401, reason: 'Missing secret: use the Production URL the trigger shows, which ends with the secret' };
	}
	// Check every candidate so the time taken does not reveal which one was tried first.
	let matched = false;
	for (const value of given) matched = secretsMatch(value, expected) || matched;
	return matched ? { ok: true } : { ok: false, status: 403, reason: 'Wrong secret' };
}

// people/match and people/bulk_match: matching, billing counts, and the start of the
// asynchronous work (phone reveal, waterfall) that ends in a webhook delivery.

import { organizationsByDomain, toApolloPerson } from './directory';
import type { HandlerContext, Reply } from './handlers';
import { RawInt64 } from './int64-json';
import { boolParam, emailDomain, findPerson, stringParam, type Params } from './matching';
import { phonePayload, waterfallPayload } from './payloads';
import type { FakePerson } from './types';

interface Flags {
	revealPersonalEmails: boolean;
	revealPhone: boolean;
	waterfallEmail: boolean;
	waterfallPhone: boolean;
	webhookUrl?: string;
	/** poll_only=true on an account that accepts it: no webhook_url needed, nothing POSTed. */
	pollOnly: boolean;
}

const WATERFALL_ACCEPTED =
	'Waterfall enrichment has been accepted. Results will be delivered to the webhook_url when ' +
	'complete.';
const WATERFALL_NOT_CONFIGURED = 'No waterfall template is configured for your team';
const PHONE_PENDING =
	'Phone numbers will be delivered to the webhook_url once the reveal completes, which can take ' +
	'several minutes. If the webhook does not arrive, poll GET /api/v1/webhook_result/{request_id} ' +
	'with the top-level request_id about every 10 s.';
const PHONE_SKIPPED =
	'A phone reveal is already running for these people from an earlier request; no webhook will ' +
	'be sent for this request.';

function isHttpUrl(value: string | undefined): boolean {
	if (value === undefined) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * Reads the flags; a reveal or waterfall flag without a usable webhook_url is Apollo's 400,
 * unless `poll_only=true` and the account accepts it. An account that refuses poll_only ignores
 * it like any unknown parameter, so the same 400 follows.
 */
function readFlags(params: Params, pollOnlyAccepted: boolean): Flags | Reply {
	const flags: Flags = {
		revealPersonalEmails: boolParam(params, 'reveal_personal_emails'),
		revealPhone: boolParam(params, 'reveal_phone_number'),
		waterfallEmail: boolParam(params, 'run_waterfall_email'),
		waterfallPhone: boolParam(params, 'run_waterfall_phone'),
		webhookUrl: stringParam(params, 'webhook_url'),
		pollOnly: pollOnlyAccepted && boolParam(params, 'poll_only'),
	};
	if (flags.pollOnly) return flags;
	const needsWebhook: [boolean, string][] = [
		[flags.revealPhone, 'reveal_phone_number'],
		[flags.waterfallEmail, 'run_waterfall_email'],
		[flags.waterfallPhone, 'run_waterfall_phone'],
	];
	for (const [on, name] of needsWebhook) {
		if (on && !isHttpUrl(flags.webhookUrl)) {
			const error = `Please add a valid 'webhook_url' parameter when using '${name}'`;
			return { status: 400, body: { error } };
		}
	}
	return flags;
}

function isReply(value: Flags | Reply): value is Reply {
	return 'status' in value;
}

/** The observed no-match stub: empty name, 'none' confidence, org from the email's domain. */
function missStub(ctx: HandlerContext, params: Params): Record<string, unknown> {
	const domain = emailDomain(params);
	const org = domain === undefined ? undefined : organizationsByDomain(ctx.people).get(domain);
	return { name: '', match_confidence: 'none', organization: org ? structuredClone(org) : {} };
}

/**
 * Apollo's pricing (People Enrichment, page updated 2026-10-08): "1 credit for demographics or
 * email, plus 8 credits if a mobile phone is returned"; no demographic credit for a miss. Personal
 * emails are emails: no extra credit. Mobiles are charged when the async work finds them.
 */
function creditsFor(people: FakePerson[]): number {
	return people.length;
}

function uniquePeople(people: (FakePerson | undefined)[]): FakePerson[] {
	const seen = new Map<string, FakePerson>();
	for (const person of people) if (person && !seen.has(person.id)) seen.set(person.id, person);
	return [...seen.values()];
}

/**
 * Starts whatever asynchronous work the flags ask for and returns the top-level status objects
 * (`waterfall`, `phone_enrichment`) for the synchronous response. One request id gets at most
 * one delivery: a waterfall (which then also carries revealed phones) or a native phone reveal.
 */
function startAsync(
	ctx: HandlerContext,
	requestId: string,
	flags: Flags,
	matched: FakePerson[],
	totalRequested: number,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const url = flags.webhookUrl ?? '';
	let scheduled = false;
	if (flags.waterfallEmail || flags.waterfallPhone) {
		if (!ctx.options.waterfallConfigured) {
			out.waterfall = { status: 'failed', message: WATERFALL_NOT_CONFIGURED };
		} else {
			out.waterfall = { status: 'accepted', message: WATERFALL_ACCEPTED };
			const targets = {
				emails: flags.waterfallEmail,
				phones: flags.waterfallPhone || flags.revealPhone,
			};
			const initiatedAt = new Date(ctx.now);
			ctx.webhooks.schedule(
				{
					requestId,
					requestType: 'waterfall',
					url,
					buildPayload: () =>
						waterfallPayload(requestId, totalRequested, matched, targets, initiatedAt),
					phonePersonIds: flags.revealPhone ? matched.map((p) => p.id) : [],
					pollOnly: flags.pollOnly,
				},
				ctx.options.webhook,
			);
			scheduled = true;
		}
	}
	if (flags.revealPhone && matched.length > 0 && !flags.waterfallPhone) {
		const allRunning =
			ctx.options.skipConcurrentPhoneReveals &&
			matched.every((p) => ctx.webhooks.hasRunningPhoneReveal(p.id));
		if (allRunning) {
			out.phone_enrichment = { status: 'skipped', message: PHONE_SKIPPED };
		} else {
			out.phone_enrichment = { status: 'pending', request_id: requestId, message: PHONE_PENDING };
			if (!scheduled) {
				ctx.webhooks.schedule(
					{
						requestId,
						requestType: 'phone',
						url,
						buildPayload: () => phonePayload(matched),
						phonePersonIds: matched.map((p) => p.id),
						pollOnly: flags.pollOnly,
					},
					ctx.options.webhook,
				);
			}
		}
	}
	return out;
}

export function handleMatch(ctx: HandlerContext): Reply {
	const flags = readFlags(ctx.params, ctx.options.pollOnly === 'accepted');
	if (isReply(flags)) return flags;
	const person = findPerson(ctx.people, ctx.params);
	const requestId = ctx.nextRequestId();
	const matched = person ? [person] : [];
	const view = {
		revealPersonalEmails: flags.revealPersonalEmails,
		omitEmail: flags.waterfallEmail,
	};
	const body: Record<string, unknown> = {
		person: person ? toApolloPerson(person, view) : missStub(ctx, ctx.params),
	};
	Object.assign(body, startAsync(ctx, requestId, flags, matched, 1));
	body.request_id = new RawInt64(requestId);
	Object.assign(ctx.entry, {
		requestId,
		matched: matched.length,
		credits: creditsFor(matched),
	});
	return { status: 200, body };
}

function bulkError(status: number, code: string, message: string): Reply {
	return { status, body: { status: 'failed', error_code: code, error_message: message } };
}

export function handleBulkMatch(ctx: HandlerContext): Reply {
	const details = ctx.params.details;
	const empty = details === '' || (Array.isArray(details) && details.length === 0);
	if (details === undefined || details === null || empty) {
		return bulkError(400, 'INVALID_REQUEST', 'invalid request, missing details');
	}
	if (!Array.isArray(details)) {
		// What Rails says when `details` is a hash (or a string) instead of an array.
		return bulkError(
			422,
			'UNKNOWN_ERROR',
			"undefined method `length' for an instance of ActionController::Parameters",
		);
	}
	if (details.length > 10) {
		const message = 'cannot enrich more than 10 in a single request';
		return bulkError(400, 'RECORD_LIMIT_EXCEEDED', message);
	}
	const flags = readFlags(ctx.params, ctx.options.pollOnly === 'accepted');
	if (isReply(flags)) return flags;
	const waterfall = flags.waterfallEmail || flags.waterfallPhone;
	const rows: Params[] = details.map((d: unknown) =>
		d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Params) : {},
	);
	const found = rows.map((row) => findPerson(ctx.people, row));
	const unique = uniquePeople(found);
	const view = {
		revealPersonalEmails: flags.revealPersonalEmails,
		omitEmail: flags.waterfallEmail,
	};
	const matches = found.map((person, i) => {
		if (person) return toApolloPerson(person, view);
		// Standard requests mark a miss with null; waterfall requests with the 'none' stub.
		return waterfall ? missStub(ctx, rows[i]) : null;
	});
	const requestId = ctx.nextRequestId();
	const credits = creditsFor(unique);
	const body: Record<string, unknown> = {
		status: 'success',
		error_code: null,
		error_message: null,
		total_requested_enrichments: details.length,
	};
	if (!waterfall) {
		body.unique_enriched_records = unique.length;
		body.missing_records = found.filter((p) => p === undefined).length;
		body.credits_consumed = credits;
	}
	body.matches = matches;
	Object.assign(body, startAsync(ctx, requestId, flags, unique, details.length));
	body.request_id = new RawInt64(requestId);
	Object.assign(ctx.entry, {
		requestId,
		detailsCount: details.length,
		matched: found.filter((p) => p !== undefined).length,
		credits,
	});
	return { status: 200, body };
}


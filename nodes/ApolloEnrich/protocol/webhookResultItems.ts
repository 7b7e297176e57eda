/**
 * Get Webhook Result, the pure part: what each input item asks for, read from the item itself
 * (typically an Apollo Enrich output item), and its own share of a delivered result. Pure.
 *
 * A Bulk Enrich call gives one request id to up to 10 items, and Apollo's delivery lists all of
 * their people. So the node polls each distinct id once and gives each item only its own person,
 * found by Apollo person id, as Wait for Results does. Items that say nothing is coming for them
 * (a miss, a result already merged) are output flagged, without a call.
 */
import type { NormalisedEmail, NormalisedPhone } from '../../shared/apollo/deliveries';
import { isJsonObject, textOrNull, type JsonObject } from '../../shared/apollo/json';
import { deliveredPeople, expectAsyncResult } from './asyncResults';
import type { WebhookResultOutput } from './webhookResult';

/** One output item of Get Webhook Result. Every key is always present. */
export interface WebhookResultItem extends WebhookResultOutput {
	requestId: string;
	/** Why nothing was fetched for this item (`status: "none"`), e.g. `no_match`. */
	reason: string | null;
	message: string | null;
	/** The Apollo person id this item is about, read from the input item. */
	apolloId: string | null;
	/** Whether the delivered result lists this person; null when the item names nobody or nothing was delivered. */
	personInResult: boolean | null;
	/** This person's delivered emails and phone numbers, normalised as the Apollo Webhook Trigger outputs them. */
	emails: NormalisedEmail[];
	phoneNumbers: NormalisedPhone[];
}

export interface NothingPending {
	reason: string;
	message: string;
}

function idText(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function apolloBlock(json: JsonObject): JsonObject | undefined {
	return isJsonObject(json.apollo) ? json.apollo : undefined;
}

/**
 * The Apollo person id an item is about: `person.id` (Apollo Enrich's full output), `apolloId`
 * (its simplified output) or `id` (a person record passed on by itself).
 */
export function apolloIdOf(json: unknown): string | null {
	if (!isJsonObject(json)) return null;
	if (isJsonObject(json.person)) return idText(json.person.id);
	return idText(json.apolloId) ?? idText(json.id);
}

function asyncStatus(value: unknown): { status: string | null; message: string | null } | null {
	return isJsonObject(value) ? { status: textOrNull(value.status), message: textOrNull(value.message) } : null;
}

/** What Apollo's immediate answer said about the later delivery (`apollo.waterfall`, `apollo.phoneEnrichment`). */
function announced(apollo: JsonObject, requestId: string | null): NothingPending | undefined {
	const waterfall = asyncStatus(apollo.waterfall);
	const phone = asyncStatus(apollo.phoneEnrichment);
	const expectation = expectAsyncResult(
		{
			person: {},
			apollo: {
				requestId,
				matched: true,
				waterfall: waterfall && { ...waterfall, unprocessedAttributes: null },
				phoneEnrichment: phone && { ...phone, requestId: null },
			},
		},
		{ revealPhoneNumber: phone !== null, runWaterfallEmail: waterfall !== null, runWaterfallPhone: false },
	);
	if (expectation.kind !== 'none') return undefined;
	return { reason: expectation.reason, message: expectation.message ?? 'Apollo said no result comes for this call' };
}

/**
 * Why nothing is pending for an item, from what the item says of itself; undefined when its
 * request id should be polled. In this order:
 * 1. it matched nobody (`matched` or `apollo.matched` is false): `no_match`;
 * 2. Wait for Results already settled it (`apollo.asyncResult.status` is `delivered` or `none`);
 * 3. Apollo's immediate answer said no delivery comes (`apollo.waterfall` / `apollo.phoneEnrichment`);
 * 4. the Request ID is empty and the item's `apollo.requestId` is null: Apollo sent none.
 * An item that says none of this (a pasted id, any other input) is polled.
 */
export function nothingPending(json: unknown, requestId: string | null): NothingPending | undefined {
	if (!isJsonObject(json)) return undefined;
	const apollo = apolloBlock(json);
	if (json.matched === false || apollo?.matched === false) {
		return { reason: 'no_match', message: 'Apollo matched nobody for this item, so no result comes for it' };
	}
	// Simplified rows carry Wait for Results' verdict as asyncStatus.
	const settled = isJsonObject(apollo?.asyncResult)
		? apollo.asyncResult
		: isJsonObject(json.asyncResult)
			? json.asyncResult
			: typeof json.asyncStatus === 'string'
				? { status: json.asyncStatus }
				: undefined;
	if (isJsonObject(settled) && settled.status === 'delivered') {
		return { reason: 'already_delivered', message: 'Wait for Results already merged this result into the item' };
	}
	if (isJsonObject(settled) && settled.status === 'none') {
		return {
			reason: textOrNull(settled.reason) ?? 'nothing_coming',
			message: textOrNull(settled.message) ?? 'Apollo said no result comes for this item',
		};
	}
	if (apollo === undefined) return undefined;
	const said = announced(apollo, requestId ?? idText(apollo.requestId));
	if (said) return said;
	if (requestId === null && 'requestId' in apollo && apollo.requestId === null) {
		return { reason: 'no_request_id', message: 'Apollo sent no request ID for this call, so there is nothing to fetch' };
	}
	return undefined;
}

function item(fields: Partial<WebhookResultItem> & Pick<WebhookResultItem, 'requestId' | 'status'>): WebhookResultItem {
	return {
		pending: false,
		reason: null,
		message: null,
		retryAfterSeconds: null,
		requestType: null,
		lastDispatchedAt: null,
		failureReason: null,
		apolloId: null,
		personInResult: null,
		emails: [],
		phoneNumbers: [],
		result: null,
		...fields,
	};
}

/** The output of an item nothing was fetched for: `status: "none"` with the reason. */
export function nothingPendingItem(
	requestId: string | null,
	apolloId: string | null,
	why: NothingPending,
): WebhookResultItem {
	return item({ requestId: requestId ?? '', status: 'none', apolloId, ...why });
}

/** A copy of the delivered payload's own fields, without its (possibly long) `people` list. */
function withoutPeople(result: JsonObject): JsonObject {
	return structuredClone(Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'people')));
}

/**
 * One item's share of a poll's answer. An item naming a person gets `result` with `people` cut
 * down to that person (an empty list when the result does not mention them), and their emails
 * and phone numbers; an item naming nobody gets the whole result. Each item gets its own copies.
 */
export function resultItem(answer: WebhookResultOutput, apolloId: string | null): WebhookResultItem {
	const base = item({ ...answer, requestId: answer.requestId, status: answer.status, apolloId });
	if (apolloId === null || !isJsonObject(answer.result)) return { ...base, result: structuredClone(answer.result) };
	const person = deliveredPeople(answer.result).get(apolloId);
	return {
		...base,
		personInResult: person !== undefined,
		emails: structuredClone(person?.emails ?? []),
		phoneNumbers: structuredClone(person?.phoneNumbers ?? []),
		result: { ...withoutPeople(answer.result), people: person ? [structuredClone(person.raw)] : [] },
	};
}

/**
 * Reads Apollo's asynchronous deliveries. Pure.
 *
 * Apollo POSTs one of two documented shapes to the `webhook_url`: the native phone reveal
 * (`people[].phone_numbers`, no `request_id`) and the waterfall (`request_id`, `people[].emails`,
 * `people[].phone_numbers`, `people[].waterfall` vendor breakdown). A JSON object of any other
 * shape is still a delivery someone sent on purpose, so it passes through whole as `unknown`
 * rather than being dropped; only bodies that are not JSON objects are refused.
 */

export type DeliveryType = 'phone' | 'waterfall' | 'unknown';

export interface NormalisedEmail {
	email: string;
	status: string | null;
	source: string | null;
	position: number | null;
}

export interface NormalisedPhone {
	/** E.164 when Apollo gave a sanitised number, else the raw text. */
	number: string;
	raw: string | null;
	type: string | null;
	status: string | null;
	confidence: string | null;
	dncStatus: string | null;
	position: number | null;
}

export interface NormalisedPerson {
	apolloPersonId: string | null;
	emails: NormalisedEmail[];
	phoneNumbers: NormalisedPhone[];
	/** The person entry exactly as Apollo sent it (vendor breakdown included). */
	raw: Record<string, unknown>;
}

export interface Delivery {
	type: DeliveryType;
	/** Exact text; only waterfall deliveries carry one. */
	requestId: string | null;
	status: string | null;
	people: NormalisedPerson[];
}

export type BodyCheck =
	| { ok: true; body: Record<string, unknown> }
	| { ok: false; status: 400 | 413; reason: string };

/** Apollo delivers one request's people, at most 10; this leaves ample room and stops floods. */
export const MAX_PEOPLE_PER_DELIVERY = 1_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function integer(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** What the trigger accepts as a delivery at all; everything else is a 400 with this reason. */
export function checkDeliveryBody(body: unknown): BodyCheck {
	if (body === undefined || body === null || body === '') {
		return { ok: false, status: 400, reason: 'Empty body: expected the JSON object Apollo delivers' };
	}
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		return { ok: false, status: 400, reason: 'The body is not a JSON object: expected the JSON object Apollo delivers' };
	}
	if (!isObject(body)) {
		return { ok: false, status: 400, reason: 'The body is not a JSON object: expected the JSON object Apollo delivers' };
	}
	if (Object.keys(body).length === 0) {
		return { ok: false, status: 400, reason: 'Empty body: expected the JSON object Apollo delivers' };
	}
	if ('people' in body && !Array.isArray(body.people)) {
		return { ok: false, status: 400, reason: '`people` must be a list' };
	}
	if (Array.isArray(body.people) && body.people.length > MAX_PEOPLE_PER_DELIVERY) {
		return {
			ok: false,
			status: 413,
			reason: `Too many people in one delivery (${body.people.length}; at most ${MAX_PEOPLE_PER_DELIVERY})`,
		};
	}
	return { ok: true, body };
}

function normaliseEmails(entry: Json): NormalisedEmail[] {
	if (!Array.isArray(entry.emails)) return [];
	return entry.emails.flatMap((email): NormalisedEmail[] => {
		if (typeof email === 'string') return [{ email, status: null, source: null, position: null }];
		if (!isObject(email) || typeof email.email !== 'string') return [];
		return [
			{
				email: email.email,
				status: text(email.email_status_cd ?? email.email_status),
				source: text(email.email_source_cd ?? email.source),
				position: integer(email.position),
			},
		];
	});
}

/** A person entry's `phone_numbers`; Apollo Enrich reads synchronous person records with it too. */
export function normalisePhones(entry: Json): NormalisedPhone[] {
	if (!Array.isArray(entry.phone_numbers)) return [];
	return entry.phone_numbers.flatMap((phone): NormalisedPhone[] => {
		if (!isObject(phone)) return [];
		const number = text(phone.sanitized_number) ?? text(phone.raw_number);
		if (number === null) return [];
		return [
			{
				number,
				raw: text(phone.raw_number),
				type: text(phone.type_cd ?? phone.type),
				status: text(phone.status_cd ?? phone.status),
				confidence: text(phone.confidence_cd),
				dncStatus: text(phone.dnc_status_cd ?? phone.dnc_status),
				position: integer(phone.position),
			},
		];
	});
}

function deliveryType(body: Json): DeliveryType {
	if (!Array.isArray(body.people)) return 'unknown';
	const waterfallMarks = ['target_fields', 'request_initiated', 'records_enriched', 'email_records_enriched'];
	if (waterfallMarks.some((key) => key in body)) return 'waterfall';
	if (body.people.some((person) => isObject(person) && isObject(person.waterfall))) return 'waterfall';
	return 'phone';
}

export function readDelivery(body: Json): Delivery {
	const people = Array.isArray(body.people) ? body.people.filter(isObject) : [];
	return {
		type: deliveryType(body),
		requestId: text(body.request_id),
		status: text(body.status),
		people: people.map((entry) => ({
			apolloPersonId: text(entry.id),
			emails: normaliseEmails(entry),
			phoneNumbers: normalisePhones(entry),
			raw: entry,
		})),
	};
}

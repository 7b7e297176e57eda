/**
 * Reads Apollo's asynchronous deliveries. Pure.
 *
 * Apollo POSTs one of two documented shapes to the `webhook_url`: the native phone reveal
 * (`people[].phone_numbers`, no `request_id`) and the waterfall (`request_id`, `people[].emails`,
 * `people[].phone_numbers`, `people[].waterfall` vendor breakdown). A JSON object of any other
 * shape is still a delivery someone sent on purpose, so it passes through whole as `unknown`
 * rather than being dropped (the trigger's protocol/deliveryBody.ts says which bodies it refuses).
 *
 * Both nodes read deliveries: the trigger when Apollo POSTs them, Apollo Enrich when Wait for
 * Results polls them; and Enrich reads synchronous person records' phone numbers the same way.
 */
import { isJsonObject, textOrNull, type JsonObject } from './json';

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

type Json = JsonObject;

function integer(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function normaliseEmails(entry: Json): NormalisedEmail[] {
	if (!Array.isArray(entry.emails)) return [];
	return entry.emails.flatMap((email): NormalisedEmail[] => {
		if (typeof email === 'string') return [{ email, status: null, source: null, position: null }];
		if (!isJsonObject(email) || typeof email.email !== 'string') return [];
		return [
			{
				email: email.email,
				status: textOrNull(email.email_status_cd ?? email.email_status),
				source: textOrNull(email.email_source_cd ?? email.source),
				position: integer(email.position),
			},
		];
	});
}

/** A person entry's `phone_numbers`, from a delivery or a synchronous person record. */
export function normalisePhones(entry: Json): NormalisedPhone[] {
	if (!Array.isArray(entry.phone_numbers)) return [];
	return entry.phone_numbers.flatMap((phone): NormalisedPhone[] => {
		if (!isJsonObject(phone)) return [];
		const number = textOrNull(phone.sanitized_number) ?? textOrNull(phone.raw_number);
		if (number === null) return [];
		return [
			{
				number,
				raw: textOrNull(phone.raw_number),
				type: textOrNull(phone.type_cd ?? phone.type),
				status: textOrNull(phone.status_cd ?? phone.status),
				confidence: textOrNull(phone.confidence_cd),
				dncStatus: textOrNull(phone.dnc_status_cd ?? phone.dnc_status),
				position: integer(phone.position),
			},
		];
	});
}

function deliveryType(body: Json): DeliveryType {
	if (!Array.isArray(body.people)) return 'unknown';
	const waterfallMarks = ['target_fields', 'request_initiated', 'records_enriched', 'email_records_enriched'];
	if (waterfallMarks.some((key) => key in body)) return 'waterfall';
	if (body.people.some((person) => isJsonObject(person) && isJsonObject(person.waterfall))) return 'waterfall';
	return 'phone';
}

export function readDelivery(body: Json): Delivery {
	const people = Array.isArray(body.people) ? body.people.filter(isJsonObject) : [];
	return {
		type: deliveryType(body),
		requestId: textOrNull(body.request_id),
		status: textOrNull(body.status),
		people: people.map((entry) => ({
			apolloPersonId: textOrNull(entry.id),
			emails: normaliseEmails(entry),
			phoneNumbers: normalisePhones(entry),
			raw: entry,
		})),
	};
}

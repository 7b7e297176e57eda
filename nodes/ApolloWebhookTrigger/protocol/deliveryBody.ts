/**
 * What the trigger accepts as a delivery at all. Pure.
 *
 * A JSON object of any shape is a delivery someone sent on purpose, so it passes (and is read by
 * nodes/shared/apollo/deliveries.ts); only bodies that are not JSON objects, or that are far
 * larger than anything Apollo sends, are refused with a clear 4xx.
 */
import { isJsonObject } from '../../shared/apollo/json';

export type BodyCheck =
	| { ok: true; body: Record<string, unknown> }
	| { ok: false; status: 400 | 413; reason: string };

/** Apollo delivers one request's people, at most 10; this leaves ample room and stops floods. */
export const MAX_PEOPLE_PER_DELIVERY = 1_000;

export function checkDeliveryBody(body: unknown): BodyCheck {
	if (body === undefined || body === null || body === '') {
		return { ok: false, status: 400, reason: 'Empty body: expected the JSON object Apollo delivers' };
	}
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		return { ok: false, status: 400, reason: 'The body is not a JSON object: expected the JSON object Apollo delivers' };
	}
	if (!isJsonObject(body)) {
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

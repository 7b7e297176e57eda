// Webhook payloads, shaped after the examples in Apollo's poll-webhook-result docs (§3a phone,
// §3b waterfall). The same object is POSTed to webhook_url and later returned by the poll
// endpoint in `webhook_result`.

import { createHash } from 'node:crypto';

import type { FakeMobile, FakePerson } from './types';

/** Native reveals cost 8 credits per mobile returned (Apollo's documented 1–9 credit rule). */
const MOBILE_CREDITS = 8;

const FIXED_CREATED_AT = '2025-01-15T09:30:00.000+00:00';

function hexId(seed: string): string {
	return createHash('sha1').update(seed).digest('hex').slice(0, 24);
}

export function phoneNumberObject(person: FakePerson, mobile: FakeMobile): Record<string, unknown> {
	const id = hexId(`phone:${person.id}:${mobile.sanitized_number}`);
	return {
		_id: id,
		id,
		key: mobile.sanitized_number,
		raw_number: mobile.raw_number,
		sanitized_number: mobile.sanitized_number,
		type_cd: 'mobile',
		status_cd: 'valid_number',
		confidence_cd: 'high',
		direct_dial_source_cd: 'apollo',
		position: 0,
		dnc_status_cd: mobile.country === 'US' ? 'not_on_dnc' : 'not_applicable',
		dnc_status_updated_at: FIXED_CREATED_AT,
		dnc_other_info: { country: mobile.country },
		created_at: FIXED_CREATED_AT,
		updated_at: FIXED_CREATED_AT,
	};
}

/** §3a: one entry per unique matched person; people without a mobile get an empty list. */
export function phonePayload(people: FakePerson[]): Record<string, unknown> {
	const withMobile = people.filter((p) => p.mobile_phone !== null);
	return {
		status: 'success',
		total_requested_enrichments: people.length,
		unique_enriched_records: withMobile.length,
		missing_records: people.length - withMobile.length,
		credits_consumed: withMobile.length * MOBILE_CREDITS,
		people: people.map((person) => ({
			id: person.id,
			status: 'success',
			phone_numbers: person.mobile_phone ? [phoneNumberObject(person, person.mobile_phone)] : [],
		})),
	};
}

export interface WaterfallTargets {
	emails: boolean;
	phones: boolean;
}

function vendor(
	id: string,
	name: string,
	found: boolean,
	data: Record<string, unknown>,
): Record<string, unknown> {
	return {
		id,
		name,
		status: found ? 'VERIFIED' : 'NOT_FOUND',
		...data,
		usedForVerification: false,
		statusCode: 200,
		statusMessage: found ? 'OK' : 'No data found',
		authMechanism: 'apollo_managed',
	};
}

function waterfallPerson(
	person: FakePerson,
	targets: WaterfallTargets,
	at: string,
): Record<string, unknown> {
	const emails = targets.emails
		? [
				{
					email: person.email,
					email_status_cd: 'Verified',
					email_source_cd: 'waterfall',
					position: 0,
					extrapolated_email_confidence: null,
					third_party_data_provider_id: 'vendor_alpha',
					waterfall_enriched_at: at,
					vendor_validation_statuses: [{ vendor: 'vendor_alpha', status: 'valid' }],
				},
			]
		: [];
	const mobile = targets.phones ? person.mobile_phone : null;
	const phones = mobile ? [phoneNumberObject(person, mobile)] : [];
	return {
		id: person.id,
		emails,
		phone_numbers: phones,
		waterfall: {
			emails: targets.emails
				? [{ vendors: [vendor('vendor_alpha', 'Vendor Alpha', true, { emails: [person.email] })] }]
				: [],
			phone_numbers: targets.phones
				? [
						{
							vendors: [
								vendor('vendor_beta', 'Vendor Beta', mobile !== null, {
									phone_numbers: mobile ? [mobile.sanitized_number] : [],
								}),
							],
						},
					]
				: [],
		},
	};
}

/**
 * §3b. `totalRequested` counts every requested record, misses included; `people` holds only the
 * matched (unique) ones, since the fake's vendors cannot find anyone Apollo does not know.
 */
export function waterfallPayload(
	requestId: string,
	totalRequested: number,
	people: FakePerson[],
	targets: WaterfallTargets,
	initiatedAt: Date,
): Record<string, unknown> {
	const completed = new Date().toISOString();
	const emailFound = targets.emails ? people.length : 0;
	const mobileFound = targets.phones ? people.filter((p) => p.mobile_phone !== null).length : 0;
	const enriched = people.filter(
		(p) => targets.emails || (targets.phones && p.mobile_phone !== null),
	).length;
	const targetFields: string[] = [];
	if (targets.emails) targetFields.push('emails');
	if (targets.phones) targetFields.push('phone_numbers');
	return {
		status: 'success',
		request_id: requestId,
		request_initiated: initiatedAt.toISOString(),
		request_completed: completed,
		total_requested_enrichments: totalRequested,
		target_fields: targetFields,
		records_enriched: enriched,
		email_records_enriched: emailFound,
		mobile_records_enriched: mobileFound,
		enrichment_not_found: totalRequested - enriched,
		email_records_not_found: targets.emails ? totalRequested - emailFound : 0,
		mobile_records_not_found: targets.phones ? totalRequested - mobileFound : 0,
		credits_consumed: emailFound + mobileFound * MOBILE_CREDITS,
		people: people.map((person) => waterfallPerson(person, targets, completed)),
	};
}

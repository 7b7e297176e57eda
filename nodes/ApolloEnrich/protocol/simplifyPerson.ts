/**
 * Simplify: a flat person record with the fields ops teams map into CRMs and sheets.
 * Pure.
 *
 * Every key is always present (null or an empty list when Apollo has nothing), also for a
 * no-match, so that a sheet gets the same columns from every row. Lists stay lists of plain
 * strings. The row's head and tail (matched, lookedUpBy, Apollo's id, request ID) are added around
 * these fields by shared/simplifyOutput.ts.
 */
import {
	normalisePhones,
	type NormalisedPhone,
} from '../../shared/apollo/deliveries';
import { isJsonObject, type JsonObject } from '../../shared/apollo/json';
import { bestMobile, phonesByPreference } from '../../shared/apollo/people';
import { count, domainOf, text, texts } from './simplifyValues';

export interface SimplePerson {
	[key: string]: unknown;
	id: string | null;
	name: string | null;
	firstName: string | null;
	lastName: string | null;
	title: string | null;
	headline: string | null;
	email: string | null;
	emailStatus: string | null;
	personalEmails: string[];
	/** The best mobile number (E.164 where Apollo gave one): valid first, then Apollo's order. */
	mobilePhone: string | null;
	/** Every number known for the person, mobiles first, without repeats. */
	phoneNumbers: string[];
	linkedinUrl: string | null;
	city: string | null;
	state: string | null;
	country: string | null;
	seniority: string | null;
	departments: string[];
	companyName: string | null;
	companyDomain: string | null;
	companyWebsite: string | null;
	companyLinkedinUrl: string | null;
	companyIndustry: string | null;
	companyEmployeeCount: number | null;
}

/** The person's own numbers, then those of the workspace's CRM contact for the person. */
function phonesOf(person: JsonObject): NormalisedPhone[] {
	const contact = isJsonObject(person.contact) ? person.contact : {};
	return [...normalisePhones(person), ...normalisePhones(contact)];
}

export function simplifyPerson(person: JsonObject | null): SimplePerson {
	const record = person ?? {};
	const organization = isJsonObject(record.organization) ? record.organization : {};
	const phones = phonesOf(record);
	return {
		id: text(record.id),
		name: text(record.name),
		firstName: text(record.first_name),
		lastName: text(record.last_name),
		title: text(record.title),
		headline: text(record.headline),
		email: text(record.email),
		emailStatus: text(record.email_status),
		personalEmails: texts(record.personal_emails),
		mobilePhone: bestMobile(phones),
		phoneNumbers: texts(phonesByPreference(phones).map((phone) => phone.number)),
		linkedinUrl: text(record.linkedin_url),
		city: text(record.city),
		state: text(record.state),
		country: text(record.country),
		seniority: text(record.seniority),
		departments: texts(record.departments),
		companyName: text(organization.name),
		companyDomain: domainOf(organization),
		companyWebsite: text(organization.website_url),
		companyLinkedinUrl: text(organization.linkedin_url),
		companyIndustry: text(organization.industry),
		companyEmployeeCount: count(organization.estimated_num_employees),
	};
}

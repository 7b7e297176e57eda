/** Helpers for the Organization tests: the fake's organizations and the output's shape. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ApolloOrganization, FakeApollo } from '../fake-apollo';
import { runEnrich, type RunOptions } from './support';

/** The directory's twelve companies, in directory order (Acme Robotics first). */
export function organizationsOf(fake: FakeApollo): ApolloOrganization[] {
	const byId = new Map(fake.directory.map((person) => [person.organization.id, person.organization]));
	return [...byId.values()];
}

export async function runOrganization(
	fake: FakeApollo,
	parameters: IDataObject,
	inputs: IDataObject[],
	options: RunOptions = {},
) {
	return await runEnrich(fake, { resource: 'organization', ...parameters }, inputs, options);
}

/** Parameters that map the usual input columns, as a user would with expressions. */
export const MAPPED_ORGANIZATION: IDataObject = {
	domain: '={{ $json.domain }}',
	organizationName: '={{ $json.name }}',
	website: '={{ $json.website }}',
	linkedinUrl: '={{ $json.linkedin_url }}',
};

export function orgJson(item: INodeExecutionData): IDataObject & {
	organization: (IDataObject & { id: string }) | null;
	apollo: IDataObject & { call: IDataObject; dedupe: IDataObject | null };
} {
	return item.json as never;
}

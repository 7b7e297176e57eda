import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunSettings } from '../../shared/enrichmentRun';
import { readRunSettings, runOptionFields } from '../../shared/runOptions';
import { simplifyOptionField } from '../../shared/simplifyOutput';

/**
 * Organizations have no reveal or waterfall flags: Apollo answers them synchronously, so their
 * options are the run's own (batching, repeats, no-match, pacing, retries, timeout) and Simplify.
 */
export const organizationOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['organization'], operation: ['enrich', 'bulkEnrich'] } },
	// Sorted as n8n lists them, as for the person.
	options: [
		...runOptionFields('organization'),
		simplifyOptionField(
			'organization',
			'name, domain, LinkedIn, phone, industry, size, revenue, location, technologies, funding',
		),
	].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export interface OrganizationSettings extends RunSettings {
	simplify: boolean;
}

/** Node-wide, like the person options: read once, from the first item. */
export function readOrganizationSettings(ctx: IExecuteFunctions): OrganizationSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return { ...readRunSettings(options), simplify: options.simplify === true };
}

/**
 * Organization → Enrich and Bulk Enrich, the parameters beyond the identifiers. Organizations
 * have no reveal or waterfall flags: Apollo answers them synchronously, so what is left is the
 * run's own: Simplify, Options and tuning (shared/runOptions.ts).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunSettings } from '../../shared/enrichmentRun';
import { readRunSettings, runOptionsField, simplifyField, tuningField } from '../../shared/runOptions';

const showFor = { show: { resource: ['organization'], operation: ['enrich', 'bulkEnrich'] } };

export const organizationEnrichFieldProperties: INodeProperties[] = [
	simplifyField(
		showFor,
		'organization',
		'matched, what it was looked up by, name, domain, LinkedIn, phone, industry, size, revenue, location, technologies, funding',
	),
	runOptionsField(showFor, 'organization', 'organizations'),
	tuningField(showFor),
];

/** Node-wide: read once, from the first item. */
export function readOrganizationSettings(ctx: IExecuteFunctions): RunSettings {
	return readRunSettings(ctx);
}

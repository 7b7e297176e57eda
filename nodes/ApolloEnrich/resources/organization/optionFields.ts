import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunSettings } from '../../shared/enrichmentRun';
import { readRunSettings, runOptionFields } from '../../shared/runOptions';

/**
 * Organizations have no reveal or waterfall flags: Apollo answers them synchronously, so their
 * options are exactly the run's own (batching, repeats, no-match, pacing, retries, timeout).
 */
export const organizationOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['organization'], operation: ['enrich', 'bulkEnrich'] } },
	options: runOptionFields('organization'),
};

/** Node-wide, like the person options: read once, from the first item. */
export function readOrganizationSettings(ctx: IExecuteFunctions): RunSettings {
	return readRunSettings(ctx.getNodeParameter('options', 0, {}) as IDataObject);
}

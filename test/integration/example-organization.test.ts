import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness';
import { withFake } from './support';

describe('examples/organization-enrich.workflow.json', () => {
	it('enriches the sample organizations in one call, a miss flagged in its place', async () => {
		const fake = await withFake();
		try {
			const file = path.resolve(__dirname, '..', '..', 'examples', 'organization-enrich.workflow.json');
			const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
			const result = await runWorkflow({ workflow, credentials: { apolloEnrichApi: { apiKey: fake.apiKey, baseUrl: fake.url } } });
			expect(result.error).toBeUndefined();
			const items = result.output('Apollo Enrich');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const organizations = items.map((item) => item.json.organization as IDataObject | null);
			expect(organizations.slice(0, 3).map((organization) => organization?.primary_domain)).toEqual([
				'acme-robotics.example',
				'blueharbor-logistics.example',
				'cobaltpixel.example',
			]);
			expect(items[3].json.apollo).toMatchObject({ matched: false });
			expect(fake.requestLog.filter((entry) => entry.route === 'org_bulk_enrich')).toHaveLength(1);
		} finally {
			await fake.close();
		}
	});
});

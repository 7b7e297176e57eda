import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness';
import { apolloCalls, withFake } from './support';

describe('examples/bulk-enrich.workflow.json (what `npm run demo` runs)', () => {
	it('enriches the sample list in ceil(12/10) calls, one output item per input item', async () => {
		const fake = await withFake();
		try {
			const file = path.resolve(__dirname, '..', '..', 'examples', 'bulk-enrich.workflow.json');
			const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
			const result = await runWorkflow({
				workflow,
				credentials: { apolloEnrichApi: { apiKey: fake.apiKey, baseUrl: fake.url } },
			});
			expect(result.error).toBeUndefined();
			const items = result.output('Apollo Enrich');
			expect(items).toHaveLength(12);
			expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
			const matched = items.map((item) => (item.json.apollo as IDataObject).matched);
			expect(matched).toEqual([true, true, true, true, true, false, true, true, true, false, true, true]);
			expect(apolloCalls(fake, 'bulk_match').map((call) => call.detailsCount)).toEqual([10, 2]);
		} finally {
			await fake.close();
		}
	});
});

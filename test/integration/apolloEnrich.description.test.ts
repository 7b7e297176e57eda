/**
 * What the editor is given for Apollo Enrich, as n8n-core's loader produces it from the package:
 * the codex the nodes panel builds its action list from, the default operations, the canvas
 * subtitle, the Docs link, and no "Custom API Call". The real n8n 2.41.1's view of the same is
 * checked in test/e2e/n8n2.editor.e2e.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessNodeTypes, loadPackage } from '../harness';
import { ENRICH_NODE_TYPE, runEnrich, withFake } from './support';

const ROOT = path.resolve(__dirname, '..', '..');

async function enrichDescription(): Promise<INodeTypeDescription> {
	const { loader } = await loadPackage();
	const types = (loader as unknown as { types: { nodes: INodeTypeDescription[] } }).types.nodes;
	const description = types.find((type) => type.name === 'apolloEnrich');
	if (!description) throw new Error('apolloEnrich is not among the loaded node types');
	return description;
}

/** GitHub's anchor for a README heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): string[] {
	return markdown
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
}

describe('Apollo Enrich as the editor loads it', () => {
	it('has a codex without the AI Tools subcategory, so the nodes panel lists its actions', async () => {
		const { codex } = await enrichDescription();
		// n8n-editor-ui 2.41.1 (workflows.store, the actions parser) builds no actions for a node
		// whose codex has subcategories.AI including "Tools" (and not "Root Nodes"). The tool
		// variant gets that subcategory from n8n itself (setToolCodex), whatever this codex says.
		expect(codex?.subcategories).toBeUndefined();
		expect(codex?.categories).toEqual(['Sales', 'Data & Storage']);
	});

	it('defaults to Bulk Enrich for both resources, and offers every operation as an action', async () => {
		const { properties } = await enrichDescription();
		const operations = properties.filter((property) => property.name === 'operation');
		expect(operations.map((property) => [property.displayOptions?.show?.resource, property.default])).toEqual([
			[['person'], 'bulkEnrich'],
			[['organization'], 'bulkEnrich'],
		]);
		const actions = operations.flatMap((property) => (property.options ?? []).map((option) => ('action' in option ? option.action : undefined)));
		expect(actions).toEqual([
			'Bulk enrich people',
			'Enrich a person',
			'Get a webhook result',
			'Search people',
			'Bulk enrich organizations',
			'Enrich an organization',
		]);
	});

	it('links its Docs to this package’s how-to, at a heading the README has', async () => {
		const { documentationUrl, codex } = await enrichDescription();
		const url = new URL(documentationUrl ?? '');
		expect(`${url.origin}${url.pathname}`).toBe('https://github.com/n8n-nodes-apollo-enrich/n8n-nodes-apollo-enrich');
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		expect(headingAnchors(readme)).toContain(url.hash.slice(1));
		expect(codex?.resources?.primaryDocumentation?.[0]?.url).toMatch(/^https:\/\/github\.com\/n8n-nodes-apollo-enrich\//);
	});

	it('reads its canvas subtitle in the names the user picked', async () => {
		const { subtitle } = await enrichDescription();
		const nodeTypes = new HarnessNodeTypes([await loadPackage()]);
		const subtitleFor = async (parameters: Record<string, string>) => {
			const node: INode = { id: 'n', name: 'Apollo Enrich', type: ENRICH_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters };
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			await workflow.expression.acquireIsolate();
			try {
				return workflow.expression.getSimpleParameterValue(node, subtitle as string, 'internal', {});
			} finally {
				await workflow.expression.releaseIsolate();
			}
		};
		expect(await subtitleFor({ resource: 'person', operation: 'bulkEnrich' })).toBe('Bulk Enrich: Person');
		expect(await subtitleFor({ resource: 'person', operation: 'getWebhookResult' })).toBe('Get Webhook Result: Person');
		expect(await subtitleFor({ resource: 'organization', operation: 'enrich' })).toBe('Enrich: Organization');
		// The editor shows no subtitle for one that contains n8n's own key, so it must stay visible.
		expect(await subtitleFor({ resource: 'person', operation: '__CUSTOM_API_CALL__' })).toBe('__CUSTOM_API_CALL__: Person');
	});

	it('is not given n8n’s "Custom API Call" entry', async () => {
		const description = await enrichDescription();
		// The condition of injectCustomApiCallOptions in n8n 2.41.1 and 1.123.81
		// (packages/cli/src/load-nodes-and-credentials.ts): only a description whose defaultVersion
		// is undefined or equal to its version gets the entry.
		const injected = description.defaultVersion === undefined || description.defaultVersion === (description.version as unknown);
		expect(injected).toBe(false);
		expect(description.version).toEqual([1]);
		expect(description.defaultVersion).toBe(1);
	});

	it('says where a Custom API Call is made when a workflow still asks for one', async () => {
		const fake = await withFake();
		try {
			for (const parameters of [{ operation: '__CUSTOM_API_CALL__' }, { resource: '__CUSTOM_API_CALL__' }]) {
				const run = await runEnrich(fake, parameters, [{}]);
				expect(run.error?.message).toBe('Custom API Call is made with the HTTP Request node');
				expect(run.error?.description).toMatch(/Predefined Credential Type .* Apollo Enrich API/);
			}
			expect(fake.requestLog).toHaveLength(0);
		} finally {
			await fake.close();
		}
	});
});

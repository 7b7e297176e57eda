/**
 * The workflow the Enrich bench runs in a real n8n: Manual Trigger → Code (emits N people) →
 * Apollo Enrich, with the five identifier fields mapped by `{{ $json.… }}` expressions, as a user
 * maps a sheet's columns.
 *
 * The Code node builds the same records as the n8n-core bench (test/bench/workloads.ts,
 * `buildWorkload(N, 0)`: all distinct, one in five unknown to Apollo, a fixed shuffle) from the
 * fake's 72 template people, so the workflow stays small whatever N is (pinned data for 10,000
 * people would be copied into every execution). `checkPeopleCode` proves the two agree.
 */
import { isDeepStrictEqual } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import { buildWorkload } from '../bench/workloads';
import type { WorkflowJson } from '../e2e/support/n8n-api';
import { CREDENTIAL_TYPE, ENRICH_NODE, ENRICH_TYPE } from '../e2e/support/workflows';
import { DEFAULT_PEOPLE } from '../fake-apollo';

export const TRIGGER_NODE = 'Manual Trigger';
export const CODE_NODE = 'People';

/** The identifier fields mapped with expressions (the same five as test/bench/measure.ts). */
export const MAPPED_FIELDS: IDataObject = {
	email: '={{ $json.email }}',
	firstName: '={{ $json.first_name }}',
	lastName: '={{ $json.last_name }}',
	domain: '={{ $json.domain }}',
	linkedinUrl: '={{ $json.linkedin_url }}',
};

/** JavaScript for the Code node: `count` people as buildWorkload(count, 0) orders them. */
export function peopleCode(count: number): string {
	const templates = DEFAULT_PEOPLE.map((person) => {
		const [local, domain] = person.email.split('@');
		return [local, domain, person.first_name, person.last_name, person.linkedin_url];
	});
	return [
		`const templates = ${JSON.stringify(templates)};`,
		`const count = ${count};`,
		'const slots = Array.from({ length: count }, (_, j) => j);',
		'let seed = 42;',
		'for (let i = slots.length - 1; i > 0; i--) {',
		'\tseed = (seed * 1103515245 + 12345) % 2147483648;',
		'\tconst k = seed % (i + 1);',
		'\t[slots[i], slots[k]] = [slots[k], slots[i]];',
		'}',
		'return slots.map((j) => {',
		'\tif (j % 5 === 4) return { json: { email: `left.the.company.${j}@nowhere.example` } };',
		'\tconst [local, domain, first, last, linkedin] = templates[j % templates.length];',
		'\treturn { json: { email: `${local}.${j}@${domain}`, first_name: first, last_name: `${last}-${j}`, domain, linkedin_url: `${linkedin}-${j}` } };',
		'});',
	].join('\n');
}

/** Runs the Code node's JavaScript here and compares it with the n8n-core bench's records. */
export function checkPeopleCode(count: number): void {
	const run = new Function(peopleCode(count)) as () => Array<{ json: IDataObject }>;
	const records = run().map((item) => item.json);
	if (!isDeepStrictEqual(records, buildWorkload(count, 0).records)) {
		throw new Error(`The Code node's ${count} people differ from buildWorkload(${count}, 0)`);
	}
}

export function enrichWorkflow(
	name: string,
	count: number,
	parameters: IDataObject,
	credential: { id: string; name: string },
): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: 'trigger', name: TRIGGER_NODE, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'people',
				name: CODE_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: peopleCode(count) },
			},
			{
				id: 'enrich',
				name: ENRICH_NODE,
				type: ENRICH_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'person', ...parameters },
				credentials: { [CREDENTIAL_TYPE]: credential },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
			[CODE_NODE]: { main: [[{ node: ENRICH_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The probe behind fieldReferences.engine.test.ts: a node that reads every parameter both ways,
 * through n8n's expression engine (getNodeParameter) and through the field-reference reader, for
 * every item, in a workflow run by n8n-core. Also a CLI, so that the test can run it under another
 * engine (or another Node) in a child process:
 *   node --import tsx test/integration/fieldReferences.probe.ts quickjs vm
 * prints the rows of each engine as JSON.
 */
import { isDeepStrictEqual } from 'node:util';

import { Expression, NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { ASK_N8N, parseFieldReference, readFieldPath } from '../../nodes/ApolloEnrich/protocol/fieldReferences';
import { fieldReferenceReader } from '../../nodes/ApolloEnrich/shared/fieldReferences';
import { runWorkflow } from '../harness';

export type Engine = 'legacy' | 'quickjs' | 'vm';

export const EXPRESSIONS = [
	'={{ $json.email }}',
	'={{$json.email}}',
	'={{ $json["a b"] }}',
	"={{ $json['a b'] }}",
	'={{ $json["it\'s"] }}',
	'={{ $json.nested.a.b }}',
	'={{ $json.nested["a"].b }}',
	'={{ $json.missing }}',
	'={{ $json.missing.deeper }}',
	'={{ $json.nested.missing }}',
	'={{ $json.number }}',
	'={{ $json.zero }}',
	'={{ $json.negative }}',
	'={{ $json.big }}',
	'={{ $json.yes }}',
	'={{ $json.no }}',
	'={{ $json.nothing }}',
	'={{ $json.empty }}',
	'={{ $json.spaced }}',
	'={{ $json.unicode }}',
	'={{ $json.list }}',
	'={{ $json.object }}',
	'={{ $json.nested.list }}',
	'={{ $json.email.length }}',
	'={{ $json.toString }}',
	'={{ $json.valueOf }}',
	'={{ $json.length }}',
	'={{ $json.constructor }}',
	'={{ $json["toString"] }}',
	'={{ $json.caller }}',
	'={{ $json.binding }}',
	'={{ $json.arguments }}',
	'={{ $json?.email }}',
	'={{ $json.nested?.a?.b }}',
	'={{ $json.email }} ',
	'=<{{ $json.email }}>',
	'={{ $json.email.toUpperCase() }}',
	'={{ $json.number + 1 }}',
	'={{ ($json.email) }}',
];

/** Collections (type `collection`, like Additional Identifiers) with references inside. */
export const COLLECTIONS: INodeParameters[] = [
	{ o1: '={{ $json.email }}', o2: 'fixed text', o3: '={{ $json.missing }}', o4: '={{ $json["a b"] }}' },
	{ o1: '={{ $json.number }}', o2: 42, o3: true },
	{ o1: '={{ $json.object }}' },
	{ o1: '={{ $json.email }}', o2: '={{ $json.email.toUpperCase() }}' },
	{},
];

const ITEMS: IDataObject[] = [
	{
		email: 'jane@acme.com',
		'a b': 'key with a space',
		"it's": 'key with a quote',
		nested: { a: { b: 'deep' }, list: [1, 2] },
		number: 42,
		zero: 0,
		negative: -1.5,
		big: 2 ** 70,
		yes: true,
		no: false,
		nothing: null,
		empty: '',
		spaced: '  padded  ',
		unicode: 'Zoë ✓ 名前',
		list: ['x', 'y'],
		object: { k: 1 },
	},
	{},
	{ nested: 'text, not an object', email: 7 },
	{ nested: { a: null }, toString: 'an own toString', length: 3, caller: 'c', binding: 'b', arguments: 'a', valueOf: 'v' },
];

type Outcome = { value: unknown } | { error: string };

function outcome(read: () => unknown): Outcome {
	try {
		return { value: read() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** Reads parameter pN both ways for every item; says whether the item was read without n8n. */
class FieldProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Field Probe',
		name: 'fieldProbe',
		group: ['transform'],
		version: 1,
		description: 'Test only',
		defaults: { name: 'Field Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			...EXPRESSIONS.map((_, index) => ({ displayName: `P${index}`, name: `p${index}`, type: 'string' as const, default: '' })),
			...COLLECTIONS.map((_, index) => ({
				displayName: `C${index}`,
				name: `c${index}`,
				type: 'collection' as const,
				default: {},
				options: ['o1', 'o2', 'o3', 'o4'].map((name) => ({ displayName: name, name, type: 'string' as const, default: '' })),
			})),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const compare = (name: string, expression: string, fallback: unknown, direct: (json: IDataObject) => boolean) => {
			const reader = fieldReferenceReader(this, name, fallback);
			items.forEach((item, itemIndex) => {
				const viaN8n = outcome(() => this.getNodeParameter(name, itemIndex, fallback));
				const viaReader = reader ? outcome(() => reader(itemIndex)) : viaN8n;
				out.push({
					json: { expression, itemIndex, direct: reader !== undefined && direct(item.json), same: sameOutcome(viaN8n, viaReader), n8n: shown(viaN8n), reader: shown(viaReader) },
				});
			});
		};
		EXPRESSIONS.forEach((expression, index) => {
			const path = parseFieldReference(expression);
			compare(`p${index}`, expression, '', (json) => path !== undefined && readFieldPath(json, path) !== ASK_N8N);
		});
		COLLECTIONS.forEach((collection, index) => {
			const paths = Object.values(collection).map(parseFieldReference);
			compare(`c${index}`, JSON.stringify(collection), {}, (json) => paths.every((path) => path === undefined || readFieldPath(json, path) !== ASK_N8N));
		});
		return [out];
	}
}

/** Same value (deeply, keys holding undefined included) or the same error message. */
function sameOutcome(a: Outcome, b: Outcome): boolean {
	if ('error' in a || 'error' in b) return 'error' in a && 'error' in b && a.error === b.error;
	return isDeepStrictEqual(a.value, b.value);
}

function shown(result: Outcome): string {
	if ('error' in result) return `error: ${result.error}`;
	return result.value === undefined ? 'undefined' : `${typeof result.value} ${JSON.stringify(result.value)}`;
}

/** One row per expression and item: both outcomes, whether they agree, whether n8n was asked. */
export async function probeRows(engine: Engine): Promise<IDataObject[]> {
	if (engine !== 'legacy') {
		await Expression.initExpressionEngine({ engine, bridgeTimeout: 5_000, bridgeMemoryLimit: 128, maxCodeCacheSize: 1024, poolSize: 1 });
	}
	Expression.setExpressionEngine(engine);
	try {
		return await probe();
	} finally {
		Expression.setExpressionEngine('legacy');
		await Expression.disposeExpressionEngine();
	}
}

async function probe(): Promise<IDataObject[]> {
	const result = await runWorkflow({
		workflow: {
			nodes: [
				{ id: 't', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'p',
					name: 'Field Probe',
					type: 'test.fieldProbe',
					typeVersion: 1,
					position: [200, 0],
					parameters: {
						...Object.fromEntries(EXPRESSIONS.map((expression, index) => [`p${index}`, expression])),
						...Object.fromEntries(COLLECTIONS.map((collection, index) => [`c${index}`, collection])),
					},
				},
			],
			connections: { 'Manual Trigger': { main: [[{ node: 'Field Probe', type: 'main', index: 0 }]] } },
			pinData: { 'Manual Trigger': ITEMS.map((json) => ({ json })) },
			settings: { executionOrder: 'v1' },
		},
		extraNodeTypes: { 'test.fieldProbe': new FieldProbe() },
	});
	if (result.error) throw result.error;
	return result.output('Field Probe').map((item) => item.json);
}

/** The CLI: rows for each engine named on the command line, as JSON keyed by engine. */
async function probeEngines(engines: Engine[]): Promise<Record<string, IDataObject[]>> {
	const rows: Record<string, IDataObject[]> = {};
	for (const engine of engines) rows[engine] = await probeRows(engine);
	return rows;
}

if (require.main === module) {
	probeEngines(process.argv.slice(2) as Engine[]).then(
		(rows) => {
			// isolated-vm sometimes crashes (SIGSEGV) when the process exits while its disposed
			// isolates are still being torn down; a moment's wait makes that rare, and the parent
			// reads the rows from stdout whatever the exit.
			process.stdout.write(JSON.stringify(rows), () => setTimeout(() => process.exit(0), 200));
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}

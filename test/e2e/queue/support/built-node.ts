/**
 * Where the built Apollo Enrich node (dist/, what `npm pack` ships) keeps a parameter: at the top
 * level, or inside which collection (Options, Throughput and Retries ...). The suite sets its
 * parameters where the node under test has them, so it keeps working while the node's
 * parameters move, and it notices when an option appears (issue 11's cross-run memory).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ROOT } from '../../setup/versions';

/** Issue 11's Apollo Enrich option: remember enriched people across runs, for this many days. */
export const CROSS_RUN_MEMORY_OPTION = 'skipEnrichedWithinDays';

interface Property {
	name: string;
	type?: string;
	options?: unknown[];
}

function builtProperties(): Property[] {
	const file = path.join(ROOT, 'dist', 'nodes', 'ApolloEnrich', 'ApolloEnrich.node.js');
	if (!fs.existsSync(file)) throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e:queue does).');
	const { ApolloEnrich } = require(file) as { ApolloEnrich: new () => { description: { properties: Property[] } } };
	return new ApolloEnrich().description.properties;
}

/** `name` for a top-level parameter, the collection's name for an option in one, else undefined. */
export function parameterHome(name: string): string | undefined {
	for (const property of builtProperties()) {
		if (property.name === name) return name;
		const inside = (property.options ?? []) as Property[];
		if (property.type === 'collection' && inside.some((option) => option.name === name)) return property.name;
	}
	return undefined;
}

/** Node parameters with each value where the built node has it; unknown names are an error. */
export function placeParameters(values: Record<string, unknown>): Record<string, unknown> {
	const parameters: Record<string, Record<string, unknown> | unknown> = {};
	for (const [name, value] of Object.entries(values)) {
		const home = parameterHome(name);
		if (home === undefined) throw new Error(`The built Apollo Enrich node has no parameter ${name}`);
		if (home === name) parameters[name] = value;
		else parameters[home] = { ...(parameters[home] as Record<string, unknown> | undefined), [name]: value };
	}
	return parameters;
}

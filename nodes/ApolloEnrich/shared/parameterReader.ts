/**
 * Reads node parameters item by item. A parameter without an expression has the same value for
 * every item, so it is read once: on a list of thousands, n8n's parameter lookup is a good part
 * of the node's own CPU time. In the parameters named `fromItems`, a plain field reference
 * (`={{ $json.email }}`) is read from the item itself (shared/fieldReferences.ts); any other
 * expression is n8n's to evaluate.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldReferenceReader } from './fieldReferences';

/** True when n8n would resolve the value per item: an expression, or a collection holding one. */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/**
 * `fallbacks` names the parameters to read, each with the value used when it is unset.
 * `fromItems` names those that may be read from the items: text fields and collections of them
 * only, since n8n would convert a value for a property with `validateType`, which this does not.
 */
export function itemParameterReader<N extends string>(
	ctx: IExecuteFunctions,
	fallbacks: Record<N, unknown>,
	fromItems: readonly N[] = [],
): (name: N, itemIndex: number) => unknown {
	const raw = ctx.getNode().parameters;
	const fixed = new Map<N, unknown>();
	const references = new Map<N, (itemIndex: number) => unknown>();
	for (const name of Object.keys(fallbacks) as N[]) {
		if (hasExpression(raw[name])) {
			const reader = fromItems.includes(name) ? fieldReferenceReader(ctx, name, fallbacks[name]) : undefined;
			if (reader) references.set(name, reader);
			continue;
		}
		try {
			fixed.set(name, ctx.getNodeParameter(name, 0, fallbacks[name]));
		} catch {
			// Read it per item instead, so that the problem is reported against each item.
		}
	}
	return (name, itemIndex) => {
		if (fixed.has(name)) return fixed.get(name);
		const reference = references.get(name);
		return reference ? reference(itemIndex) : ctx.getNodeParameter(name, itemIndex, fallbacks[name]);
	};
}

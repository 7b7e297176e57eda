/**
 * Reads a parameter that is a plain `$json` field reference (`={{ $json.email }}`), or a
 * collection of such references and fixed values (Additional Identifiers), straight from the
 * input item, with n8n's own value: n8n's expression engine is asked only for the items where the
 * value would not be certain (protocol/fieldReferences.ts). Checking 10,000 items with five mapped
 * fields then costs milliseconds instead of n8n 2.x evaluating 50,000 expressions.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ASK_N8N, parseFieldReference, readFieldPath, type FieldValue } from '../protocol/fieldReferences';

type ItemRead = (json: unknown) => FieldValue | IDataObject | typeof ASK_N8N;

function isExpression(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith('=');
}

/** Reads one plain reference from an item's json; undefined when `raw` is not one. */
function referenceRead(raw: unknown): ItemRead | undefined {
	const path = parseFieldReference(raw);
	return path === undefined ? undefined : (json) => readFieldPath(json, path);
}

/**
 * A collection whose options are fixed text, numbers or booleans, or plain references: each
 * item's copy built from the item. Undefined when any option is something else.
 */
function collectionRead(raw: unknown): ItemRead | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const entries: Array<[string, ItemRead | FieldValue]> = [];
	for (const [key, value] of Object.entries(raw)) {
		if (isExpression(value)) {
			const read = referenceRead(value);
			if (!read) return undefined;
			entries.push([key, read]);
		} else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
			entries.push([key, value]);
		} else {
			return undefined;
		}
	}
	return (json) => {
		const result: IDataObject = {};
		for (const [key, entry] of entries) {
			const value = typeof entry === 'function' ? entry(json) : entry;
			if (value === ASK_N8N) return ASK_N8N;
			result[key] = value;
		}
		return result;
	};
}

/** A per-item reader for the parameter, or undefined when n8n must evaluate it for every item. */
export function fieldReferenceReader(
	ctx: IExecuteFunctions,
	name: string,
	fallback: unknown,
): ((itemIndex: number) => unknown) | undefined {
	const raw = ctx.getNode().parameters[name];
	const read = isExpression(raw) ? referenceRead(raw) : collectionRead(raw);
	if (read === undefined) return undefined;
	// `$json` is the current item of the node's first input, as getInputData() gives it.
	const items = ctx.getInputData();
	return (itemIndex) => {
		const value = read(items[itemIndex]?.json);
		return value === ASK_N8N ? ctx.getNodeParameter(name, itemIndex, fallback) : value;
	};
}

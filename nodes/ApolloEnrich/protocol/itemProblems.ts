/**
 * Why an input item cannot be sent, in the words of the field the user fills in; and the one way
 * every resource's check reads its fields. Pure.
 *
 * A check returns its problem (it never throws), so the node can report every bad item before
 * the first billable call, or set bad items aside under Continue On Fail.
 */

export interface ItemProblem {
	/** The field's label as the user sees it in the node. */
	field: string;
	message: string;
	hint: string;
}

/** `group`: items of one group can share a call (the same flags); absent when all can. */
export type BuildResult<D> = { ok: true; details: D; group?: string } | { ok: false; problem: ItemProblem };

export function problem<D>(field: string, message: string, hint: string): BuildResult<D> {
	return { ok: false, problem: { field, message, hint } };
}

/**
 * Each field's value as trimmed text; '' when empty. Expressions can yield numbers, null or
 * objects, and only text-like values make sense as identifiers, so a list or an object is a
 * problem naming the field.
 */
export function fieldTexts<F extends string>(
	input: Partial<Record<F, unknown>>,
	labels: Record<F, string>,
): { ok: true; text: Record<F, string> } | { ok: false; problem: ItemProblem } {
	const text = {} as Record<F, string>;
	for (const field of Object.keys(labels) as F[]) {
		const value = input[field];
		if (value === undefined || value === null) text[field] = '';
		else if (typeof value === 'string') text[field] = value.trim();
		else if (typeof value === 'number' || typeof value === 'boolean') text[field] = String(value);
		else {
			const label = labels[field];
			const kind = Array.isArray(value) ? 'a list' : 'an object';
			return {
				ok: false,
				problem: {
					field: label,
					message: `${label} must be text, but the value is ${kind}`,
					hint: `Map a single text value into ${label}, for example {{ $json.${field} }}.`,
				},
			};
		}
	}
	return { ok: true, text };
}

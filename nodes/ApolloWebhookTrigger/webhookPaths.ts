/**
 * The trigger's webhook paths: each an expression for the editor (which shows the URL) made from
 * a plain function of the node's parameters, which n8n 2.41 and later runs instead of its
 * expression engine (the pattern of n8n-workflow's `fromFunction`).
 *
 * Why: n8n 2.x evaluates a trigger's webhook description for every request, and under its
 * default `vm` engine each expression runs in a V8 isolate built afresh for the request; in a real
 * n8n 2.41.1 those evaluations cost more CPU than the trigger's own work on a delivery
 * (BENCHMARKS.md, "Real n8n: trigger"). n8n resolves a field without the engine when the
 * description carries a resolver for it under Symbol.for('n8n.webhookDescriptionResolvers')
 * whose template is the field's exact text, and the node's parameters hold no expression
 * (n8n-workflow's resolveWebhookDescriptionField). Older n8n ignores the symbol.
 *
 * The functions are inlined into the templates as source, so they must not use anything from
 * outside themselves (not even WEBHOOK_PATH).
 */
import type { INodeParameters, IWebhookDescription, NativeParameterResolvers, WEBHOOK_RESOLVERS } from 'n8n-workflow';

export const WEBHOOK_PATH = 'apollo';

const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers') as typeof WEBHOOK_RESOLVERS;

type PathOf = (parameters: INodeParameters) => string;

/**
 * A secret as one path segment that n8n's decoding of the request path leaves as it is, so the
 * path can be a plain one: percent-encoded, then `%` written as `~` (and `:`, which would make
 * n8n read the segment as a parameter, as `~3A`). Letters, digits, `-`, `_`, `.` and `~` stay as
 * they are. (Inlined in the paths below, which cannot call it.)
 */
export function secretSegment(secret: string): string {
	return encodeURIComponent(secret).split('%').join('~').split(':').join('~3A');
}

/** The URL the editor shows: …/apollo/<secret>. */
export function secretPathOf(parameters: INodeParameters): string {
	if (parameters.verification === 'none') return 'apollo/open';
	const secret = String(parameters.secret || 'no-secret-set');
	return 'apollo/' + encodeURIComponent(secret).split('%').join('~').split(':').join('~3A');
}

/**
 * …/apollo/<previous secret> while a change of secret is under way, so the URLs Apollo Enrich
 * nodes still use keep working. Without one (or with the current one), a path no secret can
 * take: a secret is one segment, this has two.
 */
export function previousSecretPathOf(parameters: INodeParameters): string {
	const segment = (text: string) => encodeURIComponent(text).split('%').join('~').split(':').join('~3A');
	const options = (parameters.options || {}) as INodeParameters;
	const previous = String(options.previousSecret || '');
	const current = parameters.verification === 'none' ? 'open' : String(parameters.secret || 'no-secret-set');
	if (previous === '' || segment(previous) === segment(current)) return 'apollo/previous/none';
	return 'apollo/' + segment(previous);
}

/** The expression the editor evaluates: the function's own source, applied to $parameter. */
export function templateOf(pathOf: PathOf): string {
	return `={{(${String(pathOf)})($parameter)}}`;
}

/** A webhook whose path is `pathOf(parameters)`, for the editor and for n8n's backend alike. */
export function pathFields(pathOf: PathOf): Pick<IWebhookDescription, 'path' | typeof WEBHOOK_RESOLVERS> {
	const template = templateOf(pathOf);
	const resolvers: NativeParameterResolvers = { path: { template, resolve: pathOf } };
	return { path: template, [RESOLVERS]: resolvers };
}

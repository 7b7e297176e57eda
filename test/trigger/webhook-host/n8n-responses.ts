import { getHtmlSandboxCSP, isWebhookHtmlSandboxingDisabled } from 'n8n-core';
import { NodeApiError } from 'n8n-workflow';

import type { ShimResponse } from './express-shim';

// How n8n's CLI turns webhook outcomes into HTTP answers, copied from packages/cli/src:
// errors/response-errors/*, response-helper.ts (sendErrorResponse), webhooks/webhook-responder.ts
// and webhooks/webhook-request-handler.ts (sendLegacyResponse / sendStaticResponse).

/** n8n's `ResponseError`: an error that carries its own HTTP status, code and hint. */
export class ResponseError extends Error {
	constructor(
		message: string,
		readonly httpStatusCode: number,
		readonly errorCode: number = httpStatusCode,
		readonly hint?: string,
	) {
		super(message);
	}
}

const PRODUCTION_HINT =
	'The workflow must be active for a production URL to run successfully. You can activate the ' +
	'workflow using the toggle in the top-right of the editor. Note that unlike test URL calls, ' +
	"production URL calls aren't shown on the canvas (only in the executions list)";
const TEST_HINT =
	"Click the 'Execute workflow' button on the canvas, then try again. (In test mode, the " +
	'webhook only works for one call after you click this button)';

/** n8n's `WebhookNotFoundError`, message and hint word for word. */
export class WebhookNotFoundError extends ResponseError {
	constructor(
		details: { path: string; httpMethod?: string; webhookMethods?: string[] },
		{ hint }: { hint: 'default' | 'production' } = { hint: 'default' },
	) {
		const { path, httpMethod } = details;
		const methods = [...(details.webhookMethods ?? [])];
		const webhookPath = httpMethod ? `${httpMethod} ${path}` : path;
		let message = `The requested webhook "${webhookPath}" is not registered.`;
		if (methods.length && httpMethod) {
			const last = methods.pop();
			const list = methods.length ? `${methods.join(', ')} or ${last}` : String(last);
			message =
				`This webhook is not registered for ${httpMethod} requests. ` +
				`Did you mean to make a ${list} request?`;
		}
		const hintText = details.webhookMethods?.length
			? ''
			: hint === 'default'
				? TEST_HINT
				: PRODUCTION_HINT;
		super(message, 404, 404, hintText || undefined);
	}
}

/** What n8n's body parser throws for a body it cannot parse (HTTP 422). */
export class UnprocessableRequestError extends ResponseError {
	constructor(message: string, hint?: string) {
		super(message, 422, 422, hint);
	}
}

/** The shape the CLI passes to a webhook response callback in the legacy style. */
export interface LegacyResponseData {
	data?: unknown;
	responseCode?: number;
	headers?: Record<string, string>;
	noWebhookResponse?: boolean;
}

/** The "modern" `WebhookStaticResponse` (createStaticResponse in webhook-response.ts). */
export interface StaticResponse {
	kind: 'static';
	body: unknown;
	code?: number;
}

export type CallbackData = LegacyResponseData | StaticResponse;
export type ResponseCallback = (error: Error | null, data: CallbackData) => void;

export function isStaticResponse(data: CallbackData): data is StaticResponse {
	return (data as StaticResponse).kind === 'static';
}

/** n8n's WebhookResponder: a request gets exactly one answer, and it tracks whether it has. */
export class WebhookResponder {
	private responded = false;

	constructor(private readonly sendResponse: ResponseCallback) {}

	get hasResponded(): boolean {
		return this.responded;
	}

	respondWith(data: LegacyResponseData | StaticResponse): void {
		this.sendResponse(null, data);
		this.responded = true;
	}

	respondWithNoResponse(): void {
		this.sendResponse(null, { noWebhookResponse: true });
		this.responded = true;
	}

	respondWithError(error: Error): void {
		this.sendResponse(error, {});
		this.responded = true;
	}
}

/** ResponseHelper.sendErrorResponse: `{code, message, hint?}`; plain errors are 500 / code 0. */
export function sendErrorResponse(res: ShimResponse, error: Error): void {
	let httpStatusCode = 500;
	const response: { code: number; message: string; hint?: string } = {
		code: 0,
		message: error.message ?? 'Unknown error',
	};
	if (error instanceof ResponseError) {
		httpStatusCode = error.httpStatusCode;
		if (error.errorCode) response.code = error.errorCode;
		if (error.hint) response.hint = error.hint;
	}
	if (error instanceof NodeApiError) Object.assign(response, error);
	res.status(httpStatusCode).json(response);
}

/** WebhookRequestHandler.sendLegacyResponse with `raw = true`, as the handler calls it. */
export function sendLegacyResponse(res: ShimResponse, response: LegacyResponseData): void {
	if (response.responseCode !== undefined) res.status(response.responseCode);
	if (response.headers) {
		res.set(response.headers);
		applySandboxCsp(res);
	}
	if (typeof response.data === 'string') res.send(response.data);
	else res.json(response.data);
}

/** WebhookRequestHandler.sendStaticResponse. */
export function sendStaticResponse(res: ShimResponse, response: StaticResponse): void {
	if (response.code !== undefined) res.status(response.code);
	applySandboxCsp(res);
	if (typeof response.body === 'string') res.send(response.body);
	else res.json(response.body);
}

function applySandboxCsp(res: ShimResponse): void {
	if (!isWebhookHtmlSandboxingDisabled()) {
		res.setHeader('Content-Security-Policy', getHtmlSandboxCSP());
	}
}

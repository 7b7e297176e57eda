import { WebhookContext } from 'n8n-core';
import type {
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { jsonParse, Node, NodeHelpers, OperationalError, UnexpectedError } from 'n8n-workflow';

import type { ShimRequest } from './express-shim';
import type { ResponseCallback } from './n8n-responses';
import { ResponseError, UnprocessableRequestError, WebhookResponder } from './n8n-responses';
import type { TimelineEventName } from './types';

// A trimmed copy of `executeWebhook` in n8n's packages/cli/src/webhooks/webhook-helpers.ts and of
// `WebhookService.getNodeWebhooks` / `runWebhook`, kept in the same order of steps so the host
// answers, persists and starts runs exactly when n8n does. Only `responseMode: 'onReceived'` is
// implemented (the Apollo trigger's mode); engine v2, forms, chat, MCP and binary are left out.

/** What the host provides to one webhook call. */
export interface WebhookCallHooks {
	note(event: TimelineEventName): void;
	/**
	 * n8n's `WorkflowRunner.run`: resolves with the execution id once the run has *started*.
	 * `webhookError` is set when webhook() threw, which n8n records as an error execution.
	 */
	startExecution(workflowData: INodeExecutionData[][], webhookError?: Error): Promise<string>;
}

/** WebhookService.getNodeWebhooks: resolves path, method and full path like n8n registers them. */
export function getNodeWebhooks(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
): IWebhookData[] {
	if (node.disabled === true) return [];
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const workflowId = workflow.id || '__UNSAVED__';
	const result: IWebhookData[] = [];
	for (const webhookDescription of nodeType.description.webhooks ?? []) {
		const evaluate = (value: unknown, fallback?: boolean | string) =>
			workflow.expression.getSimpleParameterValue(
				node,
				value as string | boolean | undefined,
				'internal',
				{},
				undefined,
				fallback,
			);
		let nodePath = evaluate(webhookDescription.path);
		if (nodePath === undefined) continue;
		nodePath = String(nodePath).replace(/^\//, '').replace(/\/$/, '');
		const isFullPath = evaluate(webhookDescription.isFullPath, false) as boolean;
		const restartWebhook = evaluate(webhookDescription.restartWebhook, false) as boolean;
		const path = NodeHelpers.getNodeWebhookPath(
			workflowId,
			node,
			nodePath,
			isFullPath,
			restartWebhook,
		);
		const methods = evaluate(webhookDescription.httpMethod, 'GET');
		if (methods === undefined) continue;
		for (const method of String(methods).split(',')) {
			if (!method) continue;
			result.push({
				httpMethod: method.trim() as IHttpRequestMethods,
				node: node.name,
				path,
				webhookDescription,
				workflowId,
				workflowExecuteAdditionalData: additionalData,
				webhookId:
					(path.startsWith(':') || path.includes('/:')) && node.webhookId
						? node.webhookId
						: undefined,
			});
		}
	}
	return result;
}

function isParsableContentType(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

/**
 * parseRequestBody + middlewares/body-parser.ts `parseBody`. Note the exact comparison with
 * 'application/json': `application/vnd.api+json` bodies stay unparsed, as in n8n. XML would need
 * xml2js, which is not installed: such bodies are left unparsed (an approximation).
 */
async function parseRequestBody(
	req: ShimRequest,
	node: INode,
	workflow: Workflow,
	mode: WorkflowExecuteMode,
) {
	if (node.typeVersion === 1) {
		// n8n skips parsing when a v1 node has the (Webhook node's) `options.binaryData` switch on.
		const binaryData = workflow.expression.getSimpleParameterValue(
			node,
			'={{$parameter["options"]["binaryData"]}}',
			mode,
			{},
			undefined,
			false,
		);
		if (binaryData) return;
	} else if (!isParsableContentType(req.contentType)) {
		return;
	}
	if (req.contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	const { rawBody } = req;
	if (!rawBody?.length) return;
	try {
		const text = rawBody.toString(req.encoding);
		if (req.contentType === 'application/json') req.body = jsonParse(text);
		else if (req.contentType === 'application/x-www-form-urlencoded') {
			req.body = Object.fromEntries(new URLSearchParams(text));
		} else if (req.contentType === 'text/plain') req.body = text;
	} catch (error) {
		throw new UnprocessableRequestError('Failed to parse request body', (error as Error).message);
	}
}

function evaluateDescription(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	mode: WorkflowExecuteMode,
) {
	const simple = (key: keyof IWebhookDescription, fallback?: string | number) =>
		workflow.expression.getSimpleParameterValue(
			node,
			description[key] as string | undefined,
			mode,
			{},
			undefined,
			fallback,
		);
	const responseData = workflow.expression.getComplexParameterValue(
		node,
		description.responseData as string | undefined,
		mode,
		{},
		undefined,
		'firstEntryJson',
	);
	return {
		responseMode: simple('responseMode', 'onReceived') as string,
		responseCode: simple('responseCode', 200) as number,
		responseData,
	};
}

/**
 * extractWebhookOnReceivedResponse: the body of an `onReceived` answer when a run starts.
 * Faithful to a quirk of n8n's code: `responseData` is evaluated with the default
 * 'firstEntryJson', so a node whose webhook description does not declare `responseData` gets
 * the text body "firstEntryJson" (and its `webhookResponse` is ignored). The Webhook node avoids
 * it by declaring `responseData: '={{$parameter["responseData"]}}'`, which evaluates to nothing.
 */
function onReceivedBody(responseData: unknown, result: IWebhookResponseData): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (result.webhookResponse !== undefined) return result.webhookResponse as unknown;
	return { message: 'Workflow was started' };
}

/** WebhookService.runWebhook: n8n-core's own WebhookContext, node called with it as `this`. */
async function runWebhook(
	workflow: Workflow,
	webhookData: IWebhookData,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
): Promise<IWebhookResponseData> {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (nodeType.webhook === undefined) {
		throw new UnexpectedError('Node does not have any webhooks defined');
	}
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	return nodeType instanceof Node
		? await nodeType.webhook(context)
		: ((await nodeType.webhook.call(context)) as IWebhookResponseData);
}

/**
 * The body of webhook-helpers `executeWebhook` for `onReceived`: parse the body, call webhook(),
 * answer a call that starts no run at once, otherwise start the run and then answer. The answer
 * goes through `callback`, where the live-webhook manager saves static data before the HTTP
 * response is written. Resolves with the execution id, or undefined when no run started.
 */
export async function executeWebhook(args: {
	workflow: Workflow;
	webhookData: IWebhookData;
	startNode: INode;
	mode: WorkflowExecuteMode;
	req: ShimRequest;
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: WebhookCallHooks;
	callback: ResponseCallback;
}): Promise<string | undefined> {
	const { workflow, webhookData, startNode, mode, req, additionalData, hooks } = args;
	const responder = new WebhookResponder(args.callback);
	const { responseMode, responseCode, responseData } = evaluateDescription(
		workflow,
		startNode,
		webhookData.webhookDescription,
		mode,
	);
	if (responseMode !== 'onReceived') {
		const message = `[webhook-host] responseMode "${responseMode}" is not implemented by the host`;
		responder.respondWithError(new UnexpectedError(message));
		return undefined;
	}
	try {
		await parseRequestBody(req, startNode, workflow, mode);
		let result: IWebhookResponseData;
		let webhookError: Error | undefined;
		try {
			hooks.note('webhook-called');
			result = await runWebhook(workflow, webhookData, startNode, additionalData, mode);
			hooks.note('webhook-returned');
		} catch (error) {
			hooks.note('webhook-threw');
			webhookError = error instanceof Error ? error : new Error(String(error));
			// n8n hides the cause from the caller and still starts a run that records the error.
			const message = 'Workflow Webhook Error: Workflow could not be started!';
			responder.respondWithError(new UnexpectedError(message));
			result = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}

		// handleImmediateWebhookResponse
		if (result.noWebhookResponse === true && !responder.hasResponded) {
			responder.respondWithNoResponse();
		}
		if (result.workflowData === undefined) {
			if (!responder.hasResponded) {
				responder.respondWith({
					data:
						result.webhookResponse !== undefined
							? (result.webhookResponse as unknown)
							: { message: 'Webhook call received' },
					responseCode,
				});
			}
			return undefined;
		}

		// onReceived answers only after the run has started, so `$execution.id` can be used.
		const deferResponse = !responder.hasResponded;
		const executionId = await hooks.startExecution(result.workflowData, webhookError);
		if (deferResponse) {
			const body = onReceivedBody(responseData, result);
			responder.respondWith({ kind: 'static', body, code: responseCode });
		}
		return executionId;
	} catch (error) {
		const cause = error instanceof Error ? error : new Error(String(error));
		const responseError =
			cause instanceof ResponseError && cause.httpStatusCode < 500
				? cause
				: new OperationalError('There was a problem executing the workflow', { cause });
		// n8n rethrows here into a promise nobody awaits; the caller already has its answer.
		if (!responder.hasResponded) responder.respondWithError(responseError);
		return undefined;
	}
}

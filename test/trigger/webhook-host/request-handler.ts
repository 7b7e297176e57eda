import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ShimRequest, ShimResponse } from './express-shim';
import { decodeBody, shimRequest, shimResponse } from './express-shim';
import type { CallbackData } from './n8n-responses';
import {
	isStaticResponse,
	sendErrorResponse,
	sendLegacyResponse,
	sendStaticResponse,
	UnprocessableRequestError,
} from './n8n-responses';
import type { TimelineEventName, WebhookHostMode, WebhookResponseLog } from './types';

/** n8n's `IWebhookManager`: LiveWebhooks for `/webhook/`, TestWebhooks for `/webhook-test/`. */
export interface WebhookManager {
	executeWebhook(req: ShimRequest, res: ShimResponse, seq: number): Promise<CallbackData>;
}

const WEBHOOK_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
const PREFIXES: Record<WebhookHostMode, string> = {
	production: '/webhook/',
	test: '/webhook-test/',
};

export interface RequestHandlerDeps {
	managers: Record<WebhookHostMode, WebhookManager>;
	responses: WebhookResponseLog[];
	note(seq: number, event: TimelineEventName): void;
	executionIdOf(seq: number): string | undefined;
}

/**
 * n8n's webhook server for one request: express routes `/webhook/:path(*)` and
 * `/webhook-test/:path(*)` to `createWebhookHandlerFor(manager)`, whose WebhookRequestHandler
 * checks the method, asks the manager to execute the webhook and turns the outcome (or the
 * thrown error) into the HTTP answer. Everything the caller receives is logged.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
	let seq = 0;
	return async (raw: IncomingMessage, rawRes: ServerResponse): Promise<void> => {
		const requestSeq = ++seq;
		const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
		const req = shimRequest(raw, url.pathname, url.searchParams);
		const res = shimResponse(rawRes, req);
		const entry: WebhookResponseLog = {
			seq: requestSeq,
			method: req.method,
			path: url.pathname,
			query: req.query,
			status: 0,
			body: undefined,
			headers: {},
			answeredBy: 'node',
			at: 0,
		};
		deps.note(requestSeq, 'received');
		// Logged on 'finish' (all bytes handed to the socket), so the entry exists before the
		// caller can have read the answer; 'close' without 'finish' means no answer at all.
		const log = (status: number) => {
			entry.status = status;
			entry.body = decodeBody(res);
			entry.headers = rawRes.getHeaders();
			entry.executionId = deps.executionIdOf(requestSeq);
			entry.at = Date.now();
			deps.responses.push(entry);
		};
		rawRes.once('finish', () => {
			deps.note(requestSeq, 'response-sent');
			log(rawRes.statusCode);
		});
		rawRes.once('close', () => {
			if (!rawRes.writableFinished) log(0);
		});
		// Marks answers written by the host (n8n's handler), as opposed to the node itself.
		const answer = (write: () => void) => {
			entry.answeredBy = 'host';
			write();
		};

		try {
			if (req.method !== 'OPTIONS' && !WEBHOOK_METHODS.includes(req.method)) {
				const error = new Error(`The method ${req.method} is not supported.`);
				answer(() => sendErrorResponse(res, error));
				return;
			}
			const mode = (Object.keys(PREFIXES) as WebhookHostMode[]).find((m) =>
				url.pathname.startsWith(PREFIXES[m]),
			);
			if (!mode) {
				// Outside the webhook routes n8n serves its editor; express's own 404 stands in.
				const text = `Cannot ${req.method} ${url.pathname}`;
				answer(() => res.status(404).type('text/html; charset=utf-8').send(text));
				return;
			}
			if (req.method === 'OPTIONS') {
				answer(() => res.status(204).json({}));
				return;
			}
			// express decodes `:path(*)`; LiveWebhooks/TestWebhooks drop one trailing slash.
			req.params = { path: decodeURIComponent(url.pathname.slice(PREFIXES[mode].length)) };
			const response = await deps.managers[mode].executeWebhook(req, res, requestSeq);
			if (isStaticResponse(response)) answer(() => sendStaticResponse(res, response));
			else if (response.noWebhookResponse !== true) {
				answer(() => sendLegacyResponse(res, response));
			}
		} catch (error) {
			const cause = error instanceof Error ? error : new Error(String(error));
			if (cause instanceof UnprocessableRequestError) entry.bodyParseError = cause.hint;
			if (!res.headersSent) answer(() => sendErrorResponse(res, cause));
			else if (!res.writableEnded) res.end();
		}
	};
}

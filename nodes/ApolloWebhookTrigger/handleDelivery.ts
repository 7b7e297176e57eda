/**
 * The webhook handler's wiring: secret, body, dedupe, items. The decisions themselves live in
 * protocol/ and are tested without n8n.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readDelivery } from '../shared/apollo/deliveries';
import { parseApolloJson, requestIdOf } from '../shared/apollo/json';
import {
	DEFAULT_MAX_KEYS,
	DEFAULT_WINDOW_HOURS,
	dedupeKeyOf,
	readStoredKeys,
	storageDigest,
	type DedupeKeyMode,
	type DedupeSettings,
	type StoredKeys,
} from './protocol/dedupe';
import { checkDeliveryBody } from './protocol/deliveryBody';
import { buildOutputItems, type OutputMode } from './protocol/outputItems';
import { packedHas } from './protocol/packedKeys';
import { recentKeysFor, type RecentKeys } from './protocol/recentKeys';
import { checkSecret } from './protocol/secret';
import { DEFAULT_SECRET_HEADER, SECRET_QUERY_PARAMETER } from './properties';
import { secretSegment, WEBHOOK_PATH } from './webhookPaths';

function reject(ctx: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ error: reason });
	return { noWebhookResponse: true };
}

function settingsOf(options: IDataObject): DedupeSettings {
	const hours = typeof options.dedupeWindowHours === 'number' ? options.dedupeWindowHours : DEFAULT_WINDOW_HOURS;
	const maxKeys = typeof options.maxKeys === 'number' ? options.maxKeys : DEFAULT_MAX_KEYS;
	return {
		mode: (options.dedupeKey as DedupeKeyMode | undefined) ?? 'requestIdAndPayload',
		field: typeof options.dedupeField === 'string' ? options.dedupeField : 'request_id',
		windowMs: Math.max(1, hours) * 3_600_000,
		maxKeys: Math.max(100, Math.floor(maxKeys)),
	};
}

/**
 * The secret the URL carries: the segment after `/apollo/` (the URL the node shows), or else
 * `?secret=`. Read from the URL itself, so whichever of the node's paths n8n matched, the node
 * makes the comparison, in constant time. Decoded, since a client may percent-encode what it sends.
 */
function secretInUrl(ctx: IWebhookFunctions): string | undefined {
	const request = ctx.getRequestObject() as { originalUrl?: string; url?: string };
	const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://n8n.invalid');
	const segments = url.pathname.split('/');
	if (segments.length >= 2 && segments[segments.length - 2] === WEBHOOK_PATH && segments[segments.length - 1] !== '') {
		const segment = segments[segments.length - 1];
		try {
			return decodeURIComponent(segment);
		} catch {
			return segment;
		}
	}
	const fromQuery = (ctx.getQueryData() as IDataObject)[SECRET_QUERY_PARAMETER];
	return typeof fromQuery === 'string' ? fromQuery : undefined;
}

function verify(ctx: IWebhookFunctions, options: IDataObject): IWebhookResponseData | undefined {
	if (ctx.getNodeParameter('verification', 'secret') !== 'secret') return undefined;
	const expected = String(ctx.getNodeParameter('secret', ''));
	if (expected === '') {
		return reject(ctx, 500, 'The trigger has no secret configured; set one in the node');
	}
	const secrets = [expected];
	if (typeof options.previousSecret === 'string' && options.previousSecret !== '') secrets.push(options.previousSecret);
	// As typed (?secret=, header) or as the URL's path carries it (see webhookPaths.ts).
	const accepted = [...new Set(secrets.flatMap((secret) => [secret, secretSegment(secret)]))];
	const candidates = [secretInUrl(ctx)];
	if (options.acceptSecretHeader === true) {
		const name = (typeof options.headerName === 'string' ? options.headerName : DEFAULT_SECRET_HEADER).toLowerCase();
		const fromHeader = ctx.getHeaderData()[name];
		candidates.push(typeof fromHeader === 'string' ? fromHeader : undefined);
	}
	const check = checkSecret(candidates, accepted);
	return check.ok ? undefined : reject(ctx, check.status, check.reason);
}

/** n8n has already parsed the body; a 64-bit request_id may have lost digits on the way. */
function exactRequestId(ctx: IWebhookFunctions, body: IDataObject): string | null {
	const parsed = body.request_id;
	if (typeof parsed !== 'number' || Number.isSafeInteger(parsed)) return requestIdOf(body);
	const raw = (ctx.getRequestObject() as { rawBody?: Buffer }).rawBody;
	if (raw === undefined) return null;
	try {
		return requestIdOf(parseApolloJson(raw.toString('utf8')));
	} catch {
		return null;
	}
}

/** Any write through n8n's observable static data sets the flag that makes n8n save it. */
function writeState(staticData: IDataObject, memory: RecentKeys): void {
	staticData.dedupe = memory.snapshot(Date.now()) as unknown as IDataObject;
}

/** A test event only reads: the memory, or a stored state written elsewhere. */
function seenByTestEvent(memory: RecentKeys, stored: StoredKeys, digest: string, now: number, settings: DedupeSettings): boolean {
	if (memory.has(digest, now)) return true;
	const nowSeconds = Math.floor(now / 1000);
	const windowSeconds = Math.floor(settings.windowMs / 1000);
	if (stored.legacy) return stored.legacy.some((entry) => entry.digest === digest && nowSeconds - entry.at < windowSeconds);
	return packedHas(stored.keys, digest, nowSeconds, windowSeconds);
}

/**
 * Returns `result` with an answer that re-marks the state as changed whenever n8n reads it.
 *
 * n8n saves a webhook's static data after the call, only if its "changed" flag is set. n8n 1.x
 * checks the flag before it starts the run. n8n 2.x (checked on 2.41.1) starts the run first, and
 * `WorkflowRunner.run` begins by wrapping the same static-data object in another Workflow,
 * which redefines the flag as false: the new key would never be saved, and a restart would let
 * Apollo's retries of the delivery run again. n8n 2.x reads the answer (`webhookResponse`) after
 * starting the run and right before that check, so reading it re-marks the state, written afresh
 * with the keys other requests accepted meanwhile. Tested through n8n 2.41.1 and 1.123.
 */
function answerMarkingStateChanged(
	result: IWebhookResponseData,
	answer: IDataObject,
	remark: () => void,
): IWebhookResponseData {
	Object.defineProperty(result, 'webhookResponse', {
		enumerable: true,
		get: () => {
			remark();
			return answer;
		},
	});
	return result;
}

export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const refused = verify(ctx, options);
	if (refused) return refused;

	const contentType = String(ctx.getHeaderData()['content-type'] ?? '');
	if (!/json/i.test(contentType)) {
		return reject(ctx, 415, 'Send the delivery as JSON (content-type: application/json)');
	}
	const check = checkDeliveryBody(ctx.getBodyData());
	if (!check.ok) return reject(ctx, check.status, check.reason);

	const body = check.body;
	const settings = settingsOf(options);
	const requestId = exactRequestId(ctx, body as IDataObject);
	const key = dedupeKeyOf(body, requestId, settings);
	if (!key.ok) return reject(ctx, 400, key.reason);

	const now = Date.now();
	const digest = storageDigest(key.key);
	const isTestEvent = ctx.getMode() === 'manual';
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = readStoredKeys(staticData);
	const memory = recentKeysFor(`${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`, settings.windowMs, settings.maxKeys);

	// Check and record with no await in between: concurrent retries in this process cannot both pass.
	let duplicate: boolean;
	if (isTestEvent) {
		duplicate = seenByTestEvent(memory, stored, digest, now, settings);
	} else {
		memory.absorb(stored, now);
		duplicate = memory.has(digest, now);
		if (!duplicate) memory.add(digest, now);
		// A new key, or a stored state that lacks keys this process has: write the whole memory.
		if (!memory.isCurrentIn(stored)) writeState(staticData, memory);
	}
	if (duplicate && !isTestEvent && options.duplicateHandling !== 'emitFlagged') {
		return { webhookResponse: { received: true, duplicate: true, dedupeKey: key.key } };
	}

	// Only deliveries that start a run are read in full; a duplicate costs just the decision.
	const delivery = { ...readDelivery(body), requestId };
	const mode = (ctx.getNodeParameter('output', 'perPerson') as OutputMode) ?? 'perPerson';
	const items = buildOutputItems(delivery, body, mode, {
		dedupeKey: key.key,
		receivedAt: new Date(now).toISOString(),
		duplicate,
		type: delivery.type,
		requestId: delivery.requestId,
		peopleCount: delivery.people.length,
	});
	const result: IWebhookResponseData = { workflowData: [ctx.helpers.returnJsonArray(items as IDataObject[])] };
	const answer = { received: true, duplicate, dedupeKey: key.key };
	if (isTestEvent) return { ...result, webhookResponse: answer };
	return answerMarkingStateChanged(result, answer, () => writeState(staticData, memory));
}

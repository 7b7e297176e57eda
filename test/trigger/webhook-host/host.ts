import '../../harness/env';

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IDataObject,
	INode,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { deepCopy, Workflow } from 'n8n-workflow';

import type { LoadedPackage } from '../../harness';
import {
	buildAdditionalData,
	HarnessCredentialsHelper,
	HarnessCredentialTypes,
	HarnessNodeTypes,
	loadPackage,
	MANUAL_TRIGGER_NODE_TYPE,
	NO_OP_NODE_TYPE,
} from '../../harness';
import { executeWebhook, getNodeWebhooks } from './execute-webhook';
import { ExecutionStarter } from './executions';
import type { ShimRequest, ShimResponse } from './express-shim';
import type { CallbackData } from './n8n-responses';
import { WebhookNotFoundError } from './n8n-responses';
import type { WebhookManager } from './request-handler';
import { createRequestHandler } from './request-handler';
import { InMemoryStaticDataStore, ObservedStaticDataStore } from './static-data-store';
import type {
	TimelineEvent,
	TimelineEventName,
	WebhookExecution,
	WebhookHost,
	WebhookHostMode,
	WebhookHostOptions,
	WebhookResponseLog,
} from './types';

const STAND_IN_TYPES = new Set([MANUAL_TRIGGER_NODE_TYPE, NO_OP_NODE_TYPE]);

function withQuery(base: string, query?: string | Record<string, string>): string {
	if (query === undefined) return base;
	const text = typeof query === 'string' ? query.replace(/^\?/, '') : new URLSearchParams(query);
	return `${base}?${text.toString()}`;
}

/**
 * Starts an HTTP server on 127.0.0.1 that serves one trigger node the way n8n's webhook server
 * does: per request it reads static data fresh from `store`, builds a new `Workflow`, runs the
 * node's webhook() with n8n-core's own WebhookContext, answers as n8n does for `onReceived`,
 * and (production only) overwrites the stored static data when it changed, before the answer is
 * written, exactly where n8n's LiveWebhooks response callback does it. By default it follows
 * n8n 2.x, whose run start clears the changed flag first (see `n8nMajor`).
 */
export async function startWebhookHost(options: WebhookHostOptions): Promise<WebhookHost> {
	const mode: WebhookHostMode = options.mode ?? 'production';
	const n8nMajor = options.n8nMajor ?? 2;
	const allNodes: INode[] = [options.node, ...(options.downstreamNodes ?? [])];
	const extra = options.extraNodeTypes ?? {};
	const needsPackage = allNodes.some((n) => !(n.type in extra) && !STAND_IN_TYPES.has(n.type));
	const packages: LoadedPackage[] = needsPackage ? [await loadPackage(options.packageDir)] : [];
	const nodeTypes = new HarnessNodeTypes(packages, extra);
	const credentialTypes = new HarnessCredentialTypes(packages, options.extraCredentialTypes);
	const credentialsHelper = new HarnessCredentialsHelper(
		credentialTypes,
		deepCopy(options.credentials ?? {}),
	);
	const backingStore = options.store ?? new InMemoryStaticDataStore();
	const store = new ObservedStaticDataStore(backingStore, options.storeLatencyMs ?? 0);
	const workflowId = options.workflowId ?? 'webhook-host-workflow';
	const workflowName = options.workflowName ?? 'Webhook host workflow';
	const connections = options.connections ?? {};

	const executions: WebhookExecution[] = [];
	const responses: WebhookResponseLog[] = [];
	const timeline: TimelineEvent[] = [];
	const inFlight = new Set<Promise<unknown>>();
	const executionBySeq = new Map<number, string>();
	let baseUrl = 'http://127.0.0.1:0';

	const note = (seq: number, event: TimelineEventName) => {
		timeline.push({ seq, event, at: Date.now() });
	};
	const track = (work: Promise<unknown>) => {
		const settled = work.catch(() => undefined).finally(() => inFlight.delete(settled));
		inFlight.add(settled);
	};
	// n8n builds a new Workflow per request from the row it just read: node parameters get
	// their defaults again and staticData is wrapped in a fresh ObservableObject.
	const buildWorkflow = (staticData: IDataObject) =>
		new Workflow({
			id: workflowId,
			name: workflowName,
			nodes: deepCopy(allNodes),
			connections: deepCopy(connections),
			active: mode === 'production',
			nodeTypes,
			staticData,
			settings: {},
		});
	const additionalDataFor = (extraData: Partial<IWorkflowExecuteAdditionalData> = {}) => {
		const data = buildAdditionalData({ credentialsHelper });
		Object.assign(data, {
			instanceBaseUrl: `${baseUrl}/`,
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			...extraData,
		});
		return data;
	};
	const starter = new ExecutionStarter({
		store,
		executions,
		workflow: { id: workflowId, name: workflowName, nodes: allNodes, connections },
		buildWorkflow,
		buildAdditionalData: additionalDataFor,
		note,
		track,
	});

	// What n8n registers (webhook_entity rows / test registrations) for the trigger node.
	const registered: IWebhookData[] = getNodeWebhooks(
		buildWorkflow({}),
		options.node,
		additionalDataFor(),
	);
	if (registered.length === 0) {
		throw new Error(`[webhook-host] Node "${options.node.name}" registers no webhooks`);
	}
	const webhookPath = registered[0].path;
	const methodsFor = (path: string) =>
		registered.filter((w) => w.path === path).map((w) => w.httpMethod);
	// Like n8n's WebhookService.findWebhook: an exact path first, then a dynamic one. n8n stores
	// a path with `:name` segments as the node computed it, and matches a request
	// `<webhookId>/<rest>` against it when the rest has as many segments as the stored path and
	// holds all its static segments; LiveWebhooks then puts the `:name` values into req.params.
	// (So a dynamic path that is not `isFullPath` already contains the webhook id and never matches.)
	const find = (req: ShimRequest) => {
		const path = req.params.path.replace(/\/$/, '');
		const exact = registered.find((w) => w.httpMethod === req.method && w.path === path);
		if (exact) return { path, webhook: exact };
		const [webhookId, ...rest] = path.split('/');
		for (const candidate of registered) {
			const template = candidate.path.split('/');
			if (candidate.httpMethod !== req.method || !candidate.path.includes(':')) continue;
			if (webhookId !== options.node.webhookId || template.length !== rest.length) continue;
			if (!template.every((part) => part.startsWith(':') || rest.includes(part))) continue;
			template.forEach((part, index) => {
				if (part.startsWith(':')) req.params[part.slice(1)] = rest[index];
			});
			return { path, webhook: candidate };
		}
		return { path, webhook: undefined };
	};

	// WorkflowStaticDataService.saveStaticData: whole-object UPDATE when `__dataChanged`.
	const saveStaticData = async (workflow: Workflow, seq: number) => {
		if (workflow.staticData.__dataChanged !== true) return;
		try {
			await store.save(workflow.staticData);
			workflow.staticData.__dataChanged = false;
			note(seq, 'static-data-saved');
		} catch {
			// n8n reports and logs the failure, and still answers the caller.
		}
	};

	const callWebhook = async (args: {
		workflow: Workflow;
		webhook: IWebhookData;
		req: ShimRequest;
		res: ShimResponse;
		seq: number;
		persist: boolean;
	}): Promise<{ data: CallbackData; executed: Promise<string | undefined> }> => {
		const { workflow, webhook, req, res, seq } = args;
		const additionalData = additionalDataFor({ httpRequest: req, httpResponse: res });
		const startNode = workflow.getNode(webhook.node) as INode;
		const webhookData = getNodeWebhooks(workflow, startNode, additionalData).find(
			(w) => w.httpMethod === webhook.httpMethod && w.path === webhook.path,
		) as IWebhookData;
		webhookData.isTest = !args.persist;
		const received = timeline.find((e) => e.seq === seq && e.event === 'received');
		const receivedAt = received?.at ?? Date.now();
		const executionMode = args.persist ? 'webhook' : 'manual';
		await workflow.expression.acquireIsolate();
		try {
			let executed: Promise<string | undefined> = Promise.resolve(undefined);
			const data = await new Promise<CallbackData>((resolve, reject) => {
				executed = executeWebhook({
					workflow,
					webhookData,
					startNode,
					mode: executionMode,
					req,
					additionalData,
					hooks: {
						note: (event) => note(seq, event),
						startExecution: async (workflowData, webhookError) => {
							if (n8nMajor === 2) {
								// n8n 2.x's WorkflowRunner.run starts with establishContextForPersistence,
								// which builds a Workflow over this request's static data: ObservableObject
								// redefines `__dataChanged` as false on the object saved below.
								buildWorkflow(workflow.staticData as IDataObject);
							}
							const id = await starter.start({
								seq,
								mode: executionMode,
								receivedAt,
								triggerName: startNode.name,
								workflowData,
								webhookError,
							});
							executionBySeq.set(seq, id);
							return id;
						},
					},
					// LiveWebhooks' callback: an error rejects (no save); otherwise static data is
					// saved first and only then is the answer handed back to be written.
					callback: (error, callbackData) => {
						if (error) return reject(error);
						const save = args.persist ? saveStaticData(workflow, seq) : Promise.resolve();
						void save.then(() => resolve(callbackData));
					},
				});
				track(executed);
			});
			return { data, executed };
		} finally {
			await workflow.expression.releaseIsolate();
		}
	};

	let testSnapshot: IDataObject | undefined;
	const managers: Record<WebhookHostMode, WebhookManager> = {
		production: {
			executeWebhook: async (req, res, seq) => {
				const { path, webhook } = find(req);
				if (mode !== 'production' || !webhook) {
					const webhookMethods = mode === 'production' ? methodsFor(path) : [];
					throw new WebhookNotFoundError(
						{ path, httpMethod: req.method, webhookMethods },
						{ hint: 'production' },
					);
				}
				const staticData = await store.load();
				note(seq, 'static-data-loaded');
				const workflow = buildWorkflow(staticData);
				return (await callWebhook({ workflow, webhook, req, res, seq, persist: true })).data;
			},
		},
		test: {
			executeWebhook: async (req, res, seq) => {
				const { path, webhook } = find(req);
				if (mode !== 'test' || testSnapshot === undefined || !webhook) {
					const webhookMethods = testSnapshot === undefined ? [] : methodsFor(path);
					// TestWebhooks asks for the path's methods first, which throws without a method.
					if (!webhookMethods.length) throw new WebhookNotFoundError({ path });
					throw new WebhookNotFoundError({ path, httpMethod: req.method, webhookMethods });
				}
				// A test registration carries the static data of the moment it was made; nothing
				// the call changes is persisted.
				const workflow = buildWorkflow(deepCopy(testSnapshot));
				const call = await callWebhook({ workflow, webhook, req, res, seq, persist: false });
				// Like TestWebhooks: once a call started a run, the test webhook is unregistered.
				void call.executed.then((id) => {
					if (id !== undefined) testSnapshot = undefined;
				});
				return call.data;
			},
		},
	};

	const handler = createRequestHandler({
		managers,
		responses,
		note,
		executionIdOf: (seq) => executionBySeq.get(seq),
	});
	const server = http.createServer((req, res) => track(handler(req, res)));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const armTestWebhook = async () => {
		if (mode !== 'test') throw new Error('[webhook-host] armTestWebhook() needs mode "test"');
		testSnapshot = await store.load();
	};
	if (mode === 'test') await armTestWebhook();

	const idle = async () => {
		while (inFlight.size > 0) await Promise.all([...inFlight]);
	};
	let closing: Promise<void> | undefined;

	return {
		url: baseUrl,
		webhookPath,
		mode,
		webhookPaths: registered.map((w) => w.path),
		productionUrl: (query, path = webhookPath) => withQuery(`${baseUrl}/webhook/${path}`, query),
		testUrl: (query, path = webhookPath) => withQuery(`${baseUrl}/webhook-test/${path}`, query),
		executions,
		responses,
		timeline,
		storeOperations: store.operations,
		staticData: async () => await backingStore.load(),
		armTestWebhook,
		idle,
		close: async () => {
			closing ??= (async () => {
				const closed = new Promise<void>((resolve) => server.close(() => resolve()));
				// A node that returned noWebhookResponse without answering leaves its socket open,
				// as in n8n; closing the host must not wait for the caller to give up.
				server.closeIdleConnections();
				let timer: NodeJS.Timeout | undefined;
				const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)));
				await Promise.race([idle(), grace]);
				clearTimeout(timer);
				server.closeAllConnections();
				await closed;
			})();
			await closing;
		},
	};
}

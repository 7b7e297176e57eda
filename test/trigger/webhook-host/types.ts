import type { OutgoingHttpHeaders } from 'node:http';
import type {
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
} from 'n8n-workflow';

import type { CredentialsMap, ExtraNodeTypes } from '../../harness';
import type { StaticDataStore, StoreOperation } from './static-data-store';

export type WebhookHostMode = 'production' | 'test';

export interface WebhookHostOptions {
	/** The trigger node as in workflow JSON: name, type, typeVersion, parameters, webhookId. */
	node: INode;
	/** 'production' serves `/webhook/...` (active workflow), 'test' serves `/webhook-test/...`. */
	mode?: WebhookHostMode;
	/** The workflow's static data (its DB column). Default: a new in-memory store. */
	store?: StaticDataStore;
	/** Added to every static-data load and save, like a database round trip. Default 0. */
	storeLatencyMs?: number;
	/**
	 * Which n8n's order to follow when a request starts a run. 2 (the default, as n8n 2.41):
	 * `WorkflowRunner.run` first wraps the request's static data in another Workflow, which
	 * clears its changed flag, and only then does the live-webhook manager decide whether to save
	 * it. 1 (as n8n 1.123): nothing touches the flag between webhook() and the save.
	 */
	n8nMajor?: 1 | 2;
	/** Test-only node types, keyed by type name; others are loaded from the package's dist/. */
	extraNodeTypes?: ExtraNodeTypes;
	/** Nodes after the trigger, run through n8n-core's WorkflowExecute when a run starts. */
	downstreamNodes?: INode[];
	connections?: IConnections;
	/** Credential type name -> decrypted data, as for the harness. */
	credentials?: CredentialsMap;
	extraCredentialTypes?: ICredentialType[];
	/** Package root whose `n8n` block is loaded when a node type is not in `extraNodeTypes`. */
	packageDir?: string;
	/** Default 0 (any free port). The host listens on 127.0.0.1 only. */
	port?: number;
	workflowId?: string;
	workflowName?: string;
}

/** One run the trigger started (what n8n would list under Executions). */
export interface WebhookExecution {
	id: string;
	/** n8n's execution mode: 'webhook' for production URLs, 'manual' for test URLs. */
	mode: 'webhook' | 'manual';
	/** Epoch ms when the request that started it arrived. */
	receivedAt: number;
	/** The trigger's first output, as returned in `workflowData[0]`. */
	items: INodeExecutionData[];
	/** 'error' also when webhook() threw: n8n records such calls as failed executions. */
	status: 'running' | 'success' | 'error';
	error?: string;
	/** The full run, once WorkflowExecute has finished (trigger plus downstream nodes). */
	run?: IRun;
}

/** What one caller received. */
export interface WebhookResponseLog {
	/** The host's sequence number for the request (also used in `timeline`). */
	seq: number;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** 0 when the connection closed without an answer (e.g. noWebhookResponse and no write). */
	status: number;
	/** Parsed JSON when the body is JSON, otherwise text; undefined when empty. */
	body: unknown;
	headers: OutgoingHttpHeaders;
	/** 'node' when webhook() wrote the answer itself and returned `noWebhookResponse`. */
	answeredBy: 'host' | 'node';
	/** Set when n8n's body parser rejected the request body (it answers 422). */
	bodyParseError?: string;
	executionId?: string;
	at: number;
}

export type TimelineEventName =
	| 'received'
	| 'static-data-loaded'
	| 'webhook-called'
	| 'webhook-returned'
	| 'webhook-threw'
	| 'execution-started'
	| 'static-data-saved'
	| 'response-sent'
	| 'execution-finished'
	| 'execution-static-data-saved';

/** Ordered trace of what happened per request: lets tests reason about ordering, not time. */
export interface TimelineEvent {
	seq: number;
	event: TimelineEventName;
	at: number;
}

export interface WebhookHost {
	/** Base URL, e.g. http://127.0.0.1:40123 */
	readonly url: string;
	/** The webhook path n8n registers (the first, which the editor shows), e.g. `<webhookId>/webhook`. */
	readonly webhookPath: string;
	readonly mode: WebhookHostMode;
	/** Every path the node registers, the shown one (`webhookPath`) first. */
	readonly webhookPaths: string[];
	/** `${url}/webhook/${path ?? webhookPath}` plus an optional query string. */
	productionUrl(query?: string | Record<string, string>, path?: string): string;
	/** `${url}/webhook-test/${path ?? webhookPath}` plus an optional query string. */
	testUrl(query?: string | Record<string, string>, path?: string): string;
	readonly executions: WebhookExecution[];
	readonly responses: WebhookResponseLog[];
	readonly timeline: TimelineEvent[];
	/** Every static-data load and save, in completion order (latency included). */
	readonly storeOperations: StoreOperation[];
	/** The store's current content, read without the artificial latency. */
	staticData(): Promise<IDataObject>;
	/**
	 * Test mode only: "Execute workflow" again. n8n's test webhook serves one call that starts a
	 * run, then unregisters; this registers it again with a fresh static-data snapshot.
	 */
	armTestWebhook(): Promise<void>;
	/** Resolves once every request in flight has been answered and every run has finished. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

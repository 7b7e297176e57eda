/**
 * The n8n HTTP APIs the suite drives, as a user's browser and scripts would: the editor's REST API
 * (`/rest`, session cookie of the owner) and the public API (`/api/v1`, API key). The same calls
 * work on n8n 1.123 and 2.41; where they differ, the difference is handled and commented here.
 */
import { Agent, request } from 'undici';

export const OWNER = { email: 'owner@e2e.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' };

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown> & { name: string; type: string }>;
	connections: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface SavedWorkflow extends WorkflowJson {
	id: string;
	versionId: string;
}

export interface ExecutionItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	workflowId: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: ExecutionItem[][] } }>>; error?: unknown } };
}

const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

export class N8nApi {
	private readonly agent = new Agent({ connections: 8, keepAliveTimeout: 1_000 });
	private cookie = '';
	private apiKey = '';

	constructor(readonly baseUrl: string) {}

	async call<T>(method: string, path: string, body?: unknown, auth: 'cookie' | 'apiKey' = 'cookie'): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (auth === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (auth === 'apiKey') headers['x-n8n-api-key'] = this.apiKey;
		const response = await request(`${this.baseUrl}${path}`, {
			method: method as 'GET',
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			dispatcher: this.agent,
			headersTimeout: 60_000,
			bodyTimeout: 60_000,
		});
		const text = await response.body.text();
		const setCookie = response.headers['set-cookie'];
		const sessionCookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).find((c) => c.startsWith('n8n-auth='));
		if (sessionCookie) this.cookie = sessionCookie.split(';')[0];
		if (response.statusCode >= 400) throw new Error(`${method} ${path} → ${response.statusCode}: ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** The REST API wraps answers in `{data}`; the public API does not. */
	private async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		return (await this.call<{ data: T }>(method, `/rest${path}`, body)).data;
	}

	/**
	 * Creates the owner (a fresh instance has none, and both APIs need one), then an API key with
	 * every scope the instance offers. The owner's session cookie authenticates `/rest`.
	 */
	async setUpOwner(): Promise<void> {
		await this.rest('POST', '/owner/setup', OWNER);
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', { label: 'e2e', scopes, expiresAt: null });
		this.apiKey = key.rawApiKey;
	}

	/** After a restart: a new session (1.x names the field `email`, 2.x `emailOrLdapLoginId`). */
	async logIn(): Promise<void> {
		await this.rest('POST', '/login', { email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	}

	/** The instance's own view: n8n version, the Node it runs on, the webhook base URL. */
	async settings(): Promise<{ versionCli: string; nodeJsVersion: string; urlBaseWebhook: string }> {
		return await this.rest('GET', '/settings');
	}

	/** The credential's Test button: n8n runs the credential type's `test` request. */
	async testCredential(
		credential: { id: string; name: string },
		type: string,
		data: Record<string, unknown>,
	): Promise<{ status: string; message: string }> {
		return await this.rest('POST', '/credentials/test', { credentials: { ...credential, type, data } });
	}

	/** What the editor loads: every node type and credential type the instance knows. */
	async nodeTypeNames(): Promise<string[]> {
		return (await this.call<Array<{ name: string }>>('GET', '/types/nodes.json')).map((type) => type.name);
	}

	/** One node type's description as n8n loaded it (its properties, options and defaults). */
	async nodeType(name: string): Promise<Record<string, unknown> | undefined> {
		const types = await this.call<Array<{ name: string } & Record<string, unknown>>>('GET', '/types/nodes.json');
		return types.find((type) => type.name === name);
	}

	async credentialTypeNames(): Promise<string[]> {
		return (await this.call<Array<{ name: string }>>('GET', '/types/credentials.json')).map((type) => type.name);
	}

	/** `data` is the decrypted credential; n8n encrypts it with the instance key. */
	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const created = await this.rest<{ id: string; name: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/** 1.x refuses a workflow without `active` (NOT NULL column); 2.x accepts it. */
	async createWorkflow(workflow: WorkflowJson): Promise<SavedWorkflow> {
		return await this.rest<SavedWorkflow>('POST', '/workflows', { settings: { executionOrder: 'v1' }, ...workflow, active: false });
	}

	/**
	 * "Execute workflow" in the editor. 2.x reads the workflow from the database and needs only the
	 * trigger's name; 1.x needs the whole workflow in the body. Both accept this body.
	 */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const workflowData = await this.rest<SavedWorkflow>('GET', `/workflows/${workflowId}`);
		const result = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		if (!result.executionId) throw new Error(`Manual run did not start: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	/**
	 * Activates (2.x: publishes) a workflow. In 2.x publishing is asynchronous: the answer says
	 * `active: true` before the webhook is registered, so wait for the publication status.
	 */
	async activate(workflow: SavedWorkflow, isV2: boolean): Promise<void> {
		await this.rest('POST', `/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
		if (!isV2) return;
		const deadline = Date.now() + 60_000;
		for (;;) {
			const status = await this.rest<{ status: string; triggers: Array<{ status: string; errorMessage: string | null }> }>(
				'GET',
				`/workflows/${workflow.id}/publication-status`,
			);
			const failed = status.triggers.find((trigger) => trigger.errorMessage);
			if (failed) throw new Error(`Activation failed: ${failed.errorMessage}`);
			if (status.status === 'published' && status.triggers.length > 0 && status.triggers.every((t) => t.status === 'activated')) return;
			if (Date.now() > deadline) throw new Error(`Not published after 60 s: ${JSON.stringify(status)}`);
			await sleep(250);
		}
	}

	/** What n8n has registered for a production webhook path (the editor asks the same). */
	async findWebhook(path: string): Promise<{ workflowId: string; webhookPath: string; node: string } | null> {
		return await this.rest('POST', '/webhooks/find', { method: 'POST', path });
	}

	async execution(id: string): Promise<Execution> {
		return await this.call<Execution>('GET', `/api/v1/executions/${id}?includeData=true`, undefined, 'apiKey');
	}

	/**
	 * 1.123 can report `success` a moment before it has written the run data (it logs "Found
	 * successful execution where data is empty stringified array"), so wait for the data too.
	 */
	async waitForExecution(id: string, timeoutMs = 60_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.execution(id).catch(() => undefined);
			const hasData = Object.keys(execution?.data?.resultData?.runData ?? {}).length > 0;
			if (execution && !UNFINISHED.has(execution.status) && (hasData || execution.status !== 'success')) return execution;
			if (Date.now() > deadline) throw new Error(`Execution ${id} not finished after ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	/** The executions list's "Retry with original workflow": a new execution from the failed one. */
	async retry(executionId: string): Promise<Execution> {
		return await this.rest('POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
	}

	/** Every execution of a workflow, all pages. */
	async executions(workflowId: string, includeData: boolean): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const limit = includeData ? 100 : 250;
			const query = `workflowId=${workflowId}&includeData=${includeData}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
			type Page = { data: Execution[]; nextCursor: string | null };
			const page = await this.call<Page>('GET', `/api/v1/executions?${query}`, undefined, 'apiKey');
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * Waits until a workflow's executions stop changing: none unfinished, and the same count for
	 * `quietMs`. A webhook answers before its run ends, so the runs trail the HTTP answers.
	 */
	async settledExecutions(workflowId: string, quietMs = 2_000, timeoutMs = 180_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		let last = -1;
		let stableSince = Date.now();
		for (;;) {
			const list = await this.executions(workflowId, false);
			const busy = list.some((execution) => UNFINISHED.has(execution.status));
			if (list.length !== last || busy) {
				last = list.length;
				stableSince = Date.now();
			} else if (Date.now() - stableSince >= quietMs) {
				const full = await this.executions(workflowId, true);
				const written = (execution: Execution) => Object.keys(execution.data?.resultData?.runData ?? {}).length > 0;
				if (full.every((execution) => execution.status !== 'success' || written(execution))) return full;
			}
			if (Date.now() > deadline) throw new Error(`Executions of ${workflowId} still changing after ${timeoutMs} ms`);
			await sleep(500);
		}
	}

	async close(): Promise<void> {
		await this.agent.close();
	}
}

/** The items a node output in an execution (first run, first output). */
export function nodeOutput(execution: Execution, nodeName: string): ExecutionItem[] {
	return execution.data?.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? [];
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

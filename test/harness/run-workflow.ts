import './env';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { deepCopy, Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { ensureDeduplicationStore } from './deduplication';
import type { CredentialsMap } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { ExtraNodeTypes } from './node-types';
import { HarnessCredentialTypes, HarnessNodeTypes } from './node-types';
import { loadPackage } from './package-loader';

/** The parts of an n8n workflow export (Download / copy-paste JSON) that execution uses. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
}

export interface RunWorkflowOptions {
	workflow: WorkflowJson;
	/** Credential type name -> decrypted data, e.g. `{ apolloEnrichApi: { apiKey: 'k' } }`. */
	credentials?: CredentialsMap;
	/** Package root whose package.json `n8n` block is loaded. Default: this repository. */
	packageDir?: string;
	/** Test-only node types, keyed by the type name used in the workflow JSON. */
	extraNodeTypes?: ExtraNodeTypes;
	/** Test-only credential types. */
	extraCredentialTypes?: ICredentialType[];
	/** Name of the node to start from. Default: n8n's choice (the first enabled trigger). */
	startNode?: string;
	/**
	 * Default 'manual', the editor's "Execute workflow": the only mode for which n8n's CLI passes
	 * pinData on. The harness passes it on in every mode.
	 */
	mode?: WorkflowExecuteMode;
}

export interface RunWorkflowResult {
	run: IRun;
	/** How many times credentials were read and decrypted during the run. */
	credentialDecryptions: number;
	/** Items of one output of the last run of a node. Throws if the node did not run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** `run.data.resultData.error`: set when the workflow stopped on an error. */
	error?: ExecutionError;
	/** Names of the nodes that ran (pinned ones included), in the order they finished. */
	executedNodes: string[];
}

let executionCounter = 0;

/**
 * Runs a workflow through n8n-core's real `WorkflowExecute`, as a manual "Execute workflow" in
 * the editor does (packages/cli/src/manual-execution.service.ts: `new WorkflowExecute(...).run(
 * { workflow, startNode, pinData })`). Everything a node sees is real n8n-core: the execute
 * context, parameter and expression resolution, `helpers.httpRequestWithAuthentication` over
 * real HTTP, pinData, paired items, Continue On Fail (`onError`), Retry On Fail.
 *
 * Differences from an n8n instance: credentials come from `options.credentials`
 * (see HarnessCredentialsHelper), only this package's nodes plus stand-ins for Manual Trigger and
 * No Op exist, there is no database, and sub-workflows/task runners are unavailable.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const mode = options.mode ?? 'manual';
	await ensureDeduplicationStore();
	const packages = [await loadPackage(options.packageDir)];
	const nodeTypes = new HarnessNodeTypes(packages, options.extraNodeTypes);
	const credentialTypes = new HarnessCredentialTypes(packages, options.extraCredentialTypes);
	const credentialsHelper = new HarnessCredentialsHelper(
		credentialTypes,
		deepCopy(options.credentials ?? {}),
	);

	// n8n mutates what it is given (node parameter defaults, pairedItem on pinned items), and
	// tests often reuse one fixture object, so work on a copy.
	const json = deepCopy(options.workflow);
	const workflowId = json.id ?? 'harness-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: json.name ?? 'Harness workflow',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: json.staticData,
		settings: json.settings,
		pinData: json.pinData,
	});

	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, toWorkflowBase(json, workflowId));
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});

	const additionalData = buildAdditionalData({ credentialsHelper, hooks, executionId });
	let startNode: INode | undefined;
	if (options.startNode !== undefined) {
		startNode = workflow.getNode(options.startNode) ?? undefined;
		if (!startNode) {
			throw new Error(`[harness] startNode "${options.startNode}" is not in the workflow`);
		}
	}

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	const run = await workflowExecute.run({ workflow, startNode, pinData: json.pinData });

	const { runData } = run.data.resultData;
	return {
		run,
		error: run.data.resultData.error,
		executedNodes,
		credentialDecryptions: credentialsHelper.decryptions,
		output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
			const runs = runData[nodeName];
			if (!runs?.length) {
				const ran = Object.keys(runData);
				throw new Error(
					`[harness] Node "${nodeName}" did not run. Nodes that ran: ${ran.join(', ') || 'none'}` +
						(run.data.resultData.error ? `; error: ${run.data.resultData.error.message}` : ''),
				);
			}
			return runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
		},
	};
}

function toWorkflowBase(json: WorkflowJson, id: string): IWorkflowBase {
	const now = new Date();
	return {
		id,
		name: json.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: json.nodes,
		connections: json.connections,
		settings: json.settings,
		staticData: json.staticData,
		pinData: json.pinData,
	};
}

import './env';

import type { ExecutionLifecycleHooks } from 'n8n-core';
import { ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

const BASE_URL = 'http://localhost:5678/';

function unsupported(what: string): never {
	throw new UnexpectedError(`[harness] ${what} is not supported by the test harness`);
}

/**
 * A plain `IWorkflowExecuteAdditionalData`, in place of the CLI's `WorkflowExecuteAdditionalData
 * .getBase()`. It holds only what n8n-core 2.41 reads while running ordinary action nodes
 * (found by searching node_modules/n8n-core/dist for `additionalData.`):
 * - `hooks`, `executionId`, `currentNodeExecutionIndex`: WorkflowExecute bookkeeping.
 * - `credentialsHelper`: every credential and `*WithAuthentication` call.
 * - `evalLlmMockHandler: undefined`: any truthy value sends HTTP requests down the evaluation
 *   mock path instead of the network (why n8n's own TriggerHelpers sets it explicitly).
 * - `ssrfBridge: undefined`: only the OAuth clients read it; plain requests go through
 *   `OutboundHttp` from the DI container, whose SSRF guard is off unless configured by env.
 * - `externalSecretsProxy` without a manager: `$secrets` resolves to nothing, as on an instance
 *   without external secrets.
 * - URLs and `variables` for `$execution`, `$vars` and resume URLs.
 * Sub-workflows, agents and task runners are not supported and throw if a node reaches them.
 */
export function buildAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		currentNodeExecutionIndex: 0,
		evalLlmMockHandler: undefined,
		ssrfBridge: undefined,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		restApiUrl: `${BASE_URL}rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}form`,
		formWaitingBaseUrl: `${BASE_URL}form-waiting`,
		formTestBaseUrl: `${BASE_URL}form-test`,
		webhookBaseUrl: `${BASE_URL}webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}webhook-test`,
		mcpBaseUrl: `${BASE_URL}mcp`,
		mcpTestBaseUrl: `${BASE_URL}mcp-test`,
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => unsupported('Executing a sub-workflow'),
		startRunnerTask: async () => unsupported('Running a task-runner task (Code node)'),
	};
}

import type { IDataObject, INode, INodeCredentials } from 'n8n-workflow';

import type { WorkflowJson } from './run-workflow';
import { MANUAL_TRIGGER_NODE_TYPE, NO_OP_NODE_TYPE } from './stand-in-nodes';

/** The type name under which tests register `callbackNodeType(...)` (test/harness/fixtures.ts). */
export const CALLBACK_NODE_TYPE = 'harness-test.callback';

/** A workflow node's reference to a stored credential of this type (the id and name are unused). */
export function credentialRef(credentialType: string): INodeCredentials {
	return { [credentialType]: { id: '1', name: 'Test account' } };
}

export interface ProbeWorkflowOptions {
	/** The trigger's pinned output items: the node under test's input. */
	items?: IDataObject[];
	/** Adds a No Op node of this name after the node under test, to show the workflow goes on. */
	then?: string;
}

/**
 * The workflow the tests run: Start (a Manual Trigger) → the node under test (by default the
 * callback node, named Probe, with a `fakeApi` credential), optionally → a No Op. `node`
 * overrides the node under test's fields.
 */
export function probeWorkflow(node: Partial<INode> = {}, options: ProbeWorkflowOptions = {}): WorkflowJson {
	const probe: INode = {
		id: 'probe',
		name: 'Probe',
		type: CALLBACK_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
		credentials: credentialRef('fakeApi'),
		...node,
	};
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: MANUAL_TRIGGER_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		probe,
	];
	const connections: WorkflowJson['connections'] = { Start: { main: [[{ node: probe.name, type: 'main', index: 0 }]] } };
	if (options.then !== undefined) {
		nodes.push({ id: 'then', name: options.then, type: NO_OP_NODE_TYPE, typeVersion: 1, position: [400, 0], parameters: {} });
		connections[probe.name] = { main: [[{ node: options.then, type: 'main', index: 0 }]] };
	}
	return {
		nodes,
		connections,
		...(options.items ? { pinData: { Start: options.items.map((json) => ({ json })) } } : {}),
		settings: { executionOrder: 'v1' },
	};
}

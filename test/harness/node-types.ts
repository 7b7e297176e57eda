import './env';

import type { ExecuteContext } from 'n8n-core';
import { DirectoryLoader, RoutingNode } from 'n8n-core';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { injectDomainRestrictionFields, NodeHelpers } from 'n8n-workflow';

import type { LoadedPackage } from './package-loader';
import { MANUAL_TRIGGER_NODE_TYPE, ManualTrigger, NO_OP_NODE_TYPE, NoOp } from './stand-in-nodes';

/** Extra node types for a test, keyed by the full type name used in workflow JSON. */
export type ExtraNodeTypes = Record<string, INodeType | IVersionedNodeType>;

const prepared = new WeakSet<object>();

/**
 * Gives extra (test-only) node types what n8n-core's loader gives package nodes, once per
 * instance, so a declarative test node gets the `requestOptions` parameter RoutingNode reads.
 */
function prepareExtraNodeType(nodeType: INodeType | IVersionedNodeType): void {
	if (prepared.has(nodeType)) return;
	prepared.add(nodeType);
	const versions = 'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
	for (const version of versions) {
		DirectoryLoader.applyDeclarativeNodeOptionParameters(version);
	}
}

/**
 * Mirrors `shouldAssignExecuteMethod` in n8n's packages/cli/src/utils.ts: declarative nodes get an
 * `execute` that runs RoutingNode, exactly as n8n's CLI NodeTypes does.
 */
function shouldAssignExecuteMethod(nodeType: INodeType): boolean {
	const isDeclarativeNode = nodeType.description.requestDefaults !== undefined;
	return (
		!nodeType.execute &&
		!nodeType.poll &&
		!nodeType.trigger &&
		(!nodeType.webhook || isDeclarativeNode) &&
		(!nodeType.methods || isDeclarativeNode)
	);
}

/** The harness's registry of node types, modelled on n8n's CLI `NodeTypes`. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly extra = new Map<string, INodeType | IVersionedNodeType>();

	constructor(
		private readonly packages: LoadedPackage[],
		extraNodeTypes: ExtraNodeTypes = {},
	) {
		this.extra.set(MANUAL_TRIGGER_NODE_TYPE, new ManualTrigger());
		this.extra.set(NO_OP_NODE_TYPE, new NoOp());
		for (const [name, nodeType] of Object.entries(extraNodeTypes)) {
			prepareExtraNodeType(nodeType);
			this.extra.set(name, nodeType);
		}
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const extra = this.extra.get(nodeType);
		if (extra) return extra;
		// n8n splits the same way: `<package name>.<description.name>`.
		const [packageName, name] = nodeType.split('.');
		const found = this.packages.find((p) => p.packageName === packageName);
		if (found && name in found.loader.known.nodes) {
			return found.loader.getNode(name).type;
		}
		throw new Error(
			`[harness] Unknown node type "${nodeType}". Known types: ${this.knownTypeNames().join(', ')}`,
		);
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const versioned = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (shouldAssignExecuteMethod(versioned)) {
			versioned.execute = async function (
				this: IExecuteFunctions,
			): Promise<INodeExecutionData[][]> {
				// WorkflowExecute calls execute with an ExecuteContext as `this`.
				const routingNode = new RoutingNode(this as ExecuteContext, versioned);
				return (await routingNode.runNode()) ?? [];
			};
		}
		return versioned;
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const { packageName, loader } of this.packages) {
			for (const [name, info] of Object.entries(loader.known.nodes)) {
				known[`${packageName}.${name}`] = { ...info };
			}
		}
		for (const name of this.extra.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}

	private knownTypeNames(): string[] {
		return Object.keys(this.getKnownTypes());
	}
}

/** The harness's registry of credential types, modelled on n8n's CLI `CredentialTypes`. */
export class HarnessCredentialTypes implements ICredentialTypes {
	private readonly extra = new Map<string, ICredentialType>();

	constructor(
		private readonly packages: LoadedPackage[],
		extraCredentialTypes: ICredentialType[] = [],
	) {
		for (const credentialType of extraCredentialTypes) {
			credentialType.properties = injectDomainRestrictionFields(credentialType);
			this.extra.set(credentialType.name, credentialType);
		}
	}

	recognizes(credentialType: string): boolean {
		return (
			this.extra.has(credentialType) ||
			this.packages.some(({ loader }) => credentialType in loader.known.credentials)
		);
	}

	getByName(credentialType: string): ICredentialType {
		const extra = this.extra.get(credentialType);
		if (extra) return extra;
		for (const { loader } of this.packages) {
			if (credentialType in loader.known.credentials) {
				return loader.getCredential(credentialType).type;
			}
		}
		const known = [
			...this.extra.keys(),
			...this.packages.flatMap(({ loader }) => Object.keys(loader.known.credentials)),
		];
		throw new Error(
			`[harness] Unknown credential type "${credentialType}". Known types: ${known.join(', ')}`,
		);
	}

	/** Full node type names (`<package>.<node>`) whose description lists this credential. */
	getSupportedNodes(credentialType: string): string[] {
		return this.packages.flatMap(({ packageName, loader }) =>
			(loader.known.credentials[credentialType]?.supportedNodes ?? []).map(
				(node) => `${packageName}.${node}`,
			),
		);
	}

	/** Like the CLI: transitive `extends`, and [] for unknown types (the caller fails later). */
	getParentTypes(typeName: string): string[] {
		const direct =
			this.extra.get(typeName)?.extends ??
			this.packages.find(({ loader }) => typeName in loader.known.credentials)?.loader.known
				.credentials[typeName].extends ??
			[];
		return direct.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

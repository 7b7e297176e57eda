// Test harness: runs workflow JSON through real n8n-core (see run-workflow.ts for the why).
import './env';

export { buildAdditionalData } from './additional-data';
export { testCredential } from './credential-test';
export type { TestCredentialOptions } from './credential-test';
export { HarnessCredentialsHelper } from './credentials-helper';
export type { CredentialsMap } from './credentials-helper';
export { HarnessCredentialTypes, HarnessNodeTypes } from './node-types';
export type { ExtraNodeTypes } from './node-types';
export { harnessDeduplication, InMemoryDeduplicator } from './deduplication';
export { DEFAULT_PACKAGE_DIR, loadPackage, resetLoadedPackages } from './package-loader';
export type { LoadedPackage } from './package-loader';
export { CALLBACK_NODE_TYPE, credentialRef, probeWorkflow } from './probe-workflow';
export type { ProbeWorkflowOptions } from './probe-workflow';
export { runWorkflow } from './run-workflow';
export type { RunWorkflowOptions, RunWorkflowResult, WorkflowJson } from './run-workflow';
export { MANUAL_TRIGGER_NODE_TYPE, ManualTrigger, NO_OP_NODE_TYPE, NoOp } from './stand-in-nodes';

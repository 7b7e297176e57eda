// Runs a webhook host as its own process, so a test can kill it and start another one on the
// same store file: what a restart of n8n looks like to a trigger (module state is gone, only the
// stored static data survives).
//
//   npx tsx test/webhook-host/cli.ts (--node FILE | --type TYPE [--type-version N]
//     [--parameters JSON] [--webhook-id ID] [--name NAME]) [--port N] [--store FILE]
//     [--mode production|test] [--store-latency MS] [--n8n-major 1|2] [--node-types-module FILE]
//     [--credentials FILE]
//
// --node-types-module names a module exporting `extraNodeTypes` or `testNodeTypes` (an
// ExtraNodeTypes map), for test-only nodes; package nodes are loaded from dist/ as usual.
// When ready it prints one line: `WEBHOOK_HOST_READY {"url":...,"productionUrl":...}`.
import 'reflect-metadata';

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import type { CredentialsMap, ExtraNodeTypes } from '../../harness';
import { startWebhookHost } from './host';
import type { StaticDataStore } from './static-data-store';
import { InMemoryStaticDataStore, JsonFileStaticDataStore } from './static-data-store';
import type { WebhookHostMode } from './types';

function parseArgs(argv: string[]): Map<string, string> {
	const args = new Map<string, string>();
	for (let i = 0; i < argv.length; i += 2) {
		const flag = argv[i];
		const value = argv[i + 1];
		if (!flag.startsWith('--') || value === undefined) {
			throw new Error(`Expected "--flag value" pairs, got "${flag}"`);
		}
		args.set(flag.slice(2), value);
	}
	return args;
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;

function nodeFrom(args: Map<string, string>): INode {
	const file = args.get('node');
	if (file) return readJson(file) as INode;
	const type = args.get('type');
	if (!type) throw new Error('Pass --node FILE or --type TYPE');
	return {
		id: 'trigger',
		name: args.get('name') ?? 'Trigger',
		type,
		typeVersion: Number(args.get('type-version') ?? 1),
		position: [0, 0],
		parameters: JSON.parse(args.get('parameters') ?? '{}') as IDataObject as INode['parameters'],
		webhookId: args.get('webhook-id') ?? 'webhook-host-cli',
	};
}

function extraNodeTypesFrom(args: Map<string, string>): ExtraNodeTypes {
	const file = args.get('node-types-module');
	if (!file) return {};
	const loaded = require(path.resolve(file)) as Record<string, unknown>;
	const types = loaded.extraNodeTypes ?? loaded.testNodeTypes ?? loaded.default;
	if (!types || typeof types !== 'object') {
		throw new Error(`${file} exports neither extraNodeTypes nor testNodeTypes`);
	}
	return types as ExtraNodeTypes;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const storeFile = args.get('store');
	const store: StaticDataStore = storeFile
		? new JsonFileStaticDataStore(path.resolve(storeFile))
		: new InMemoryStaticDataStore();
	const credentialsFile = args.get('credentials');
	const host = await startWebhookHost({
		node: nodeFrom(args),
		mode: (args.get('mode') ?? 'production') as WebhookHostMode,
		store,
		storeLatencyMs: Number(args.get('store-latency') ?? 0),
		n8nMajor: args.get('n8n-major') === '1' ? 1 : 2,
		extraNodeTypes: extraNodeTypesFrom(args),
		credentials: credentialsFile ? (readJson(credentialsFile) as CredentialsMap) : undefined,
		port: Number(args.get('port') ?? 0),
	});
	const ready = {
		url: host.url,
		productionUrl: host.productionUrl(),
		testUrl: host.testUrl(),
		pid: process.pid,
	};
	process.stdout.write(`WEBHOOK_HOST_READY ${JSON.stringify(ready)}\n`);
	const stop = () => {
		void host.close().then(() => process.exit(0));
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
	const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.stderr.write(`${text}\n`);
	process.exit(1);
});

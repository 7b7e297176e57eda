// Starts the fake by hand, for the demo or for poking at it with curl:
//   npx tsx test/fake-apollo/cli.ts --port 8787 [--latency 200] [--jitter 50] [--api-key KEY]
//     [--seed 7] [--webhook-delay 2000] [--directory standard|extended] [--poll-only accepted|refused]
// --api-key may be repeated; the first one is printed. Ctrl-C stops the server.

import { EXTENDED_PEOPLE } from './directory-prospects';
import { startFakeApollo } from './server';
import type { FakeApolloOptions } from './types';

function parseArgs(argv: string[]): FakeApolloOptions {
	const options: FakeApolloOptions = { port: 8787 };
	const keys: string[] = [];
	const number = (flag: string, value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed)) throw new Error(`${flag} needs a number`);
		return parsed;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		switch (flag) {
			case '--port':
				options.port = number(flag, value);
				break;
			case '--latency':
				options.latencyMs = number(flag, value);
				break;
			case '--jitter':
				options.jitterMs = number(flag, value);
				break;
			case '--seed':
				options.seed = number(flag, value);
				break;
			case '--webhook-delay':
				options.webhook = { delayMs: number(flag, value) };
				break;
			case '--directory':
				if (value !== 'standard' && value !== 'extended') throw new Error('--directory needs standard or extended');
				if (value === 'extended') options.people = [...EXTENDED_PEOPLE];
				break;
			case '--poll-only':
				if (value !== 'accepted' && value !== 'refused') throw new Error('--poll-only needs accepted or refused');
				options.pollOnly = value;
				break;
			case '--api-key':
				if (!value) throw new Error('--api-key needs a value');
				keys.push(value);
				break;
			case '--help':
			case '-h':
				console.log(
					'Usage: cli.ts [--port N] [--latency MS] [--jitter MS] [--api-key KEY]... ' +
						'[--seed N] [--webhook-delay MS] [--directory standard|extended] [--poll-only accepted|refused]',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown argument: ${flag}`);
		}
		i++;
	}
	if (keys.length > 0) options.apiKeys = keys;
	return options;
}

async function main(): Promise<void> {
	const fake = await startFakeApollo(parseArgs(process.argv.slice(2)));
	console.log(`Fake Apollo API listening on ${fake.url}`);
	console.log(`API key: ${fake.apiKey}`);
	console.log(`Try: curl -s -H 'x-api-key: ${fake.apiKey}' ${fake.url}/api/v1/auth/health`);
	const stop = (): void => {
		console.log('\nStopping fake Apollo...');
		fake.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});

/**
 * Runs install commands with a clean environment and their output in a log file, so a failure
 * shows its own tail instead of megabytes of npm warnings in the Jest output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CACHE_DIR } from './versions';

export const LOG_DIR = path.join(CACHE_DIR, 'logs');

/**
 * `npm run` exports npm_config_*, npm_package_* and npm_lifecycle_* variables. A nested npm
 * would read them as its own configuration (for example the project's ignore-scripts or
 * local prefix), so they are dropped.
 */
export function cleanEnv(extra: Record<string, string> = {}, pathFirst?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
		env[key] = value;
	}
	if (pathFirst) env.PATH = `${pathFirst}${path.delimiter}${env.PATH ?? ''}`;
	return { ...env, ...extra };
}

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Log file name under .cache/e2e/logs. */
	log: string;
}

export async function run(command: string, args: string[], options: RunOptions): Promise<string> {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, options.log);
	const out = fs.openSync(logFile, 'w');
	fs.writeSync(out, `$ ${command} ${args.join(' ')}\n(cwd ${options.cwd})\n`);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn(command, args, {
				cwd: options.cwd,
				env: options.env ?? cleanEnv(),
				stdio: ['ignore', out, out],
			});
			child.once('error', reject);
			child.once('exit', (exitCode) => resolve(exitCode));
		});
		if (code !== 0) {
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			throw new Error(`${command} ${args.join(' ')} exited with ${code}. Log ${logFile}:\n${tail}`);
		}
	} finally {
		fs.closeSync(out);
	}
	return fs.readFileSync(logFile, 'utf8');
}

/** `du -sk`, in MB; 0 when the folder does not exist. */
export async function folderSizeMb(folder: string): Promise<number> {
	if (!fs.existsSync(folder)) return 0;
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn('du', ['-sk', folder], { stdio: ['ignore', 'pipe', 'ignore'] });
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
		child.once('error', reject);
		child.once('exit', () => resolve(text));
	});
	return Math.round(Number.parseInt(output, 10) / 1024);
}

export function seconds(sinceMs: number): number {
	return Math.round((Date.now() - sinceMs) / 100) / 10;
}

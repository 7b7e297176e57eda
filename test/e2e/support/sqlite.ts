/**
 * Reads and writes a running n8n 2.x's SQLite database directly, with the sqlite3 module n8n
 * itself uses, on the Node it was built for (a child process). For what n8n's APIs do not show:
 * the statuses the database holds (against what n8n keeps in memory), and seeding static data.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { N8N2, NODE24_BIN } from '../setup/versions';

const SCRIPT = `
	const sqlite3 = require(process.argv[1]);
	const db = new sqlite3.Database(process.argv[2]);
	const [sql, params] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
	db.all(sql, params, (error, rows) => {
		if (error) { console.error(error.message); process.exit(1); }
		process.stdout.write(JSON.stringify(rows));
		db.close();
	});`;

/** Runs one statement against the n8n in `userFolder` and returns its rows. */
export function sqliteQuery<Row = Record<string, unknown>>(userFolder: string, sql: string, params: unknown[] = []): Row[] {
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	const result = spawnSync(NODE24_BIN, ['-e', SCRIPT, path.join(N8N2.dir, 'node_modules', 'sqlite3'), database], {
		input: JSON.stringify([sql, params]),
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`SQLite: ${result.stderr}`);
	return JSON.parse(result.stdout || '[]') as Row[];
}

/** A workflow's executions as the database has them (the rows queue/support/left-running.ts reads). */
export function executionRows(userFolder: string, workflowId: string): Array<{ id: string; status: string }> {
	return sqliteQuery<{ id: string | number; status: string }>(userFolder, 'SELECT id, status FROM execution_entity WHERE workflowId = ?', [
		workflowId,
	]).map((row) => ({ id: String(row.id), status: row.status }));
}

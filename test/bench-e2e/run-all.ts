/**
 * `npm run bench:e2e`: every real-n8n bench in this folder (`*.bench.ts`), one after the other,
 * each in a process of its own. Arguments after `--` go to every bench.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const benches = fs
	.readdirSync(__dirname)
	.filter((file) => file.endsWith('.bench.ts'))
	.sort();
let failed = 0;
for (const bench of benches) {
	console.log(`\n━━━ ${bench} ━━━\n`);
	const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, bench), ...process.argv.slice(2)], { stdio: 'inherit' });
	if (result.status !== 0) failed++;
}
if (failed > 0) {
	console.error(`${failed} of ${benches.length} benches failed`);
	process.exitCode = 1;
}

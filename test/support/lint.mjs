/**
 * `npm run lint`, in two parts, because `n8n-node lint` (strict mode) runs n8n's cloud rules on
 * every .ts file under the folder it is started in, and test code legitimately uses what those
 * rules forbid in nodes (node:http, node:fs, process, timers):
 *
 * 1. The published code, strictly: nodes/, credentials/ and package.json are copied into
 *    .cache/lint-published/ next to the untouched template eslint.config.mjs, and
 *    `n8n-node lint` runs there, exactly as n8n requires for cloud eligibility.
 * 2. The tests, sensibly: ESLint with eslint.tests.config.mjs (TypeScript recommended rules,
 *    without the rules that only make sense for code running inside n8n).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stage = join(root, '.cache', 'lint-published');
const bin = (name) => join(root, 'node_modules', '.bin', name);

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json', 'eslint.config.mjs']) {
	cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');

const fix = process.argv.includes('--fix') ? ['--fix'] : [];
console.log('Strict n8n lint of the published code (nodes/, credentials/, package.json):');
const published = spawnSync(bin('n8n-node'), ['lint', ...fix], { cwd: stage, stdio: 'inherit' });
if (fix.length > 0 && published.status === 0) {
	for (const entry of ['nodes', 'credentials']) cpSync(join(stage, entry), join(root, entry), { recursive: true });
}

console.log('\nESLint of the tests (eslint.tests.config.mjs):');
const tests = spawnSync(bin('eslint'), ['-c', 'eslint.tests.config.mjs', 'test', ...fix], { cwd: root, stdio: 'inherit' });

process.exitCode = published.status === 0 && tests.status === 0 ? 0 : 1;

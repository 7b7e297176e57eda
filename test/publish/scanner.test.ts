/**
 * n8n's community-package scanner (`@n8n/scan-community-package`, pinned in devDependencies)
 * run unmodified on this package's `npm pack` tarball, served from 127.0.0.1 (see
 * scan-tarball.ts for how). `npm test` builds dist/ first; about 10 s.
 */
import { scanTarball, type ScanResult } from './scan-tarball';

describe("n8n's community-package scanner on the packed tarball", () => {
	let result: ScanResult;

	beforeAll(async () => {
		result = await scanTarball();
	}, 180_000);

	it('passes every check', () => {
		// On failure this prints the scanner's output, with the ESLint report.
		expect(result.output).toContain(`✅ Package ${result.packageSpec} has passed all security checks`);
		expect(result.exitCode).toBe(0);
		expect(result.passed).toBe(true);
	});

	it('ran each of its steps on our files: provenance, source, tarball, analysis', () => {
		expect(result.missingSteps).toEqual([]);
		for (const step of ['Provenance check passed', 'Fetched source from github.com/', 'Downloaded', 'Analyzed']) {
			expect(result.output).toContain(`✅ ${step}`);
		}
	});

	it('was served everything it asked for, by the local server alone', () => {
		expect(result.unexpected).toEqual([]);
		expect(result.requests.filter((entry) => entry.via === 'connect').map((entry) => entry.host).sort()).toEqual([
			'codeload.github.com',
			'registry.npmjs.org',
			'registry.npmjs.org',
		]);
	});
});

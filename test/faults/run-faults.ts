/** `npm run faults`: prints the fault-injection table quoted in docs/rate-limits-and-reliability.md. */
import { formatTable, runScenario, SCENARIOS, type FaultRow } from './scenarios';

async function main(): Promise<void> {
	const rows: FaultRow[] = [];
	for (const scenario of SCENARIOS) {
		const { row, stopMessage } = await runScenario(scenario);
		rows.push(row);
		if (stopMessage) console.log(`${scenario.name}: without Continue On Fail the run stops with "${stopMessage}"`);
	}
	console.log(`\n${formatTable(rows)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

/**
 * A dedupe state of N remembered deliveries for the trigger bench, written into n8n's database
 * before the workflow is activated, as if the trigger had taken those deliveries in: the node's
 * own code computes the keys and the stored form. Sending 10,000 deliveries first would take
 * ten minutes. The keys are of real delivery bodies, so a probe can check that n8n serves the
 * state to the node (a seeded delivery must come back as a duplicate).
 *
 * `legacyFormat` writes the form version 1 of the node stored (`seen: {digest: ms}`), for
 * measuring an older build of the package with `--tarball`.
 */
import { shortDigest } from '../../nodes/ApolloWebhookTrigger/protocol/canonicalJson';
import { dedupeKeyOf, storageDigest, type DedupeSettings } from '../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { RecentKeys } from '../../nodes/ApolloWebhookTrigger/protocol/recentKeys';
import { parseApolloJson, requestIdOf } from '../../nodes/shared/apollo/json';
import { sqliteQuery } from '../e2e/support/sqlite';
import { TRIGGER_NODE } from '../e2e/support/workflows';

const DEFAULTS: DedupeSettings = { mode: 'requestIdAndPayload', field: 'request_id', windowMs: 24 * 3_600_000, maxKeys: 10_000 };

/** The dedupe key the node computes for a delivery sent as `text` (n8n parses the body itself). */
export function dedupeKeyOfText(text: string): string {
	const key = dedupeKeyOf(JSON.parse(text) as Record<string, unknown>, requestIdOf(parseApolloJson(text)), DEFAULTS);
	if (!key.ok) throw new Error(key.reason);
	return key.key;
}

/** The node's static data with the given deliveries remembered, first seen over the last hours. */
export function seededStaticData(texts: readonly string[], options: { legacyFormat?: boolean } = {}): Record<string, unknown> {
	const now = Date.now();
	const spacingMs = Math.floor((12 * 3_600_000) / Math.max(1, texts.length));
	const seenAt = (index: number) => now - (texts.length - index) * spacingMs;
	if (options.legacyFormat) {
		const seen: Record<string, number> = {};
		texts.forEach((text, index) => (seen[shortDigest(dedupeKeyOfText(text))] = seenAt(index)));
		return { [`node:${TRIGGER_NODE}`]: { dedupe: { seen, prunedAt: now, size: texts.length } } };
	}
	const memory = new RecentKeys(DEFAULTS.windowMs, DEFAULTS.maxKeys);
	texts.forEach((text, index) => memory.add(storageDigest(dedupeKeyOfText(text)), seenAt(index)));
	return { [`node:${TRIGGER_NODE}`]: { dedupe: memory.snapshot(now) } };
}

/** Writes a workflow's static data into n8n's SQLite database, and checks it is there. */
export function writeStaticData(userFolder: string, workflowId: string, staticData: Record<string, unknown>): void {
	const text = JSON.stringify(staticData);
	sqliteQuery(userFolder, 'UPDATE workflow_entity SET staticData = ? WHERE id = ?', [text, workflowId]);
	const [row] = sqliteQuery<{ size: number }>(userFolder, 'SELECT length(staticData) AS size FROM workflow_entity WHERE id = ?', [workflowId]);
	if (row?.size !== text.length) throw new Error(`Static data of workflow ${workflowId} was not written`);
}

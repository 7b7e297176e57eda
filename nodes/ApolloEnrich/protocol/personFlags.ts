/**
 * The reveal and waterfall flags of Enrich and Bulk Enrich, item by item, turned into Apollo's
 * query parameters. Pure.
 *
 * Apollo answers a phone reveal or waterfall without `webhook_url` with a 400, and its docs say not
 * to send `webhook_url` otherwise; so the URL is required exactly when a flag needs it, is checked
 * before any call is made, and is sent only then. Apollo's Webhook Result page also describes
 * `poll_only=true` without `webhook_url` ("Poll Only" here); it is not in Apollo's OpenAPI file
 * yet, so it is the user's choice, never the default.
 */
import type { ItemProblem } from './itemProblems';

export type AsyncDelivery = 'webhook' | 'pollOnly';

export interface EnrichFlags {
	revealPersonalEmails: boolean;
	revealPhoneNumber: boolean;
	runWaterfallEmail: boolean;
	runWaterfallPhone: boolean;
	delivery: AsyncDelivery;
	webhookUrl: string;
}

export type FlagsQuery = Record<string, string | boolean>;

export type FlagsResult =
	| { ok: true; query: FlagsQuery; group: string; memoryFlags: string }
	| { ok: false; problem: ItemProblem };

export const FLAG_LABELS = {
	revealPersonalEmails: 'Reveal Personal Emails',
	revealPhoneNumber: 'Reveal Phone Number',
	runWaterfallEmail: 'Run Waterfall Email',
	runWaterfallPhone: 'Run Waterfall Phone',
} as const;

type AsyncFlag = 'revealPhoneNumber' | 'runWaterfallEmail' | 'runWaterfallPhone';
const ASYNC_FLAGS: readonly AsyncFlag[] = ['revealPhoneNumber', 'runWaterfallEmail', 'runWaterfallPhone'];

/** Whether any flag asks Apollo for results it delivers later. */
export function asyncRequested(flags: Pick<EnrichFlags, AsyncFlag> & Partial<EnrichFlags>): boolean {
	return ASYNC_FLAGS.some((flag) => flags[flag]);
}

/** The flags that decide what Apollo sells for a lookup (not where results go). */
export function memoryFlagsOf(flags: Omit<EnrichFlags, 'delivery' | 'webhookUrl'>): string {
	const on = (Object.keys(FLAG_LABELS) as Array<keyof typeof FLAG_LABELS>).filter((flag) => flags[flag]);
	return on.length === 0 ? 'plain' : on.join('+');
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

function destinationProblem(needing: string, webhookUrl: string): ItemProblem | undefined {
	if (webhookUrl === '') {
		return {
			field: 'Async Results → Webhook URL',
			message: `${needing} needs a Webhook URL`,
			hint: 'Apollo delivers these results later by POSTing them to a webhook. Paste the URL an Apollo Webhook Trigger node shows (secret included) into Async Results → Webhook URL, or set Async Results → Deliver Via to Poll Only (no public URL needed), or turn the option off.',
		};
	}
	if (!isHttpUrl(webhookUrl)) {
		return {
			field: 'Async Results → Webhook URL',
			message: `Webhook URL "${webhookUrl}" is not an http(s) URL`,
			hint: 'Use the full URL, starting with https://, as shown by the Apollo Webhook Trigger node.',
		};
	}
	return undefined;
}

export function buildFlagsQuery(flags: EnrichFlags): FlagsResult {
	const query: FlagsQuery = {};
	if (flags.revealPersonalEmails) query.reveal_personal_emails = true;
	if (flags.revealPhoneNumber) query.reveal_phone_number = true;
	if (flags.runWaterfallEmail) query.run_waterfall_email = true;
	if (flags.runWaterfallPhone) query.run_waterfall_phone = true;

	if (asyncRequested(flags)) {
		if (flags.delivery === 'pollOnly') query.poll_only = true;
		else {
			const webhookUrl = flags.webhookUrl.trim();
			const needing = ASYNC_FLAGS.filter((flag) => flags[flag])
				.map((flag) => FLAG_LABELS[flag])
				.join(' and ');
			const problem = destinationProblem(needing, webhookUrl);
			if (problem) return { ok: false, problem };
			query.webhook_url = webhookUrl;
		}
	}
	const group = Object.keys(query)
		.sort()
		.map((key) => `${key}=${String(query[key])}`)
		.join('&');
	return { ok: true, query, group, memoryFlags: memoryFlagsOf(flags) };
}

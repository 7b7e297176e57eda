/**
 * The reveal and waterfall flags shared by Enrich and Bulk Enrich, turned into Apollo's query
 * parameters. Pure.
 *
 * Apollo answers a phone reveal or waterfall without `webhook_url` with a 400, and its docs say not
 * to send `webhook_url` otherwise; so the URL is required exactly when a flag needs it, is checked
 * before any call is made, and is sent only then.
 */

export interface EnrichFlags {
	revealPersonalEmails: boolean;
	revealPhoneNumber: boolean;
	runWaterfallEmail: boolean;
	runWaterfallPhone: boolean;
	webhookUrl: string;
}

export type FlagsQuery = Record<string, string | boolean>;

export type FlagsResult = { ok: true; query: FlagsQuery } | { ok: false; message: string; hint: string };

const FLAG_LABELS = {
	revealPhoneNumber: 'Reveal Phone Number',
	runWaterfallEmail: 'Run Waterfall Email',
	runWaterfallPhone: 'Run Waterfall Phone',
} as const;

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

export function buildFlagsQuery(flags: EnrichFlags): FlagsResult {
	const query: FlagsQuery = {};
	if (flags.revealPersonalEmails) query.reveal_personal_emails = true;
	if (flags.revealPhoneNumber) query.reveal_phone_number = true;
	if (flags.runWaterfallEmail) query.run_waterfall_email = true;
	if (flags.runWaterfallPhone) query.run_waterfall_phone = true;

	const needing = (Object.keys(FLAG_LABELS) as Array<keyof typeof FLAG_LABELS>)
		.filter((flag) => flags[flag])
		.map((flag) => FLAG_LABELS[flag]);
	if (needing.length === 0) return { ok: true, query };

	const webhookUrl = flags.webhookUrl.trim();
	if (webhookUrl === '') {
		return {
			ok: false,
			message: `${needing.join(' and ')} needs a Webhook URL`,
			hint: 'Apollo delivers these results later by POSTing them to a webhook. Paste the URL shown by an Apollo Webhook Trigger node (secret included) into Options → Webhook URL, or turn the option off.',
		};
	}
	if (!isHttpUrl(webhookUrl)) {
		return {
			ok: false,
			message: `Webhook URL "${webhookUrl}" is not an http(s) URL`,
			hint: 'Use the full URL, starting with https://, as shown by the Apollo Webhook Trigger node.',
		};
	}
	query.webhook_url = webhookUrl;
	return { ok: true, query };
}

/**
 * Poll Only: asking Apollo for phone numbers and waterfall results without a webhook, by sending
 * `poll_only=true` instead of `webhook_url`. Pure. Not wired into the node yet: the option that
 * chooses it belongs with the person options (see docs/poll-only.md for the full contract).
 *
 * Only Apollo's Webhook Result page documents `poll_only` ("set poll_only to true on the
 * enrichment request and omit webhook_url"); its OpenAPI does not list it. An account that does
 * not know it ignores it, like any unknown parameter, and then refuses the missing webhook_url with
 * the 400 it has always sent: that 400 is how a refusal looks.
 */
import { apolloErrorMessage } from '../../shared/apollo/json';

/** What goes with the reveal and waterfall flags (in the query string) in place of webhook_url. */
export const POLL_ONLY_QUERY = { poll_only: true } as const;

export interface PollOnlyRefusal {
	message: string;
	description: string;
}

/**
 * When a request sent with poll_only comes back as Apollo's "add a valid 'webhook_url'" 400, the
 * plain words for it; undefined for any other answer. Apollo refuses before enriching, so nothing
 * was billed, and sending again cannot help: the whole run should stop on the first one.
 */
export function pollOnlyRefusal(statusCode: number, body: unknown): PollOnlyRefusal | undefined {
	const said = apolloErrorMessage(body);
	if (statusCode !== 400 || said === undefined || !/webhook_url/i.test(said)) return undefined;
	return {
		message: 'Apollo refused Poll Only: it still asks for a webhook_url',
		description:
			`Apollo said: "${said}". This Apollo account does not take poll_only yet (Apollo documents it on its Webhook Result page, but not yet in its API reference). ` +
			'Set Options → Deliver Async Results to "To a Webhook URL" and give a public https URL: the Production URL of an Apollo Webhook Trigger receives the results, and Wait for Results and Get Webhook Result work as before. ' +
			'Nothing was billed: Apollo refuses before enriching.',
	};
}

/**
 * What the editor shows for the trigger, decided the way n8n's editor decides it (editor-view.ts):
 * which webhook URL the node panel shows, what that URL is, which notices are visible and which
 * parameters have issues. test/e2e/n8n2.trigger.e2e.ts checks the description a real n8n serves.
 */
import type { INodeType } from 'n8n-workflow';

import { EDITOR_BASE_URL as BASE, EDITOR_WEBHOOK_ID as webhookId, EditorView } from './editor-view';
import { TRIGGER_TYPE } from './support';

const { ApolloWebhookTrigger } = require('../../dist/nodes/ApolloWebhookTrigger/ApolloWebhookTrigger.node.js') as {
	ApolloWebhookTrigger: new () => INodeType;
};
const { description } = new ApolloWebhookTrigger();
const view = new EditorView(description);
const shownUrls = view.shownUrls.bind(view);
const visibleNotices = view.visibleNotices.bind(view);
const issues = view.issues.bind(view);

const STRONG = 'k3Jd9QmZp2Xr7Lw4Tn8Vb6Yc';

describe('Apollo Webhook Trigger in the editor', () => {
	it('shows no URL and says what to do while the secret is empty', () => {
		expect(shownUrls({})).toEqual([]);
		expect(visibleNotices({})).toEqual(['noSecretNotice', 'publicUrlNotice']);
		// And n8n lists the empty secret as an issue, which keeps the workflow from being activated.
		expect(issues({})).toEqual(['secret']);
	});

	it('shows exactly the URL to paste, ending with the secret, once there is one', () => {
		expect(shownUrls({ secret: STRONG })).toEqual([`${BASE}/${webhookId}/apollo/${STRONG}`]);
		expect(visibleNotices({ secret: STRONG })).toEqual(['setupNotice', 'publicUrlNotice']);
		expect(issues({ secret: STRONG })).toEqual([]);
	});

	it('shows a secret that is not URL-safe in a form n8n does not decode: % as ~', () => {
		expect(shownUrls({ secret: 'a b+c%d-e_f.g~h1234567890' })).toEqual([`${BASE}/${webhookId}/apollo/a~20b~2Bc~25d-e_f.g~h1234567890`]);
	});

	it('shows the set-up notice for a secret from an expression (e.g. an environment variable)', () => {
		expect(visibleNotices({ secret: '={{ $env.APOLLO_SECRET }}' })).toEqual(['setupNotice', 'publicUrlNotice']);
	});

	it('has no display condition that costs n8n a sandboxed regex on every request', () => {
		// n8n applies every parameter's display rules whenever it builds the workflow, several times
		// per webhook request, and runs a `_cnd.regex` rule in a vm sandbox: a short-secret warning
		// built that way cost 11 ms of CPU per delivery in n8n 2.41.1.
		expect(JSON.stringify(description.properties)).not.toContain('"regex"');
	});

	it('shows the bare …/apollo URL, and a warning, with Verification None', () => {
		expect(shownUrls({ verification: 'none' })).toEqual([`${BASE}/${webhookId}/apollo`]);
		expect(visibleNotices({ verification: 'none' })).toEqual(['publicUrlNotice', 'noVerificationWarning']);
		expect(issues({ verification: 'none' })).toEqual([]);
	});

	it('masks the secret fields, as n8n requires of secrets', () => {
		const secret = description.properties.find((property) => property.name === 'secret');
		const options = description.properties.find((property) => property.name === 'options');
		const previous = (options?.options as Array<{ name: string; typeOptions?: object }>).find((option) => option.name === 'previousSecret');
		expect(secret?.typeOptions).toEqual({ password: true });
		expect(previous?.typeOptions).toEqual({ password: true });
	});

	it('is the trigger type the tests serve', () => {
		expect(`n8n-nodes-apollo-enrich.${description.name}`).toBe(TRIGGER_TYPE);
	});
});

import { buildFlagsQuery } from '../../nodes/ApolloEnrich/protocol/personFlags';

describe('buildFlagsQuery', () => {
	const none = { revealPersonalEmails: false, revealPhoneNumber: false, runWaterfallEmail: false, runWaterfallPhone: false, webhookUrl: '' };
	it('sends only the flags that are on, and the webhook only when needed', () => {
		expect(buildFlagsQuery({ ...none, revealPersonalEmails: true, webhookUrl: 'https://x.test/h' })).toEqual({
			ok: true,
			query: { reveal_personal_emails: true },
		});
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, webhookUrl: ' https://x.test/h?secret=a&b=c ' })).toEqual({
			ok: true,
			query: { reveal_phone_number: true, webhook_url: 'https://x.test/h?secret=a&b=c' },
		});
	});
	it('requires a webhook URL for phone reveal and waterfalls', () => {
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, runWaterfallEmail: true })).toMatchObject({
			ok: false,
			message: 'Reveal Phone Number and Run Waterfall Email needs a Webhook URL',
		});
		expect(buildFlagsQuery({ ...none, runWaterfallPhone: true, webhookUrl: 'ftp://x' })).toMatchObject({
			ok: false,
			message: expect.stringMatching(/not an http\(s\) URL/),
		});
	});
});

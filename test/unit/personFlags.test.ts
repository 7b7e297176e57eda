import { asyncRequested, buildFlagsQuery, memoryFlagsOf } from '../../nodes/ApolloEnrich/protocol/personFlags';

const none = {
	revealPersonalEmails: false,
	revealPhoneNumber: false,
	runWaterfallEmail: false,
	runWaterfallPhone: false,
	delivery: 'webhook' as const,
	webhookUrl: '',
};

describe('buildFlagsQuery', () => {
	it('sends only the flags that are on, and the webhook only when needed', () => {
		expect(buildFlagsQuery({ ...none, revealPersonalEmails: true, webhookUrl: 'https://x.test/h' })).toMatchObject({
			ok: true,
			query: { reveal_personal_emails: true },
		});
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, webhookUrl: ' https://x.test/h?secret=a&b=c ' })).toMatchObject({
			ok: true,
			query: { reveal_phone_number: true, webhook_url: 'https://x.test/h?secret=a&b=c' },
		});
	});
	it('requires a webhook URL for phone reveal and waterfalls, naming the field and both ways out', () => {
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, runWaterfallEmail: true })).toMatchObject({
			ok: false,
			problem: {
				field: 'Async Results → Webhook URL',
				message: 'Reveal Phone Number and Run Waterfall Email needs a Webhook URL',
				hint: expect.stringContaining('Poll Only'),
			},
		});
		expect(buildFlagsQuery({ ...none, runWaterfallPhone: true, webhookUrl: 'ftp://x' })).toMatchObject({
			ok: false,
			problem: { message: expect.stringMatching(/not an http\(s\) URL/) },
		});
	});
	it('with Poll Only, sends poll_only and no webhook URL, even when one is set', () => {
		const pollOnly = { ...none, revealPhoneNumber: true, delivery: 'pollOnly' as const, webhookUrl: 'https://x.test/h' };
		expect(buildFlagsQuery(pollOnly)).toMatchObject({ ok: true, query: { reveal_phone_number: true, poll_only: true } });
		const result = buildFlagsQuery(pollOnly);
		expect(result.ok && 'webhook_url' in result.query).toBe(false);
	});
	it('names one call group per distinct query, and one memory signature per set of paid flags', () => {
		const a = buildFlagsQuery({ ...none, revealPhoneNumber: true, webhookUrl: 'https://x.test/a' });
		const b = buildFlagsQuery({ ...none, revealPhoneNumber: true, webhookUrl: 'https://x.test/b' });
		const plain = buildFlagsQuery(none);
		if (!a.ok || !b.ok || !plain.ok) throw new Error('expected ok');
		expect(a.group).not.toBe(b.group);
		expect(a.memoryFlags).toBe(b.memoryFlags);
		expect(plain.group).toBe('');
		expect(plain.memoryFlags).toBe('plain');
		expect(memoryFlagsOf({ ...none, revealPhoneNumber: true, revealPersonalEmails: true })).toBe('revealPersonalEmails+revealPhoneNumber');
	});
});

describe('asyncRequested', () => {
	it('is true for a phone reveal or a waterfall, not for personal emails', () => {
		expect(asyncRequested(none)).toBe(false);
		expect(asyncRequested({ ...none, revealPhoneNumber: false })).toBe(false);
		expect(asyncRequested({ ...none, runWaterfallPhone: true })).toBe(true);
	});
});

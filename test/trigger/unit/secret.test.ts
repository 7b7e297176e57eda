import { checkSecret, secretsMatch } from '../../../nodes/ApolloWebhookTrigger/protocol/secret';

describe('secrets', () => {
	it('compares by value only', () => {
		expect(secretsMatch('s3cret', 's3cret')).toBe(true);
		expect(secretsMatch('S3cret', 's3cret')).toBe(false);
		expect(secretsMatch('s3cret ', 's3cret')).toBe(false);
		expect(secretsMatch('s3cre', 's3cret')).toBe(false);
	});
	it('answers 401 when missing and 403 when wrong', () => {
		expect(checkSecret([undefined, ''], ['x'])).toMatchObject({ ok: false, status: 401 });
		expect(checkSecret(['y'], ['x'])).toMatchObject({ ok: false, status: 403 });
		expect(checkSecret(['y', 'x'], ['x'])).toEqual({ ok: true });
	});
	it('accepts the previous secret too while a change of secret is under way', () => {
		expect(checkSecret(['old'], ['new', 'old'])).toEqual({ ok: true });
		expect(checkSecret(['new'], ['new', 'old'])).toEqual({ ok: true });
		expect(checkSecret(['older'], ['new', 'old'])).toMatchObject({ ok: false, status: 403 });
	});
});

import { fieldTexts, problem } from '../../nodes/ApolloEnrich/protocol/itemProblems';

const LABELS = { email: 'Email', domain: 'Company Domain' };

describe('fieldTexts', () => {
	it('reads every field as trimmed text, empty when unset', () => {
		expect(fieldTexts({ email: ' jane@acme.com ', domain: 42 }, LABELS)).toEqual({
			ok: true,
			text: { email: 'jane@acme.com', domain: '42' },
		});
		expect(fieldTexts({ domain: null }, LABELS)).toEqual({ ok: true, text: { email: '', domain: '' } });
	});
	it('names the field that holds a list or an object, and how to fix it', () => {
		expect(fieldTexts({ email: ['a@b.co'] }, LABELS)).toEqual({
			ok: false,
			problem: {
				field: 'Email',
				message: 'Email must be text, but the value is a list',
				hint: 'Map a single text value into Email, for example {{ $json.email }}.',
			},
		});
		expect(fieldTexts({ domain: { host: 'acme.com' } }, LABELS)).toMatchObject({
			ok: false,
			problem: { field: 'Company Domain', message: expect.stringContaining('an object') },
		});
	});
});

describe('problem', () => {
	it('is a failed result with the field, message and hint', () => {
		expect(problem('Email', 'm', 'h')).toEqual({ ok: false, problem: { field: 'Email', message: 'm', hint: 'h' } });
	});
});

import {
	apolloErrorCode,
	apolloErrorMessage,
	hasApolloId,
	isJsonObject,
	isSignedInt64Text,
	numberOrNull,
	parseApolloJson,
	parseBodyLenient,
	requestIdOf,
	textOrNull,
} from '../../nodes/shared/apollo/json';

describe('parseApolloJson', () => {
	it('keeps a raw 64-bit request_id exact where JSON.parse rounds it', () => {
		const text = '{"person":{"id":"p1"},"request_id":-1039995589705121901}';
		expect(String((JSON.parse(text) as { request_id: number }).request_id)).not.toBe('-1039995589705121901');
		expect(requestIdOf(parseApolloJson(text))).toBe('-1039995589705121901');
	});

	it('handles nested ids, whitespace, and string ids unchanged', () => {
		const text = '{ "request_id" : 9223372036854775807 , "phone_enrichment": {"request_id": "-5"}, "x": [{"request_id":12345678901234567890}]}';
		expect(parseApolloJson(text)).toEqual({
			request_id: '9223372036854775807',
			phone_enrichment: { request_id: '-5' },
			x: [{ request_id: '12345678901234567890' }],
		});
	});

	it('does not touch the same text inside a string value', () => {
		const text = '{"note":"see \\"request_id\\": 123","request_id":7}';
		expect(parseApolloJson(text)).toEqual({ note: 'see "request_id": 123', request_id: '7' });
	});
});

describe('requestIdOf', () => {
	it('refuses numbers that can no longer be exact', () => {
		expect(requestIdOf({ request_id: 2 ** 60 })).toBeNull();
		expect(requestIdOf({ request_id: 42 })).toBe('42');
		expect(requestIdOf({})).toBeNull();
	});
});

describe('isSignedInt64Text', () => {
	it.each([
		['-9223372036854775808', true],
		['9223372036854775807', true],
		['9223372036854775808', false],
		['12a', false],
		['', false],
		['1.5', false],
	])('%s → %s', (value, expected) => expect(isSignedInt64Text(value)).toBe(expected));
});

describe('Apollo error bodies', () => {
	it('reads error_message, error and message, and plain text', () => {
		expect(apolloErrorMessage({ error_message: 'missing details', error: 'x' })).toBe('missing details');
		expect(apolloErrorMessage({ error: 'Please add a valid webhook_url' })).toBe('Please add a valid webhook_url');
		expect(apolloErrorMessage({ message: 'The maximum number of api calls' })).toBe('The maximum number of api calls');
		expect(apolloErrorMessage('Invalid API key. See the docs.')).toBe('Invalid API key. See the docs.');
		expect(apolloErrorMessage({})).toBeUndefined();
		expect(apolloErrorCode({ error_code: 'RECORD_LIMIT_EXCEEDED' })).toBe('RECORD_LIMIT_EXCEEDED');
	});

	it('parses JSON leniently and leaves plain text alone', () => {
		expect(parseBodyLenient('{"error_code":"result_pending","request_id":-1}')).toEqual({
			error_code: 'result_pending',
			request_id: '-1',
		});
		expect(parseBodyLenient('Invalid API key.')).toBe('Invalid API key.');
		expect(parseBodyLenient('{"truncated": ')).toBe('{"truncated": ');
	});
});

describe('the readers for loosely typed fields', () => {
	it('isJsonObject: a plain object only, not null or a list', () => {
		expect(isJsonObject({})).toBe(true);
		expect([null, [], 'x', 1, undefined].map(isJsonObject)).toEqual([false, false, false, false, false]);
	});

	it('textOrNull: text as is, finite numbers as text, anything else null', () => {
		expect([textOrNull('a'), textOrNull(''), textOrNull(42), textOrNull(Number.NaN), textOrNull(null), textOrNull({})]).toEqual([
			'a',
			'',
			'42',
			null,
			null,
			null,
		]);
	});

	it('numberOrNull: numbers and numeric text; blanks and nonsense are null', () => {
		expect([numberOrNull(3), numberOrNull(' 12.5 '), numberOrNull(''), numberOrNull('12 credits'), numberOrNull(Infinity)]).toEqual([
			3,
			12.5,
			null,
			null,
			null,
		]);
	});

	it('hasApolloId: a non-empty id, text or number; a miss stub has none', () => {
		expect(hasApolloId({ id: 'p1' })).toBe(true);
		expect(hasApolloId({ id: 7 })).toBe(true);
		expect(hasApolloId({ id: '' })).toBe(false);
		expect(hasApolloId({ name: '', organization: { name: 'Acme' } })).toBe(false);
	});
});

import { ASK_N8N, parseFieldReference, readFieldPath } from '../../nodes/ApolloEnrich/protocol/fieldReferences';

describe('parseFieldReference', () => {
	it.each([
		['={{ $json.email }}', ['email']],
		['={{$json.email}}', ['email']],
		['={{\n\t$json.email \n}}', ['email']],
		['={{ $json["Company Website"] }}', ['Company Website']],
		["={{ $json['Company Website'] }}", ['Company Website']],
		['={{ $json["it\'s"] }}', ["it's"]],
		['={{ $json.company.domain }}', ['company', 'domain']],
		['={{ $json.company["Web Site"].host }}', ['company', 'Web Site', 'host']],
		['={{ $json._private$1 }}', ['_private$1']],
		['={{ $json[""] }}', ['']],
	])('%s → %j', (raw, path) => {
		expect(parseFieldReference(raw)).toEqual(path);
	});

	it.each([
		// Not an expression, or not only a reference.
		'$json.email',
		'{{ $json.email }}',
		'={{ $json.email }} ',
		'= {{ $json.email }}',
		'=mailto:{{ $json.email }}',
		'={{ $json.email }}{{ $json.name }}',
		'={{ $json }}',
		'={{ $json.email.toLowerCase() }}',
		'={{ $json.email || "" }}',
		'={{ ($json.email) }}',
		'={{ $json?.email }}',
		'={{ $json.company?.domain }}',
		'={{ $json .email }}',
		'={{ $json[0] }}',
		'={{ $json[key] }}',
		'={{ $json[`email`] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json["email\'] }}',
		'={{ $json.1st }}',
		'={{ $input.item.json.email }}',
		'={{ $("Sheet").item.json.email }}',
		'={{ $json.constructor }}',
		'={{ $json.__proto__ }}',
		'={{ $json["__proto__"] }}',
		'={{ $json.a.prototype }}',
		'={{ $json.toString }}',
		'={{ $json["valueOf"] }}',
		'={{ $json.hasOwnProperty }}',
		'={{ $json.caller }}',
		'={{ $json.binding }}',
		'={{ { a: $json.email } }}',
		'',
		'=',
		42,
		null,
		undefined,
		{ email: '={{ $json.email }}' },
	])('%p is not a plain reference', (raw) => {
		expect(parseFieldReference(raw)).toBeUndefined();
	});
});

describe('readFieldPath', () => {
	const json = {
		email: 'jane@acme.com',
		count: 42,
		zero: 0,
		yes: true,
		no: false,
		nothing: null,
		empty: '',
		company: { domain: 'acme.com', tags: ['a'], 'Web Site': { host: 'acme.com' } },
		list: ['x'],
		notFinite: Number.NaN,
		explicitUndefined: undefined,
		when: new Date(0),
	};

	it.each([
		[['email'], 'jane@acme.com'],
		[['count'], 42],
		[['zero'], 0],
		[['yes'], true],
		[['no'], false],
		[['nothing'], null],
		[['empty'], ''],
		[['company', 'domain'], 'acme.com'],
		[['company', 'Web Site', 'host'], 'acme.com'],
		[['missing'], undefined],
		[['company', 'missing'], undefined],
	])('%j → %p', (path, value) => {
		expect(readFieldPath(json, path)).toBe(value);
	});

	it.each([
		// Values n8n's engine hands over in its own way (copies, dates, lists): n8n reads them.
		[['company']],
		[['list']],
		[['company', 'tags']],
		[['when']],
		[['notFinite']],
		[['explicitUndefined']],
		// A path through something that is not a plain object: n8n's value, or n8n's error.
		[['email', 'length']],
		[['list', '0']],
		[['missing', 'deeper']],
		[['nothing', 'deeper']],
		// Found only on the prototype.
		[['toString']],
		[['hasOwnProperty']],
		[['isPrototypeOf']],
	])('%j → asks n8n', (path) => {
		expect(readFieldPath(json, path)).toBe(ASK_N8N);
	});

	it('asks n8n when the item json is not a plain object', () => {
		expect(readFieldPath(undefined, ['email'])).toBe(ASK_N8N);
		expect(readFieldPath(new (class Row { email = 'x'; })(), ['email'])).toBe(ASK_N8N);
	});

	it('reads objects without a prototype', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { email: 'x' });
		expect(readFieldPath(bare, ['email'])).toBe('x');
		expect(readFieldPath(bare, ['toString'])).toBeUndefined();
	});
});

import { looksLikeHexId, looksRounded } from '../../nodes/ApolloEnrich/protocol/requestIds';

describe('looksRounded', () => {
	it('recognises what a JavaScript number or a spreadsheet makes of a 64-bit id', () => {
		const exact = '-1039995589705121901';
		expect(looksRounded(String(Number(exact)))).toBe(true); // -1039995589705121900
		expect(looksRounded('-1039995589705120000')).toBe(true); // 15 digits, as a spreadsheet keeps
		expect(looksRounded(exact)).toBe(false);
		expect(looksRounded('-3497021965086181833')).toBe(false);
	});

	it('leaves small numbers and other text alone', () => {
		expect(looksRounded('1200')).toBe(false);
		expect(looksRounded('abc00')).toBe(false);
		expect(looksRounded('')).toBe(false);
	});
});

describe('looksLikeHexId', () => {
	it('recognises Apollo record and job ids', () => {
		expect(looksLikeHexId('66a1f0c3e2b4d5001f8a9b7c')).toBe(true);
		expect(looksLikeHexId('66A1F0C3E2B4D5001F8A9B7C')).toBe(true);
	});

	it('is not fooled by a request id or short text', () => {
		expect(looksLikeHexId('1039995589705121901')).toBe(false);
		expect(looksLikeHexId('abc')).toBe(false);
		expect(looksLikeHexId('not-an-id-at-all-x')).toBe(false);
	});
});

import { describeItemRanges, describeUnsentWait } from '../../nodes/ApolloEnrich/protocol/errorTexts';

describe('describeUnsentWait', () => {
	it('says the call was held back unsent, so nothing was billed', () => {
		expect(describeUnsentWait(1_500)).toEqual({
			message: "Apollo's rate limit resets in 2 s, longer than this node waits",
			description:
				'Raise Throughput and Retries → Max Rate Limit Wait (Seconds), or run the workflow again later. This call was not sent, so nothing was billed for it.',
		});
	});
});

describe('describeItemRanges', () => {
	it('writes runs of items as ranges, in order, once each', () => {
		expect(describeItemRanges([12, 10, 11, 3, 40, 41, 3])).toBe('3, 10–12, 40–41');
		expect(describeItemRanges([])).toBe('');
	});

	it('shortens a long list', () => {
		const every2nd = Array.from({ length: 30 }, (_, index) => index * 2);
		expect(describeItemRanges(every2nd, 3)).toBe('0, 2, 4 and 27 more ranges');
	});
});

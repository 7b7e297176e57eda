import { CreditCap, worstCasePerLookup } from '../../nodes/ApolloEnrich/protocol/credits';

describe('worstCasePerLookup', () => {
	it("follows Apollo's pricing: 1 for data or email, 8 more for a mobile, unknown for a waterfall", () => {
		expect(worstCasePerLookup({})).toBe(1);
		expect(worstCasePerLookup({ revealPhoneNumber: true })).toBe(9);
		expect(worstCasePerLookup({ runWaterfallEmail: true })).toBeNull();
		expect(worstCasePerLookup({ revealPhoneNumber: true, runWaterfallPhone: true })).toBeNull();
	});
});

describe('CreditCap', () => {
	it('reserves a call only when its worst case fits beside what is spent and in flight', () => {
		const cap = new CreditCap(25);
		expect(cap.tryReserve(10)).toBe(true);
		expect(cap.tryReserve(10)).toBe(true);
		expect(cap.tryReserve(10)).toBe(false);
		expect(cap.couldFit(10)).toBe(true);
		cap.settle(10, 3);
		expect(cap.tryReserve(10)).toBe(true);
		expect(cap.committed).toBe(23);
	});
	it('never counts more than a reservation, and never lets the total pass the cap', () => {
		const cap = new CreditCap(9);
		expect(cap.tryReserve(9)).toBe(true);
		cap.settle(9, 50);
		expect(cap.committed).toBe(9);
		expect(cap.tryReserve(1)).toBe(false);
		expect(cap.couldFit(1)).toBe(false);
		expect(cap.inFlight).toBe(0);
	});
});

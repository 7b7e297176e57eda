/**
 * Apollo's credit prices, and Options → Max Credits per Run. Pure.
 *
 * Apollo's pricing (docs.apollo.io, People Enrichment and Bulk People Enrichment, page updated
 * 2026-10-08): "Credits are charged only if credit-consuming data is found: 1 credit for
 * demographics or email, plus 8 credits if a mobile phone is returned … Apollo doesn't charge a
 * demographic credit when it can't match a person." Organization enrichment: 1 credit per
 * organization. Waterfall vendors charge by Apollo's configuration of them, which Apollo does not
 * publish, so no worst case exists for a waterfall.
 */

export const DEMOGRAPHIC_CREDITS = 1;
export const MOBILE_CREDITS = 8;

/** What one lookup can cost at most, or null when nobody can say (a waterfall). */
export function worstCasePerLookup(flags: {
	revealPhoneNumber?: boolean;
	runWaterfallEmail?: boolean;
	runWaterfallPhone?: boolean;
}): number | null {
	if (flags.runWaterfallEmail || flags.runWaterfallPhone) return null;
	return DEMOGRAPHIC_CREDITS + (flags.revealPhoneNumber ? MOBILE_CREDITS : 0);
}

/**
 * The run's credit budget. A call reserves its worst case before it is sent and settles to what
 * it cost once answered; a call whose worst case does not fit in what is left is not sent. With
 * several calls in flight, the reservations keep the total under the cap whatever they return.
 */
export class CreditCap {
	private reserved = 0;
	private spent = 0;

	constructor(readonly limit: number) {}

	/** Whether a call of this worst case may be sent now; if so, it is reserved. */
	tryReserve(worstCase: number): boolean {
		if (this.spent + this.reserved + worstCase > this.limit) return false;
		this.reserved += worstCase;
		return true;
	}

	/** The call was answered (or failed): its reservation becomes what it cost. */
	settle(worstCase: number, cost: number): void {
		this.reserved -= worstCase;
		this.spent += Math.min(cost, worstCase);
	}

	/** Whether a call of this worst case could ever fit, once every call in flight is settled. */
	couldFit(worstCase: number): boolean {
		return this.spent + worstCase <= this.limit;
	}

	get inFlight(): number {
		return this.reserved;
	}

	get committed(): number {
		return this.spent + this.reserved;
	}
}

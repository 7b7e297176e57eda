// A tiny seeded PRNG so that request ids and jitter repeat exactly for a given seed: tests and
// benchmarks can then compare runs, which Math.random() would not allow.

/** mulberry32: 32-bit state, good enough spread for ids and jitter, and tiny. */
export class Prng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 2^32). */
	nextUint32(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.nextUint32() / 2 ** 32;
	}
}

/**
 * Issues Apollo-like request ids: signed int64, magnitude in [2^60, 2^63), mostly negative, and
 * always odd. Odd numbers above 2^53 are never exactly representable as a double, so every id
 * is guaranteed to be corrupted by JSON.parse, which is the hazard the fake must reproduce.
 */
export class RequestIdGenerator {
	private readonly rng: Prng;
	private readonly issued = new Set<string>();

	constructor(seed: number) {
		this.rng = new Prng(seed);
	}

	next(): string {
		for (;;) {
			const high = BigInt(this.rng.nextUint32() & 0x7fffffff) | (1n << 28n);
			const low = BigInt(this.rng.nextUint32()) | 1n;
			const magnitude = (high << 32n) | low;
			// Apollo's docs call the id "often negative": three out of four here.
			const negative = this.rng.next() < 0.75;
			const id = (negative ? -magnitude : magnitude).toString();
			if (!this.issued.has(id)) {
				this.issued.add(id);
				return id;
			}
		}
	}
}

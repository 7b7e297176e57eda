// Every timer the fake starts goes through here so that close() can cancel all of them at once:
// a leftover latency or webhook timer would keep jest alive and show up as an open handle.

export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;

	/**
	 * Resolves after `ms`. After clearAll() it never resolves: the awaiting code is simply
	 * abandoned, which is what we want once the server is gone.
	 */
	sleep(ms: number): Promise<void> {
		if (ms <= 0 && !this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			if (this.closed) return;
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	clearAll(): void {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

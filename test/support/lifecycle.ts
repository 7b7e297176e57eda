/**
 * The two ways the tests hold a server (the fake Apollo, a webhook host): one for the whole file,
 * or a fresh one per test. Each registers Jest's hooks where it is called, so call it at the top
 * of a test file or of a `describe`.
 */

interface Closable {
	close(): Promise<void>;
}

/**
 * Starts one server before the file's (or the describe's) tests and closes it after them;
 * `eachTest` runs before every test to give each the same starting state. Returns an accessor:
 * the server exists only once `beforeAll` has run, so read it inside tests and hooks.
 */
export function oncePerFile<T extends Closable>(start: () => Promise<T>, eachTest?: (started: T) => void): () => T {
	let started: T | undefined;
	beforeAll(async () => {
		started = await start();
	});
	afterAll(async () => await started?.close());
	if (eachTest) beforeEach(() => eachTest(current()));
	function current(): T {
		if (started === undefined) throw new Error('Not started yet: read it inside a test or a hook');
		return started;
	}
	return current;
}

/** Wraps `start` so that whatever a test starts with it is closed after that test. */
export function closedAfterEach<A extends unknown[], T extends Closable>(
	start: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
	const open: T[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async (started) => await started.close()));
	});
	return async (...args) => {
		const started = await start(...args);
		open.push(started);
		return started;
	};
}

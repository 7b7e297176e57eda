/** Helpers shared by the Wait for Results and Simplify tests. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { AsyncResultMeta } from '../../nodes/ApolloEnrich/protocol/asyncResults';
import type { FakeApollo, FakePerson } from '../fake-apollo';


/**
 * Apollo only checks the webhook URL's format, and the fake answers polls once its delivery
 * attempt has finished, whether or not it reached anyone. Nothing listens on port 9 here.
 */
export const DEAD_WEBHOOK_URL = 'http://127.0.0.1:9/apollo-webhook';

/** Fake Apollo settings for waiting: the poll endpoint asks to come back after 1 s, not 10. */
export const QUICK_POLLS = { pollRetryAfterSeconds: 1, repeats: 0 };

export function asyncResultOf(item: INodeExecutionData): AsyncResultMeta {
	return (item.json.apollo as { asyncResult: AsyncResultMeta }).asyncResult;
}

export function personOf(item: INodeExecutionData): IDataObject & { phone_numbers?: IDataObject[] } {
	return item.json.person as never;
}

/** The poll calls in the fake's log, as [request id, HTTP status], injected faults included. */
export function polls(fake: FakeApollo): Array<[string, number]> {
	return fake.requestLog
		.filter((entry) => entry.route === 'webhook_result')
		.map((entry) => [decodeURIComponent(entry.path.split('/').pop() ?? ''), entry.status]);
}

export function withMobile(fake: FakeApollo): FakePerson[] {
	return fake.directory.filter((person) => person.mobile_phone !== null);
}

export function withoutMobile(fake: FakeApollo): FakePerson[] {
	return fake.directory.filter((person) => person.mobile_phone === null);
}

export { hintsOf, summaryOf } from './support';

// Public entry point of the webhook host: serves a trigger node over HTTP the way n8n's webhook
// server does, plus a delivery simulator and Apollo delivery bodies to drive it.

export { startWebhookHost } from './host';
export {
	InMemoryStaticDataStore,
	JsonFileStaticDataStore,
	ObservedStaticDataStore,
	type StaticDataStore,
	type StoreOperation,
} from './static-data-store';
export {
	planDeliveries,
	simulateDeliveries,
	type DeliveryResult,
	type PlannedJob,
	type PlannedRequest,
	type SimulateDeliveriesOptions,
	type SimulationReport,
} from './delivery-simulator';
export {
	apolloDeliveries,
	type ApolloDeliveriesOptions,
	type ApolloDelivery,
	type ApolloDeliveryKind,
} from './apollo-deliveries';
export type * from './types';

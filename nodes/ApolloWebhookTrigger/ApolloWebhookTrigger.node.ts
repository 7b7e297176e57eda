import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleDelivery } from './handleDelivery';
import { triggerProperties } from './properties';

export class ApolloWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Webhook Trigger',
		name: 'apolloWebhookTrigger',
		icon: { light: 'file:../ApolloEnrich/apollo.svg', dark: 'file:../ApolloEnrich/apollo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["output"] === "wholeDelivery" ? "whole delivery" : "one item per person"}}',
		description:
			"Starts a workflow when Apollo delivers phone numbers or waterfall results, once per delivery however often Apollo retries it",
		defaults: { name: 'Apollo Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer as soon as the delivery is taken: a fast 2xx keeps Apollo from retrying.
				responseMode: 'onReceived',
				// Without this n8n answers a started run with its default, the literal text
				// "firstEntryJson". An expression that evaluates to nothing makes it send the
				// webhookResponse the node returns: {received, duplicate, dedupeKey}.
				responseData: '={{ "" }}',
				path: 'apollo',
			},
		],
		properties: triggerProperties,
	};

	// Apollo has no API to register webhooks: each enrichment request names its own webhook_url.
	// So there is nothing remote to check, create or delete; activation only opens the URL.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}

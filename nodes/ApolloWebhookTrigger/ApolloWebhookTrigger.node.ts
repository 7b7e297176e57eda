import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleDelivery } from './handleDelivery';
import { triggerProperties } from './properties';
import { pathFields, previousSecretPathOf, secretPathOf, WEBHOOK_PATH } from './webhookPaths';

// The editor evaluates `ndvHideUrl` for the node's parameters (n8n 1.x and 2.x), so the panel
// shows exactly one URL: the one with the secret once there is a secret, the bare one without
// verification, and none while the secret is still empty (nothing to copy that would not work).
const SECRET_URL_HIDDEN = '={{ $parameter["verification"] !== "secret" || !$parameter["secret"] }}';
const BARE_URL_HIDDEN = '={{ $parameter["verification"] !== "none" }}';

function deliveryWebhook(path: Pick<IWebhookDescription, 'path'>, hideUrl: boolean | string): IWebhookDescription {
	return {
		name: 'default',
		httpMethod: 'POST',
		...path,
		ndvHideUrl: hideUrl,
		// Answer as soon as the delivery is taken: a fast 2xx keeps Apollo from retrying.
		responseMode: 'onReceived',
		// Without this n8n answers a started run with its default, the literal text
		// "firstEntryJson". An empty value (not an expression: n8n would evaluate it for every
		// request) makes it send the webhookResponse the node returns: {received, duplicate, dedupeKey}.
		responseData: '',
	};
}

export class ApolloWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Webhook Trigger',
		name: 'apolloWebhookTrigger',
		icon: { light: 'file:../../icons/apollo.svg', dark: 'file:../../icons/apollo.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates an expression for every request to a version-1 webhook node
		// (its Webhook node's old binaryData switch), in a fresh isolate under the vm engine; it
		// skips that from version 1.1 on. Workflows made with version 1 keep it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["output"] === "wholeDelivery" ? "whole delivery" : "one item per person"}}',
		description:
			"Starts a workflow when Apollo delivers phone numbers or waterfall results, once per delivery however often Apollo retries it",
		defaults: { name: 'Apollo Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Three paths, one handler, which checks the secret again in every case. A request with a
		// wrong secret in the path matches none of them and gets n8n's 404, as for any URL that
		// does not exist: no path with a `:parameter` catches it, because such a path must carry
		// the workflow's and node's ids, which only the expression engine can fill in.
		webhooks: [
			// The URL the editor shows, to paste into Apollo Enrich as is: the secret is its last
			// segment.
			deliveryWebhook(pathFields(secretPathOf), SECRET_URL_HIDDEN),
			// The URL with the previous secret, while a change of secret is under way.
			deliveryWebhook(pathFields(previousSecretPathOf), true),
			// No last segment: the secret as ?secret=… or in a header; without one, 401. The URL
			// the editor shows when Verification is None.
			deliveryWebhook({ path: WEBHOOK_PATH }, BARE_URL_HIDDEN),
		],
		properties: triggerProperties,
	};

	// Apollo has no API to register webhooks: each enrichment request names its own webhook_url.
	// So there is nothing remote to check, create or delete; activation only opens the URLs.
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

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
import { triggerProperties, WEBHOOK_PATH } from './properties';

// URL-safe as it is typed; anything else is encoded the way a browser or Apollo would send it.
const SECRET_IN_PATH = `={{ "${WEBHOOK_PATH}/" + ($parameter["verification"] === "none" ? "open" : encodeURIComponent($parameter["secret"] || "no-secret-set")) }}`;

// n8n keeps a path with a `:parameter` as it is, unique across all workflows, so the parameter's
// name carries this workflow's and node's ids. The node reads the secret from the URL, not from it.
const OTHER_SECRET_IN_PATH = `={{ "${WEBHOOK_PATH}/:secret-" + $workflow.id + "-" + $nodeId }}`;

// The editor evaluates `ndvHideUrl` for the node's parameters (n8n 1.x and 2.x), so the panel
// shows exactly one URL: the one with the secret once there is a secret, the bare one without
// verification, and none while the secret is still empty (nothing to copy that would not work).
const SECRET_URL_HIDDEN = '={{ $parameter["verification"] !== "secret" || !$parameter["secret"] }}';
const BARE_URL_HIDDEN = '={{ $parameter["verification"] !== "none" }}';

function deliveryWebhook(path: string, shape: { hideUrl: boolean | string; parameter?: boolean }): IWebhookDescription {
	return {
		name: 'default',
		httpMethod: 'POST',
		path,
		ndvHideUrl: shape.hideUrl,
		// n8n stores a path with a `:parameter` as it is and prefixes the node's webhook id only
		// when matching, so such a path must be "full" to be found as <webhook id>/apollo/….
		isFullPath: shape.parameter === true,
		// Answer as soon as the delivery is taken: a fast 2xx keeps Apollo from retrying.
		responseMode: 'onReceived',
		// Without this n8n answers a started run with its default, the literal text
		// "firstEntryJson". An expression that evaluates to nothing makes it send the
		// webhookResponse the node returns: {received, duplicate, dedupeKey}.
		responseData: '={{ "" }}',
	};
}

export class ApolloWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apollo Webhook Trigger',
		name: 'apolloWebhookTrigger',
		icon: { light: 'file:../../icons/apollo.svg', dark: 'file:../../icons/apollo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["output"] === "wholeDelivery" ? "whole delivery" : "one item per person"}}',
		description:
			"Starts a workflow when Apollo delivers phone numbers or waterfall results, once per delivery however often Apollo retries it",
		defaults: { name: 'Apollo Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Three paths, one handler; n8n matches an exact path before a path with a parameter.
		webhooks: [
			// The URL the editor shows, to paste into Apollo Enrich as is: the secret is its last
			// segment.
			deliveryWebhook(SECRET_IN_PATH, { hideUrl: SECRET_URL_HIDDEN }),
			// Any other last segment: a wrong (or the previous) secret, checked by the node, so a
			// wrong one gets its 403 rather than n8n's 404.
			deliveryWebhook(OTHER_SECRET_IN_PATH, { hideUrl: true, parameter: true }),
			// No last segment: the secret as ?secret=… or in a header; without one, 401. The URL
			// the editor shows when Verification is None.
			deliveryWebhook(WEBHOOK_PATH, { hideUrl: BARE_URL_HIDDEN }),
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

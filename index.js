/**
 * The package's entry point (`main`). n8n itself does not use it: it loads the files listed in
 * package.json's `n8n` block. This file exists so that code outside n8n — this repo's demo,
 * tests and benchmarks, or a script of yours — can `require('n8n-nodes-apollo-enrich')` and get
 * the same compiled node and credential classes n8n loads, from `dist/`.
 *
 * It ships in the tarball, so n8n's community-package scanner lints it with the cloud rules:
 * only relative requires, and no `path` or `__dirname`. test/integration/package.test.ts checks
 * that it lists exactly the files of the `n8n` block.
 */
module.exports = {
	nodes: {
		ApolloEnrich: require('./dist/nodes/ApolloEnrich/ApolloEnrich.node.js').ApolloEnrich,
		ApolloWebhookTrigger: require('./dist/nodes/ApolloWebhookTrigger/ApolloWebhookTrigger.node.js')
			.ApolloWebhookTrigger,
	},
	credentials: {
		ApolloEnrichApi: require('./dist/credentials/ApolloEnrichApi.credentials.js').ApolloEnrichApi,
	},
};

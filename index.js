/**
 * The package's entry point (`main`). n8n itself does not use it: it loads the files listed in
 * package.json's `n8n` block. This file exists so that code outside n8n — this repo's demo,
 * tests and benchmarks, or a script of yours — can `require('n8n-nodes-apollo-enrich')` and get
 * the same compiled node and credential classes n8n loads, from `dist/`.
 */
const path = require('path');
const { n8n } = require('./package.json');

function load(relativePath) {
	const className = path.basename(relativePath).split('.')[0];
	return require(path.join(__dirname, relativePath))[className];
}

module.exports = {
	nodes: Object.fromEntries(n8n.nodes.map((file) => [path.basename(file).split('.')[0], load(file)])),
	credentials: Object.fromEntries(
		n8n.credentials.map((file) => [path.basename(file).split('.')[0], load(file)]),
	),
};

/**
 * Entry point for programmatic use of the built package (`require('n8n-nodes-useapi-pika')`),
 * e.g. to run the nodes from your own n8n-core harness. n8n itself does not use it: it
 * loads the files listed under "n8n" in package.json. Getters keep `require` cheap: a
 * class is loaded only when asked for.
 */
module.exports = {
	nodes: {
		get Pika() {
			return require('./dist/nodes/Pika/Pika.node').Pika;
		},
		get PikaTrigger() {
			return require('./dist/nodes/PikaTrigger/PikaTrigger.node').PikaTrigger;
		},
	},
	credentials: {
		get UseApiPikaApi() {
			return require('./dist/credentials/UseApiPikaApi.credentials').UseApiPikaApi;
		},
	},
};

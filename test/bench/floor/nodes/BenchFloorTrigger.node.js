// The floor of the benchmark: a community trigger with the same webhook description, versions and
// parameters shape as the package's triggers (so n8n does the same work around it), whose webhook()
// does nothing but accept every request (one item: the body) or refuse it with 401.
const workflow = require('n8n-workflow');

const responseDataOf = (parameters) =>
	parameters.options && parameters.options.responseMode === 'lastNode' ? 'noData' : '';
const templates = {
	responseMode: '={{$parameter["options"]["responseMode"] || "onReceived"}}',
	responseData: `={{(${String(responseDataOf)})($parameter)}}`,
};
const respondFields =
	typeof workflow.webhookDescriptionFields === 'function'
		? workflow.webhookDescriptionFields({
				responseMode: workflow.fromParameter(['options', 'responseMode'], 'onReceived'),
				responseData: workflow.fromFunction(responseDataOf),
			})
		: templates;

// The values of the `answer` parameter and their labels: test/bench/peers.ts sets one in each floor
// workflow, webhook() reads it.
const ANSWERS = { accept: 'Accept', refuse: 'Refuse With 401' };

class BenchFloorTrigger {
	constructor() {
		this.description = {
			displayName: 'Bench Floor Trigger',
			name: 'benchFloorTrigger',
			group: ['trigger'],
			version: [1, 2],
			defaultVersion: 2,
			description: 'Benchmark floor: accepts or refuses every request, doing nothing else',
			defaults: { name: 'Bench Floor Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', ...respondFields, path: 'webhook' }],
			properties: [
				{
					displayName: 'Answer',
					name: 'answer',
					type: 'options',
					options: Object.entries(ANSWERS).map(([value, name]) => ({ name, value })),
					default: 'accept',
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add option',
					default: {},
					options: [],
				},
			],
		};
	}

	async webhook() {
		if (this.getNodeParameter('answer', 'accept') === 'refuse') {
			this.getResponseObject().status(401).json({ error: 'unauthorized' });
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray([this.getBodyData()])] };
	}
}

module.exports = { BenchFloorTrigger };

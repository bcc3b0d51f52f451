// Hostile input against each trigger in real n8n: every request gets a defined answer, none starts an
// execution, and n8n stays healthy. A genuine callback sent afterwards is the only new execution.
import type { RealN8n } from './realN8n';
import { FORGERIES, type ProviderSuite } from './suite';

const MEGABYTE = 1024 * 1024;

/** The genuine callback each trigger accepts after the hostile ones (in the traffic's e2e range). */
export const HOSTILE_BARRIER = 100_999;

/** The forged callback of kind "made-up signature", as JSON text (numbers from 100,000: the e2e range). */
function forgedText(suite: ProviderSuite, n: number) {
	const number = 100_000 + n * FORGERIES.length + FORGERIES.indexOf('made-up signature');
	const { body } = suite.traffic.forged(number);
	if (typeof body !== 'string') throw new Error('forged callbacks are JSON text');
	return body;
}

/** The callback's JSON text with one more top-level member. */
const withMember = (text: string, member: string) => `${text.slice(0, -1)},${member}}`;

interface HostileRequest {
	name: string;
	request(suite: ProviderSuite): { method?: string; contentType?: string; body?: string | Buffer };
	/** The answer: from the trigger, or from n8n itself (422: JSON it cannot parse; 404: wrong method). */
	status: number | ((suite: ProviderSuite) => number);
}

export const HOSTILE_REQUESTS: HostileRequest[] = [
	{
		name: 'a forged callback padded to 10 MB',
		request: (suite) => ({
			contentType: 'application/json',
			body: withMember(forgedText(suite, 1), `"padding":"${'A'.repeat(10 * MEGABYTE)}"`),
		}),
		status: 401,
	},
	{
		name: '10 MB of random bytes',
		request: () => ({
			contentType: 'application/octet-stream',
			body: Buffer.alloc(10 * MEGABYTE, 0xa7),
		}),
		status: 400,
	},
	{
		name: 'a forged callback holding JSON nested 100,000 levels deep',
		request: (suite) => ({
			contentType: 'application/json',
			body: withMember(
				forgedText(suite, 2),
				`"nested":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
			),
		}),
		status: 401,
	},
	{
		name: 'a forged callback with invalid UTF-8 in a value',
		request: (suite) => {
			const [before, after] = forgedText(suite, 3).split(/(?<=^\{"[^"]+":")/);
			return {
				contentType: 'application/json',
				body: Buffer.concat([
					Buffer.from(before),
					Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
					Buffer.from(after),
				]),
			};
		},
		status: 401,
	},
	{
		name: 'a body of invalid UTF-8 sent as JSON',
		request: () => ({
			contentType: 'application/json',
			body: Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d]),
		}),
		status: 422,
	},
	{
		name: 'a forged callback sent as XML',
		request: (suite) => ({
			contentType: 'application/xml',
			body: `<callback>${forgedText(suite, 4)}</callback>`,
		}),
		// n8n turns XML into an object ({callback: ...}) before the trigger sees it
		status: (suite) => suite.traffic.unknownObjectStatus,
	},
	{
		name: 'an empty body',
		request: () => ({ contentType: 'application/json', body: '' }),
		status: 400,
	},
	{
		name: 'a GET instead of a POST',
		request: () => ({ method: 'GET' }),
		status: 404,
	},
];

export function defineHostileInputTests(n8n: () => RealN8n, suites: readonly ProviderSuite[]) {
	describe.each(suites)('hostile input to the $title', (suite) => {
		const { workflow } = suite.traffic;
		const webhookId = workflow.nodes[0].webhookId;
		let executionsBefore = 0;

		beforeAll(() => {
			executionsBefore = n8n().executions(workflow.id).length;
		});

		it.each(HOSTILE_REQUESTS)('answers $name with a defined 4xx', async ({ request, status }) => {
			const expected = typeof status === 'function' ? status(suite) : status;
			const response = await n8n().post(webhookId, request(suite));
			expect({ status: response.status, text: response.text.slice(0, 300) }).toEqual({
				status: expected,
				text: expect.any(String),
			});
			expect(await n8n().healthy()).toBe(true);
		});

		it('started no execution for any of them, and runs the next genuine callback once', async () => {
			const barrier = HOSTILE_BARRIER;
			expect((await n8n().post(webhookId, suite.traffic.genuine(barrier))).status).toBe(200);
			const rows = await n8n().waitForExecutions(workflow.id, executionsBefore + 1);
			expect(rows).toHaveLength(executionsBefore + 1);
			const [item] = n8n().triggerItems(rows[rows.length - 1].id, workflow.nodes[0].name);
			expect(item[suite.traffic.itemIdField]).toBe(suite.traffic.idOf(barrier));
			expect(await n8n().healthy()).toBe(true);
		});
	});
}

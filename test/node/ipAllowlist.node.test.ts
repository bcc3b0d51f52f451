// Options > IP Allowlist through each trigger's real webhook() in n8n-core's WebhookContext: the caller's
// address n8n hands the node is checked against the list before anything else, for every provider alike
// (the list's parsing is unit-tested in test/unit/ipAllowlist.test.ts).
import { PROVIDERS, triggerHarness, type TestProvider } from '../helpers/providers';
import { expectRefused, onlyItem } from '../helpers/webhookHarness';

const allowlisted = (provider: TestProvider, list: string) =>
	triggerHarness(provider, { parameters: { options: { ipAllowlist: list } } });

/** Each allowlist, the callers it lets the genuine callback through from, and the callers it refuses with 403. */
const LISTS: Array<{ list: string; allowed: string[]; refused: string[] }> = [
	{ list: '203.0.113.7', allowed: ['203.0.113.7'], refused: ['::ffff:203.0.113.8'] },
	{
		list: '203.0.113.0/24',
		allowed: ['203.0.113.250', '::ffff:203.0.113.9'],
		refused: ['198.51.100.7', '::ffff:203.0.114.1'],
	},
	{ list: '2001:db8::/32', allowed: ['2001:db8:1::5'], refused: ['2001:db9::1'] },
	{ list: '2001:db8:abcd::/48', allowed: ['2001:db8:abcd:12::1'], refused: ['2001:db8:abce::1'] },
	{ list: '198.51.100.1, 2001:db8::1', allowed: ['2001:db8::1'], refused: [] },
	{ list: '198.51.100.23', allowed: [], refused: ['::1'] },
];

/** [list, caller] for every caller a list allows, or refuses. */
const callers = (which: 'allowed' | 'refused') =>
	LISTS.flatMap((entry) => entry[which].map((ip): [string, string] => [entry.list, ip]));

describe.each(PROVIDERS.map((provider) => [provider.name, provider] as const))(
	'%s Trigger: IP allowlist',
	(_name, provider) => {
		it.each(callers('allowed'))('list %j lets caller %s through', async (list, ip) => {
			const sent = await allowlisted(provider, list).send({ ...provider.genuine(), ip });
			expect(onlyItem(sent.result).verified).toBe(true);
		});

		it.each(callers('refused'))('list %j refuses caller %s with 403', async (list, ip) => {
			expectRefused(await allowlisted(provider, list).send({ ...provider.genuine(), ip }), 403);
		});

		it('refuses before reading the body: a caller outside the list gets 403 even with garbage', async () => {
			const { response } = await allowlisted(provider, '203.0.113.7').send({
				headers: {},
				body: 'junk',
				ip: '192.0.2.1',
			});
			expect(response.statusCode).toBe(403);
		});
	},
);

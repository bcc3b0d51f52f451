// Options > IP Allowlist through each trigger's real webhook() in n8n-core's WebhookContext: the caller's
// address n8n hands the node is checked against the list before anything else, for every provider alike
// (the list's parsing is unit-tested in test/unit/ipAllowlist.test.ts).
import { PROVIDERS, triggerHarness, type TestProvider } from '../helpers/providers';
import { expectRefused, onlyItem } from '../helpers/webhookHarness';

const allowlisted = (provider: TestProvider, list: string) => triggerHarness(provider, { parameters: { options: { ipAllowlist: list } } });

/** The allowlist, the caller's address, and whether the genuine callback gets through. */
const CASES: Array<[string, string, boolean]> = [
	['203.0.113.7', '203.0.113.7', true],
	['203.0.113.0/24', '203.0.113.250', true],
	['203.0.113.0/24', '::ffff:203.0.113.9', true],
	['2001:db8::/32', '2001:db8:1::5', true],
	['2001:db8:abcd::/48', '2001:db8:abcd:12::1', true],
	['198.51.100.1, 2001:db8::1', '2001:db8::1', true],
	['203.0.113.0/24', '198.51.100.7', false],
	['203.0.113.0/24', '::ffff:203.0.114.1', false],
	['2001:db8::/32', '2001:db9::1', false],
	['2001:db8:abcd::/48', '2001:db8:abce::1', false],
	['203.0.113.7', '::ffff:203.0.113.8', false],
	['198.51.100.23', '::1', false],
];

describe.each(PROVIDERS.map((provider) => [provider.name, provider] as const))('%s Trigger: IP allowlist', (_name, provider) => {
	it.each(CASES)('list %j, caller %s -> allowed %s', async (list, ip, allowed) => {
		const sent = await allowlisted(provider, list).send({ ...provider.genuine(), ip });
		if (allowed) expect(onlyItem(sent.result).verified).toBe(true);
		else expectRefused(sent, 403);
	});

	it('refuses before reading the body: a caller outside the list gets 403 even with garbage', async () => {
		const { response } = await allowlisted(provider, '203.0.113.7').send({ headers: {}, body: 'junk', ip: '192.0.2.1' });
		expect(response.statusCode).toBe(403);
	});
});

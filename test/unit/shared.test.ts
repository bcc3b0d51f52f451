import { CredentialCache } from '../../nodes/shared/credentialCache';
import { parseAllowlist } from '../../nodes/shared/ipAllowlist';
import { fromMajorUnits, fromMinorUnits, toText } from '../../nodes/shared/money';
import { RecentCallbacks, liveRecentCallbacks, type RecentCallbacksState } from '../../nodes/shared/recentCallbacks';
import { decodeRequestBody } from '../../nodes/shared/requestBody';
import { flattenHeaders, redactHeaders, secretsMatch } from '../../nodes/shared/secrets';

describe('decodeRequestBody', () => {
	it('takes the object n8n parsed from JSON as it is (arrays stay arrays)', () => {
		const parsed = { status: 'PAID', items: ['one'] };
		expect(decodeRequestBody({ contentType: 'application/json', parsed, raw: undefined })).toEqual({ ok: true, fields: parsed });
	});

	it('reads multipart fields from n8n\'s { data, files } shape, unwrapping single values', () => {
		const parsed = { data: { status: 'Accepted', token: ['abc'] }, files: {} };
		expect(decodeRequestBody({ contentType: 'multipart/form-data; boundary=x', parsed, raw: undefined })).toEqual({
			ok: true,
			fields: { status: 'Accepted', token: 'abc' },
		});
	});

	it('decodes raw bytes n8n left unparsed, as a form or as JSON', () => {
		expect(decodeRequestBody({ contentType: 'application/x-www-form-urlencoded', parsed: {}, raw: Buffer.from('a=1&b=x+y') })).toEqual({
			ok: true,
			fields: { a: '1', b: 'x y' },
		});
		expect(decodeRequestBody({ contentType: 'text/plain', parsed: undefined, raw: Buffer.from('{"a":1}') })).toEqual({ ok: true, fields: { a: 1 } });
		expect(decodeRequestBody({ contentType: undefined, parsed: '{"a":2}', raw: undefined })).toEqual({ ok: true, fields: { a: 2 } });
	});

	it.each([
		['empty JSON', 'application/json', {}, Buffer.alloc(0)],
		['whitespace', 'application/json', {}, Buffer.from('  \n')],
		['a JSON array', 'application/json', undefined, Buffer.from('[1,2]')],
		['a JSON string', 'text/plain', undefined, Buffer.from('"x"')],
		['broken JSON', 'text/plain', undefined, Buffer.from('{"a":')],
		['nothing at all', undefined, undefined, undefined],
		['multipart without fields', 'multipart/form-data', { data: {}, files: {} }, undefined],
		['multipart with a non-object', 'multipart/form-data', 'x', undefined],
	])('answers "unusable" for %s, without throwing', (_name, contentType, parsed, raw) => {
		const result = decodeRequestBody({ contentType, parsed, raw });
		expect(result).toEqual({ ok: false, message: expect.any(String) });
	});
});

describe('parseAllowlist', () => {
	it('allows everything when empty', () => {
		const list = parseAllowlist(' ');
		expect(list.ok && list.empty && list.allows(undefined)).toBe(true);
	});

	it('matches addresses and ranges of both families, separated by commas, spaces or lines', () => {
		const list = parseAllowlist('203.0.113.7,198.51.100.0/24\n2001:db8::/32  ::1');
		if (!list.ok) throw new Error('should parse');
		for (const ip of ['203.0.113.7', '198.51.100.200', '::ffff:198.51.100.1', '2001:db8:ffff::1', '::1']) {
			expect([ip, list.allows(ip)]).toEqual([ip, true]);
		}
		for (const ip of ['203.0.113.8', '198.51.101.1', '2001:db9::1', '::2', undefined, 'not-an-ip', 'fe80::1%eth0']) {
			expect([ip, list.allows(ip)]).toEqual([ip, false]);
		}
	});

	it('reports every entry that is not an address or a CIDR range', () => {
		expect(parseAllowlist('10.0.0.1, 10.0.0.0/33, 2001:db8::/129, host.example, 1.2.3.4/8/8, 10.0.0.0/x')).toEqual({
			ok: false,
			invalidEntries: ['10.0.0.0/33', '2001:db8::/129', 'host.example', '1.2.3.4/8/8', '10.0.0.0/x'],
		});
	});
});

describe('RecentCallbacks', () => {
	it('accepts a key once within the window, and again after it', () => {
		const state: RecentCallbacksState = {};
		const recent = new RecentCallbacks(state, 10, 1000);
		expect(recent.acceptOnce('a', 0)).toBe(true);
		expect(recent.acceptOnce('a', 999)).toBe(false);
		expect(recent.acceptOnce('b', 999)).toBe(true);
		expect(recent.acceptOnce('a', 1000)).toBe(true);
		expect(recent.acceptOnce('a', 1500)).toBe(false);
	});

	it('stays within its limit, dropping the oldest first, whatever the traffic', () => {
		const state: RecentCallbacksState = {};
		const recent = new RecentCallbacks(state, 100, 1_000_000);
		const key = (i: number) => `order-${i}:a very long status message `.repeat(20);
		for (let i = 0; i < 5000; i++) expect(recent.acceptOnce(key(i), i)).toBe(true);
		expect(Object.keys(state.recentCallbacks!)).toHaveLength(100);
		expect(recent.acceptOnce(key(4999), 5000)).toBe(false); // still remembered
		expect(recent.acceptOnce(key(4899), 5000)).toBe(true); // dropped as the oldest
		expect(JSON.stringify(state).length).toBeLessThan(100 * 40);
	});

	it('drops entries older than the window when it records a new one', () => {
		const state: RecentCallbacksState = {};
		const recent = new RecentCallbacks(state, 100, 10);
		recent.acceptOnce('old', 0);
		recent.acceptOnce('new', 50);
		expect(Object.keys(state.recentCallbacks!)).toHaveLength(1);
	});
});

describe('liveRecentCallbacks', () => {
	it('accepts a callback once even when every request got its own copy of the static data', () => {
		// n8n loads a workflow's static data from the database for each request, so requests in
		// flight together hold separate copies
		const copies: RecentCallbacksState[] = Array.from({ length: 20 }, () => ({}));
		const accepted = copies.map((copy) => liveRecentCallbacks('wf-a:node-1', copy).recentCallbacks.acceptOnce('same-key', 1000));
		expect(accepted.filter(Boolean)).toHaveLength(1);
	});

	it('writes every accepted key back to the copy n8n will save, whichever request saves last', () => {
		const first: RecentCallbacksState = {};
		const second: RecentCallbacksState = {};
		// as the trigger does: persist after each acceptance
		const acceptInto = (copy: RecentCallbacksState, key: string, now: number) => {
			const store = liveRecentCallbacks('wf-b:node-1', copy);
			store.recentCallbacks.acceptOnce(key, now);
			store.persist();
		};
		acceptInto(first, 'one', 1);
		acceptInto(second, 'two', 2);
		expect(Object.keys(second.recentCallbacks!)).toHaveLength(2);
		expect(Object.keys(first.recentCallbacks!)).toHaveLength(1);
	});

	it('remembers what an earlier process saved (after a restart the live store starts empty)', () => {
		const saved: RecentCallbacksState = {};
		const before = liveRecentCallbacks('wf-c:before-restart', saved);
		before.recentCallbacks.acceptOnce('one', 1);
		before.persist();
		const afterRestart = liveRecentCallbacks('wf-c:after-restart', JSON.parse(JSON.stringify(saved)) as RecentCallbacksState).recentCallbacks;
		expect(afterRestart.acceptOnce('one', 2)).toBe(false);
		expect(afterRestart.acceptOnce('two', 3)).toBe(true);
	});

	it('keeps the stores of different nodes apart', () => {
		expect(liveRecentCallbacks('wf-d:node-1', {}).recentCallbacks.acceptOnce('same-key', 1)).toBe(true);
		expect(liveRecentCallbacks('wf-d:node-2', {}).recentCallbacks.acceptOnce('same-key', 1)).toBe(true);
	});
});

describe('amounts and identifiers', () => {
	it('converts between major and minor units', () => {
		expect(fromMinorUnits(450050)).toEqual({ amount: 4500.5, amountMinor: 450050 });
		expect(fromMinorUnits('12')).toEqual({ amount: 0.12, amountMinor: 12 });
		expect(fromMajorUnits('5000')).toEqual({ amount: 5000, amountMinor: 500000 });
		expect(fromMajorUnits(19.99)).toEqual({ amount: 19.99, amountMinor: 1999 });
		for (const nothing of [undefined, null, '', 'abc', NaN, Infinity, {}]) {
			expect(fromMinorUnits(nothing)).toEqual({ amount: null, amountMinor: null });
			expect(fromMajorUnits(nothing)).toEqual({ amount: null, amountMinor: null });
		}
	});

	it('writes identifiers as text', () => {
		expect(toText(3029)).toBe('3029');
		expect(toText(' REF-1 ')).toBe('REF-1');
		expect(toText('')).toBeNull();
		expect(toText({})).toBeNull();
	});
});

describe('secrets', () => {
	it('compares in constant time and only equal strings match', () => {
		expect(secretsMatch('abc', 'abc')).toBe(true);
		expect(secretsMatch('abc', 'abd')).toBe(false);
		expect(secretsMatch('abc', 'abcd')).toBe(false);
		expect(secretsMatch('', 'a')).toBe(false);
	});

	it('hides credentials in headers', () => {
		const flat = flattenHeaders({ Authorization: 'Bearer x', cookie: 'c=1', 'X-Forwarded-For': ['1.1.1.1', '2.2.2.2'], skipped: undefined });
		expect(flat).toEqual({ authorization: 'Bearer x', cookie: 'c=1', 'x-forwarded-for': '1.1.1.1, 2.2.2.2' });
		expect(redactHeaders(flat)).toEqual({ authorization: '**hidden**', cookie: '**hidden**', 'x-forwarded-for': '1.1.1.1, 2.2.2.2' });
	});
});

describe('CredentialCache', () => {
	const loader = (values: Array<Record<string, unknown> | Error>) => {
		const calls = { count: 0 };
		const load = async () => {
			const next = values[Math.min(calls.count++, values.length - 1)];
			if (next instanceof Error) throw next;
			return next;
		};
		return { load, calls };
	};

	it('reuses a loaded credential within its lifetime and loads again after it', async () => {
		const cache = new CredentialCache(1000);
		const { load, calls } = loader([{ key: 'one' }, { key: 'two' }]);
		expect(await cache.get('wf:node:cred', load, 0)).toEqual({ key: 'one' });
		expect(await cache.get('wf:node:cred', load, 999)).toEqual({ key: 'one' });
		expect(calls.count).toBe(1);
		expect(await cache.get('wf:node:cred', load, 1000)).toEqual({ key: 'two' });
		expect(calls.count).toBe(2);
	});

	it('does not keep failed loads, and forgets a node on request', async () => {
		const cache = new CredentialCache(1000);
		const { load, calls } = loader([new Error('Credentials not found'), { key: 'one' }, { key: 'two' }]);
		await expect(cache.get('wf:node:cred', load, 0)).rejects.toThrow('Credentials not found');
		expect(await cache.get('wf:node:cred', load, 1)).toEqual({ key: 'one' });
		cache.forget('wf:node:');
		expect(await cache.get('wf:node:cred', load, 2)).toEqual({ key: 'two' });
		expect(calls.count).toBe(3);
	});

	it('loads again when the clock went backwards, and holds a bounded number of nodes', async () => {
		const cache = new CredentialCache(1000, 2);
		const { load, calls } = loader([{ key: 'one' }]);
		await cache.get('a', load, 500);
		await cache.get('a', load, 100);
		expect(calls.count).toBe(2);
		await cache.get('b', load, 100);
		await cache.get('c', load, 100); // drops 'a', the least recently loaded
		await cache.get('a', load, 100);
		expect(calls.count).toBe(5);
	});
});

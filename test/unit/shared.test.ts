import { CredentialCache } from '../../nodes/shared/credentialCache';
import { parseAllowlist } from '../../nodes/shared/ipAllowlist';
import { fromMajorUnits, fromMinorUnits, toText } from '../../nodes/shared/money';
import { BoundedMap } from '../../nodes/shared/boundedMap';
import { liveRecentCallbacks } from '../../nodes/shared/liveRecentCallbacks';
import {
	IN_FLIGHT_LEASE_MS,
	RecentCallbacks,
	type RecentCallbacksState,
	type SavedRecentCallbacks,
} from '../../nodes/shared/recentCallbacks';
import { forEachSavedCallback, type AcceptedCallbacks } from '../../nodes/shared/savedCallbacks';
import { decodeRequestBody } from '../../nodes/shared/requestBody';
import { flattenHeaders, redactHeaders, secretsMatch } from '../../nodes/shared/secrets';

describe('decodeRequestBody', () => {
	it('takes the object n8n parsed from JSON as it is (arrays stay arrays)', () => {
		const parsed = { status: 'PAID', items: ['one'] };
		expect(decodeRequestBody({ contentType: 'application/json', parsed, raw: undefined })).toEqual({
			ok: true,
			fields: parsed,
		});
	});

	it("reads multipart fields from n8n's { data, files } shape, unwrapping single values", () => {
		const parsed = { data: { status: 'Accepted', token: ['abc'] }, files: {} };
		expect(
			decodeRequestBody({ contentType: 'multipart/form-data; boundary=x', parsed, raw: undefined }),
		).toEqual({
			ok: true,
			fields: { status: 'Accepted', token: 'abc' },
		});
	});

	it('decodes raw bytes n8n left unparsed, as a form or as JSON', () => {
		expect(
			decodeRequestBody({
				contentType: 'application/x-www-form-urlencoded',
				parsed: {},
				raw: Buffer.from('a=1&b=x+y'),
			}),
		).toEqual({
			ok: true,
			fields: { a: '1', b: 'x y' },
		});
		expect(
			decodeRequestBody({
				contentType: 'text/plain',
				parsed: undefined,
				raw: Buffer.from('{"a":1}'),
			}),
		).toEqual({ ok: true, fields: { a: 1 } });
		expect(
			decodeRequestBody({ contentType: undefined, parsed: '{"a":2}', raw: undefined }),
		).toEqual({ ok: true, fields: { a: 2 } });
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
		for (const ip of [
			'203.0.113.7',
			'198.51.100.200',
			'::ffff:198.51.100.1',
			'2001:db8:ffff::1',
			'::1',
		]) {
			expect([ip, list.allows(ip)]).toEqual([ip, true]);
		}
		for (const ip of [
			'203.0.113.8',
			'198.51.101.1',
			'2001:db9::1',
			'::2',
			undefined,
			'not-an-ip',
			'fe80::1%eth0',
		]) {
			expect([ip, list.allows(ip)]).toEqual([ip, false]);
		}
	});

	it('reports every entry that is not an address or a CIDR range', () => {
		expect(
			parseAllowlist(
				'10.0.0.1, 10.0.0.0/33, 2001:db8::/129, host.example, 1.2.3.4/8/8, 10.0.0.0/x',
			),
		).toEqual({
			ok: false,
			invalidEntries: [
				'10.0.0.0/33',
				'2001:db8::/129',
				'host.example',
				'1.2.3.4/8/8',
				'10.0.0.0/x',
			],
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

	it('merges another copy, keeping the earlier time, dropping the oldest over its limit and what is expired', () => {
		const state: RecentCallbacksState = {};
		const recent = new RecentCallbacks(state, 3, 100);
		recent.acceptOnce('mine', 50);
		recent.acceptOnce('shared', 40);
		const [mine, shared] = Object.keys(state.recentCallbacks!);
		const other = { [shared]: 30, expired: 1, theirsEarly: 20, theirsMiddle: 45 };
		// the other copy lacks "mine"
		expect(recent.merge(other, 110)).toBe(true);
		expect(state.recentCallbacks).toEqual({ [mine]: 50, [shared]: 30, theirsMiddle: 45 });
		// a copy holding everything this store holds is not behind
		expect(recent.merge({ ...state.recentCallbacks }, 111)).toBe(false);
	});

	it('drops the oldest entries first when a merge takes it over its limit by several', () => {
		const state: RecentCallbacksState = {};
		const recent = new RecentCallbacks(state, 2, 1000);
		recent.acceptOnce('mine', 500);
		recent.merge({ a: 100, b: 300, c: 200, d: 400 }, 600);
		expect(state.recentCallbacks).toEqual({
			[Object.keys(state.recentCallbacks!)[0]]: 500,
			d: 400,
		});
	});
});

/**
 * Requests to a "When Last Node Finishes" trigger node on several n8n processes with one database copy
 * between them: n8n loads it for each request and saves it with its answer, just before the trigger
 * learns how the run ended (`outcome`).
 */
function processesSharingOneDatabase(node: string) {
	let database = '{}';
	return (process: string, key: string, now: number, outcome?: boolean) => {
		const copy = JSON.parse(database) as RecentCallbacksState;
		const store = liveRecentCallbacks(`${node}:${process}`, copy, now, { acceptAfterRun: true });
		const claim = store.recentCallbacks.claim(key, now);
		if (claim === 'claimed' || store.savedCopyIsBehind) store.persist();
		database = JSON.stringify(copy);
		if (claim === 'claimed' && outcome !== undefined) store.settle(key, outcome, now);
		return claim;
	};
}

describe('liveRecentCallbacks', () => {
	/** The accepted callbacks a copy holds once n8n has written it (JSON), whichever form it has. */
	const savedEntries = (copy: SavedRecentCallbacks): AcceptedCallbacks => {
		const entries: AcceptedCallbacks = {};
		const written = JSON.parse(JSON.stringify(copy)) as SavedRecentCallbacks;
		forEachSavedCallback(written.recentCallbacks, (key, at) => (entries[key] = at));
		return entries;
	};

	it('accepts a callback once even when every request got its own copy of the static data', () => {
		// n8n loads a workflow's static data from the database for each request, so requests in
		// flight together hold separate copies
		const copies: SavedRecentCallbacks[] = Array.from({ length: 20 }, () => ({}));
		const accepted = copies.map((copy) =>
			liveRecentCallbacks('wf-a:node-1', copy, 1000).recentCallbacks.acceptOnce('same-key', 1000),
		);
		expect(accepted.filter(Boolean)).toHaveLength(1);
	});

	it('hands n8n the live store itself, so whichever request saves last saves every accepted key', () => {
		const first: SavedRecentCallbacks = {};
		const second: SavedRecentCallbacks = {};
		// as the trigger does: persist after each acceptance
		const acceptInto = (copy: SavedRecentCallbacks, key: string, now: number) => {
			const store = liveRecentCallbacks('wf-b:node-1', copy, now);
			store.recentCallbacks.acceptOnce(key, now);
			store.persist();
		};
		acceptInto(first, 'one', 1);
		acceptInto(second, 'two', 2);
		expect(Object.keys(savedEntries(second))).toHaveLength(2);
		expect(Object.keys(savedEntries(first))).toHaveLength(2);
	});

	it('remembers what an earlier process saved (after a restart the live store starts empty)', () => {
		const saved: SavedRecentCallbacks = {};
		const before = liveRecentCallbacks('wf-c:before-restart', saved, 1);
		before.recentCallbacks.acceptOnce('one', 1);
		before.persist();
		const afterRestart = liveRecentCallbacks(
			'wf-c:after-restart',
			JSON.parse(JSON.stringify(saved)) as SavedRecentCallbacks,
			2,
		).recentCallbacks;
		expect(afterRestart.acceptOnce('one', 2)).toBe(false);
		expect(afterRestart.acceptOnce('two', 3)).toBe(true);
	});

	it('learns what another process saved on every request, and saves it along with its own', () => {
		// two n8n webhook processes (two live stores) for the same node, one database copy between them
		let database = '{}';
		const request = (process: string, key: string, now: number) => {
			const copy = JSON.parse(database) as SavedRecentCallbacks; // n8n loads it per request
			const store = liveRecentCallbacks(`wf-e:node-1:${process}`, copy, now);
			const accepted = store.recentCallbacks.acceptOnce(key, now);
			if (accepted) store.persist();
			database = JSON.stringify(copy); // n8n saves it after the request
			return accepted;
		};
		expect(request('process-1', 'one', 1)).toBe(true);
		expect(request('process-2', 'two', 2)).toBe(true);
		expect(request('process-1', 'three', 3)).toBe(true);
		// a retry landing on the other process is a repeat, whichever process took the original
		expect([
			request('process-2', 'one', 4),
			request('process-1', 'two', 5),
			request('process-2', 'three', 6),
		]).toEqual([false, false, false]);
		expect(Object.keys(savedEntries(JSON.parse(database) as SavedRecentCallbacks))).toHaveLength(3);
	});

	it('says when the saved copy lacks what this process accepted (another process saved over it)', () => {
		const stale: SavedRecentCallbacks = {};
		const store = liveRecentCallbacks('wf-f:node-1', stale, 1);
		expect(store.savedCopyIsBehind).toBe(false);
		store.recentCallbacks.acceptOnce('one', 1);
		store.persist();
		const saved = JSON.parse(JSON.stringify(stale)) as SavedRecentCallbacks;
		expect(liveRecentCallbacks('wf-f:node-1', saved, 2).savedCopyIsBehind).toBe(false);
		expect(liveRecentCallbacks('wf-f:node-1', {}, 3).savedCopyIsBehind).toBe(true);
	});

	it("does not read again a copy its own live store saved (only another process's copy is merged)", () => {
		const saved: SavedRecentCallbacks = {};
		const store = liveRecentCallbacks('wf-g:node-1', saved, 1);
		store.recentCallbacks.acceptOnce('one', 1);
		store.persist();
		let reads = 0;
		const counting = <T extends object>(target: T) =>
			new Proxy(target, { ownKeys: (t) => (reads++, Reflect.ownKeys(t)) });
		// the form copies saved before 0.2 have (an object), so the reads can be counted
		const ownCopy = {
			...(JSON.parse(JSON.stringify(saved)) as SavedRecentCallbacks),
			recentCallbacks: savedEntries(saved),
		};
		liveRecentCallbacks(
			'wf-g:node-1',
			{ ...ownCopy, recentCallbacks: counting(ownCopy.recentCallbacks) },
			2,
		);
		expect(reads).toBe(0);
		const othersCopy = { ...ownCopy, savedBy: 'another-process' };
		liveRecentCallbacks(
			'wf-g:node-1',
			{ ...othersCopy, recentCallbacks: counting(othersCopy.recentCallbacks) },
			3,
		);
		expect(reads).toBe(1);
	});

	it('holds off repeats while a "When Last Node Finishes" run is in flight, and settles as the run ended', () => {
		const store = liveRecentCallbacks('wf-h:node-1', {}, 1, { acceptAfterRun: true });
		const claim = (key: string, now: number) =>
			liveRecentCallbacks('wf-h:node-1', {}, now, { acceptAfterRun: true }).recentCallbacks.claim(
				key,
				now,
			);
		expect(store.recentCallbacks.claim('paid', 1)).toBe('claimed');
		expect(claim('paid', 2)).toBe('in_flight');
		store.settle('paid', false, 3); // the run failed: the provider's retry runs again
		expect(claim('paid', 4)).toBe('claimed');
		store.settle('paid', true, 5);
		expect(claim('paid', 6)).toBe('duplicate');
		// a run nobody settles holds repeats off only for the lease
		expect(claim('stuck', 10)).toBe('claimed');
		expect(claim('stuck', 10 + IN_FLIGHT_LEASE_MS - 1)).toBe('in_flight');
		expect(claim('stuck', 10 + IN_FLIGHT_LEASE_MS)).toBe('claimed');
	});

	it("learns another process's runs in flight from its saved copy, but trusts its own word on its own runs", () => {
		const request = processesSharingOneDatabase('wf-i:node-1');
		expect(request('process-1', 'paid', 1)).toBe('claimed'); // process 1 runs it; no outcome yet
		expect(request('process-2', 'paid', 2)).toBe('in_flight'); // the retry reached process 2
		expect(request('process-2', 'other', 3)).toBe('claimed'); // process 2 saves process 1's run along
		// process 1's run failed; the copy process 2 saved still lists it, process 1 knows better
		liveRecentCallbacks('wf-i:node-1:process-1', {}, 4, { acceptAfterRun: true }).settle(
			'paid',
			false,
			4,
		);
		expect(request('process-1', 'paid', 5, true)).toBe('claimed');
		expect(request('process-1', 'paid', 6)).toBe('duplicate');
		// and process 2 hears of the success from the copy process 1 saved
		expect(request('process-2', 'paid', 7)).toBe('duplicate');
	});

	it("stops holding off another process's run once that process's own save no longer lists it (it failed there)", () => {
		const request = processesSharingOneDatabase('wf-k:node-1');
		expect(request('process-1', 'paid', 1, false)).toBe('claimed'); // saved "in flight", then failed
		expect(request('process-2', 'paid', 2)).toBe('in_flight'); // no word yet
		expect(request('process-1', 'other', 3)).toBe('claimed'); // process 1 saves: "paid" no longer runs
		expect(request('process-2', 'paid', 4)).toBe('claimed');
	});

	it('says its own saved copy is behind when an older save of it reached the database last, and the next save holds all', () => {
		// n8n 1.123's default SQLite driver runs concurrent UPDATEs in no set order: the save encoded
		// first can be written last
		const copies: SavedRecentCallbacks[] = [{}, {}];
		const encoded = copies.map((copy, i) => {
			const store = liveRecentCallbacks('wf-m:node-1', copy, i + 1);
			store.recentCallbacks.acceptOnce(`callback-${i}`, i + 1);
			store.persist();
			return JSON.stringify(copy); // n8n encodes each request's copy when it saves it
		});
		expect(
			liveRecentCallbacks('wf-m:node-1', JSON.parse(encoded[1]) as SavedRecentCallbacks, 3)
				.savedCopyIsBehind,
		).toBe(false);
		const writtenLast = JSON.parse(encoded[0]) as SavedRecentCallbacks;
		expect(Object.keys(savedEntries(writtenLast))).toHaveLength(1);
		const next = liveRecentCallbacks('wf-m:node-1', writtenLast, 4);
		expect(next.savedCopyIsBehind).toBe(true);
		expect(next.recentCallbacks.claim('callback-1', 4)).toBe('duplicate');
		next.persist(); // as the trigger does for a verified callback while the copy is behind
		const repaired = JSON.parse(JSON.stringify(writtenLast)) as SavedRecentCallbacks;
		expect(Object.keys(savedEntries(repaired))).toHaveLength(2);
		expect(liveRecentCallbacks('wf-m:node-1', repaired, 5).savedCopyIsBehind).toBe(false);
	});

	it('says the saved copy is behind once a run ended, so the next verified callback saves the outcome', () => {
		const saved: SavedRecentCallbacks = {};
		const store = liveRecentCallbacks('wf-j:node-1', saved, 1, { acceptAfterRun: true });
		store.recentCallbacks.claim('paid', 1);
		store.persist();
		const ownCopy = JSON.parse(JSON.stringify(saved)) as SavedRecentCallbacks;
		expect(Object.keys(ownCopy.callbacksInFlight!)).toHaveLength(1);
		expect(liveRecentCallbacks('wf-j:node-1', ownCopy, 2).savedCopyIsBehind).toBe(false);
		store.settle('paid', true, 3);
		const next = liveRecentCallbacks('wf-j:node-1', ownCopy, 4);
		expect(next.savedCopyIsBehind).toBe(true);
		next.persist();
		expect(JSON.parse(JSON.stringify(ownCopy))).toMatchObject({ callbacksInFlight: {} });
		expect(Object.values(savedEntries(ownCopy))).toEqual([3]);
	});

	it('writes the accepted callbacks as one string of "<fingerprint>.<time in base 36>" entries, small at the cap', () => {
		const saved: SavedRecentCallbacks = {};
		const store = liveRecentCallbacks('wf-l:node-1', saved, 0);
		for (let i = 0; i < 1200; i++)
			store.recentCallbacks.acceptOnce(`callback-${i}`, Date.UTC(2026, 11, 2) + i);
		store.persist();
		const written = JSON.parse(JSON.stringify(saved)) as { recentCallbacks: unknown };
		expect(typeof written.recentCallbacks).toBe('string');
		const entries = (written.recentCallbacks as string).split(' ');
		expect(entries).toHaveLength(1000);
		for (const entry of entries) expect(entry).toMatch(/^[\w-]{22}\.[0-9a-z]+$/);
		// the 1,000 newest are kept: the first one left is callback 200, accepted 200 ms after the first
		expect(Math.min(...Object.values(savedEntries(saved)))).toBe(Date.UTC(2026, 11, 2) + 200);
		expect(JSON.stringify(saved).length).toBeLessThan(32 * 1024);
	});

	it('reads copies saved before 0.2 (an object per callback) and skips entries it cannot read', () => {
		const legacy: SavedRecentCallbacks = {};
		const old = liveRecentCallbacks('wf-m:old', legacy, 1);
		old.recentCallbacks.acceptOnce('paid', 1);
		old.persist();
		const asBefore = {
			recentCallbacks: savedEntries(legacy),
			savedBy: 'a-process-before-the-upgrade',
		};
		expect(
			liveRecentCallbacks('wf-m:upgraded', asBefore, 2).recentCallbacks.acceptOnce('paid', 2),
		).toBe(false);
		const damaged = {
			recentCallbacks: `not-an-entry ${Object.keys(asBefore.recentCallbacks)[0]}.zz!`,
			savedBy: 'someone',
		};
		expect(
			liveRecentCallbacks('wf-m:damaged', damaged, 3).recentCallbacks.acceptOnce('paid', 3),
		).toBe(true);
	});

	it('keeps the stores of different nodes apart', () => {
		expect(
			liveRecentCallbacks('wf-d:node-1', {}, 1).recentCallbacks.acceptOnce('same-key', 1),
		).toBe(true);
		expect(
			liveRecentCallbacks('wf-d:node-2', {}, 1).recentCallbacks.acceptOnce('same-key', 1),
		).toBe(true);
	});
});

describe('BoundedMap', () => {
	it('keeps at most its limit, dropping the entry used least recently', () => {
		const map = new BoundedMap<string, number>(2);
		map.set('a', 1).set('b', 2);
		expect(map.get('a')).toBe(1); // now b is the least recently used
		map.set('c', 3);
		expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([1, undefined, 3, 2]);
	});

	it('drops an entry once it expires, or when the clock went back past the time it was stored', () => {
		const map = new BoundedMap<string, number>(10);
		map.set('a', 1, { now: 1000, expiresAt: 2000 }).set('b', 2, { now: 1000 });
		expect([map.get('a', 1999), map.get('b', 1999)]).toEqual([1, 2]);
		expect(map.get('a', 2000)).toBeUndefined();
		expect(map.size).toBe(1); // gone, not just hidden
		expect(map.get('b', 10 ** 13)).toBe(2); // no expiry given: kept
		expect(map.get('b', 999)).toBeUndefined();
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
		const flat = flattenHeaders({
			Authorization: 'Bearer x',
			cookie: 'c=1',
			'X-Forwarded-For': ['1.1.1.1', '2.2.2.2'],
			skipped: undefined,
		});
		expect(flat).toEqual({
			authorization: 'Bearer x',
			cookie: 'c=1',
			'x-forwarded-for': '1.1.1.1, 2.2.2.2',
		});
		expect(redactHeaders(flat)).toEqual({
			authorization: '**hidden**',
			cookie: '**hidden**',
			'x-forwarded-for': '1.1.1.1, 2.2.2.2',
		});
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

	it('reuses a loaded credential within its reuse time and loads again after it', async () => {
		const cache = new CredentialCache(1000);
		const { load, calls } = loader([{ key: 'one' }, { key: 'two' }]);
		expect(await cache.get('wf:node:cred', load, 0)).toEqual({ key: 'one' });
		expect(await cache.get('wf:node:cred', load, 999)).toEqual({ key: 'one' });
		expect(calls.count).toBe(1);
		expect(await cache.get('wf:node:cred', load, 1000)).toEqual({ key: 'two' });
		expect(calls.count).toBe(2);
	});

	it('shares one load between the requests that arrive while it runs', async () => {
		const cache = new CredentialCache(1000);
		let finish: (value: Record<string, unknown>) => void = () => undefined;
		let loads = 0;
		const load = async () => {
			loads++;
			return await new Promise<Record<string, unknown>>((resolve) => (finish = resolve));
		};
		const waiting = [
			cache.get('wf:node:cred', load, 0),
			cache.get('wf:node:cred', load, 5),
			cache.get('wf:node:cred', load, 9),
		];
		finish({ key: 'one' });
		expect(await Promise.all(waiting)).toEqual([{ key: 'one' }, { key: 'one' }, { key: 'one' }]);
		expect(loads).toBe(1);
	});

	it('lets every request sharing a failed load see the failure, and the next one load again', async () => {
		const cache = new CredentialCache(1000);
		const { load, calls } = loader([new Error('Credentials not found'), { key: 'one' }]);
		const shared = [cache.get('wf:node:cred', load, 0), cache.get('wf:node:cred', load, 1)];
		for (const each of shared) await expect(each).rejects.toThrow('Credentials not found');
		expect(calls.count).toBe(1);
		expect(await cache.get('wf:node:cred', load, 2)).toEqual({ key: 'one' });
		expect(calls.count).toBe(2);
	});

	it('does not keep failed loads', async () => {
		const cache = new CredentialCache(1000);
		const { load, calls } = loader([new Error('Credentials not found'), { key: 'one' }]);
		await expect(cache.get('wf:node:cred', load, 0)).rejects.toThrow('Credentials not found');
		expect(await cache.get('wf:node:cred', load, 1)).toEqual({ key: 'one' });
		expect(calls.count).toBe(2);
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

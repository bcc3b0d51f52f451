// The IP allowlist's hand-written parser and matcher, checked against Node's own (net.isIP and
// net.BlockList, which the package may not import: n8n's scanner allows no Node built-ins but crypto)
// on random addresses, ranges and spellings.
import fc from 'fast-check';
import { BlockList, isIP } from 'net';

import { parseAllowlist } from '../../nodes/shared/ipAllowlist';

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((octets) => octets.join('.'));
const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });

/** An IPv6 address in any legal spelling: full, with `::` somewhere, upper or lower case, leading zeros, dotted tail. */
const ipv6 = fc
	.tuple(
		groups,
		fc.integer({ min: -1, max: 7 }),
		fc.integer({ min: 1, max: 8 }),
		fc.boolean(),
		fc.boolean(),
		fc.boolean(),
	)
	.map(([values, zerosAt, zerosLength, upper, padded, dottedTail]) => {
		const zerosEnd = Math.min(zerosAt + zerosLength, 8);
		const words = values.map((value, index) => (index >= zerosAt && index < zerosEnd ? 0 : value));
		let texts = words.map((word) =>
			padded ? word.toString(16).padStart(4, '0') : word.toString(16),
		);
		if (dottedTail)
			texts = [
				...texts.slice(0, 6),
				`${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`,
			];
		// compress the zero run with "::", unless it reaches into the dotted tail
		const compress = zerosAt >= 0 && !(dottedTail && zerosEnd > 6);
		const text = compress
			? `${texts.slice(0, zerosAt).join(':')}::${texts.slice(zerosEnd).join(':')}`
			: texts.join(':');
		return upper ? text.toUpperCase() : text;
	});

/** An address of `bits` bits written out in full. */
const written = (value: bigint, bits: 32 | 128) =>
	bits === 32
		? [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.')
		: Array.from({ length: 8 }, (_, i) =>
				((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
			).join(':');

/** A range and a caller that differs from its network in the low `k` bits only: inside or just outside. */
const rangeAndNearbyCaller = (bits: 32 | 128) =>
	fc
		.tuple(
			fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
			fc.integer({ min: 0, max: bits }),
			fc.integer({ min: 0, max: bits }),
			fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
		)
		.map(([network, prefix, k, noise]) => ({
			network: written(network, bits),
			prefix,
			caller: written(network ^ (noise & ((1n << BigInt(k)) - 1n)), bits),
		}));

describe("parseAllowlist against Node's own net module", () => {
	it('reads every address Node reads, of both families, in any spelling', () => {
		fc.assert(
			fc.property(fc.oneof(ipv4, ipv6), (address) => {
				expect(isIP(address)).not.toBe(0); // the generator makes only legal spellings
				const list = parseAllowlist(address);
				expect(list.ok && list.allows(address)).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});

	it('refuses as an entry every text Node does not read as an address', () => {
		const nearMisses = fc.oneof(
			fc.string({ maxLength: 12 }),
			fc.stringMatching(/^[0-9a-fA-F:.]{1,24}$/),
			ipv4.map((text) => `${text}.1`),
			ipv6.map((text) => `${text}:1`),
			ipv6.map((text) => `${text}::1`),
			fc
				.tuple(fc.oneof(ipv4, ipv6), fc.string({ maxLength: 6 }))
				.map(([address, zone]) => `${address}%${zone}`),
		);
		fc.assert(
			fc.property(nearMisses, (text) => {
				const entry = text.split(/[\s,/]+/).join('');
				if (entry === '') return;
				const list = parseAllowlist(entry);
				expect([entry, list.ok]).toEqual([entry, isIP(entry) !== 0]);
			}),
			{ numRuns: 3000 },
		);
	});

	it('matches an address to a CIDR range exactly as BlockList does', () => {
		fc.assert(
			fc.property(
				fc.oneof(rangeAndNearbyCaller(32), rangeAndNearbyCaller(128)),
				({ network, prefix, caller }) => {
					const type = isIP(network) === 4 ? 'ipv4' : 'ipv6';
					const blockList = new BlockList();
					blockList.addSubnet(network, prefix, type);
					const list = parseAllowlist(`${network}/${prefix}`);
					if (!list.ok) throw new Error(`${network}/${prefix} should parse`);
					if (type === 'ipv6' && caller.startsWith('0:0:0:0:0:ffff:')) return; // IPv4-mapped: below
					expect([network, prefix, caller, list.allows(caller)]).toEqual([
						network,
						prefix,
						caller,
						blockList.check(caller, type),
					]);
				},
			),
			{ numRuns: 4000 },
		);
	});

	it('lets an IPv4 caller through an IPv4 range however n8n reports it (dotted, IPv4-mapped IPv6, hex-mapped)', () => {
		fc.assert(
			fc.property(ipv4, fc.integer({ min: 0, max: 32 }), ipv4, (network, prefix, caller) => {
				const blockList = new BlockList();
				blockList.addSubnet(network, prefix, 'ipv4');
				const list = parseAllowlist(`${network}/${prefix}`);
				if (!list.ok) throw new Error('should parse');
				const expected = blockList.check(caller, 'ipv4');
				const [a, b, c, d] = caller.split('.').map(Number);
				const hexMapped = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
				for (const spelling of [caller, `::ffff:${caller}`, `::FFFF:${caller}`, hexMapped]) {
					expect([spelling, list.allows(spelling)]).toEqual([spelling, expected]);
				}
				// and an IPv4-mapped range covers the dotted caller
				const mappedList = parseAllowlist(`::ffff:${network}/${96 + prefix}`);
				expect(mappedList.ok && mappedList.allows(caller)).toBe(expected);
			}),
			{ numRuns: 1000 },
		);
	});

	it('reads zone ids as Node does: an IPv6 address with one is that address, and other texts are no entries', () => {
		const list = parseAllowlist('fe80::/10, 203.0.113.0/24, fe80::1%eth0');
		if (!list.ok) throw new Error('should parse');
		expect([
			list.allows('fe80::1'),
			list.allows('fe80::1%eth0'),
			list.allows('fe80::2%1'),
			list.allows('203.0.113.9%1'),
		]).toEqual([true, true, true, false]);
		expect(
			parseAllowlist(
				'1.2.3.4%eth0, fe80::1%, 1.2.3.4::, ::ffff:1.2.3, 01.2.3.4, 1::2::3, 12345::, ::/129, 1.2.3.4/-1',
			),
		).toEqual({
			ok: false,
			invalidEntries: [
				'1.2.3.4%eth0',
				'fe80::1%',
				'1.2.3.4::',
				'::ffff:1.2.3',
				'01.2.3.4',
				'1::2::3',
				'12345::',
				'::/129',
				'1.2.3.4/-1',
			],
		});
	});
});

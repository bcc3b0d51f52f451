// IP addresses and CIDR ranges without node:net (n8n's community-package scanner allows no Node
// built-ins but crypto). Written by hand: shorter than bundling a library, and the tests check it
// against Node's own parser and matcher (net.isIP, net.BlockList) on random addresses and ranges.

export type Allowlist =
	| { ok: true; allows: (clientIp: string | undefined) => boolean; empty: boolean }
	| { ok: false; invalidEntries: string[] };

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
interface Address {
	family: 4 | 6;
	bits: bigint;
}

interface Range extends Address {
	prefix: number;
}

const WIDTH = { 4: 32, 6: 128 } as const;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
/** ::ffff:0:0/96, where IPv6 carries IPv4 addresses (a dual-stack server reports IPv4 callers so). */
const MAPPED_IPV4_PREFIX = 0xffffn << 32n;

function parseIpv4(text: string): bigint | undefined {
	if (!IPV4.test(text)) return undefined;
	return text.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(octet), 0n);
}

/** A zone id (`%eth0`) after an IPv6 address names an interface of the receiving machine, as Node reads it. */
const ZONE_ID = /%[0-9a-zA-Z.:-]+$/;

/**
 * Eight 16-bit groups, `::` standing for one or more zero groups, the last two possibly dotted IPv4,
 * then possibly a zone id, which does not change the address (as net.BlockList treats it).
 */
function parseIpv6(textWithZone: string): bigint | undefined {
	const text = textWithZone.replace(ZONE_ID, '');
	const lastColon = text.lastIndexOf(':');
	const embedded = text.includes('.') ? parseIpv4(text.slice(lastColon + 1)) : undefined;
	if (text.includes('.') && embedded === undefined) return undefined;
	const hex =
		embedded === undefined
			? text
			: `${text.slice(0, lastColon + 1)}${(embedded >> 16n).toString(16)}:${(embedded & 0xffffn).toString(16)}`;

	const halves = hex.split('::');
	if (halves.length > 2) return undefined;
	const [head, tail] = halves.map((half) => (half === '' ? [] : half.split(':')));
	if (tail !== undefined && head.length + tail.length > 7) return undefined;
	const groups =
		tail === undefined
			? head
			: [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
	if (groups.length !== 8) return undefined;
	if (!groups.every((group) => HEX_GROUP.test(group))) return undefined;
	return groups.reduce((bits, group) => (bits << 16n) | BigInt(`0x${group}`), 0n);
}

function parseAddress(text: string): Address | undefined {
	const v4 = parseIpv4(text);
	if (v4 !== undefined) return { family: 4, bits: v4 };
	const v6 = parseIpv6(text);
	return v6 === undefined ? undefined : { family: 6, bits: v6 };
}

function parseRange(entry: string): Range | undefined {
	const [addressText, prefixText, extra] = entry.split('/');
	const address = parseAddress(addressText);
	if (address === undefined || extra !== undefined) return undefined;
	if (prefixText === undefined) return { ...address, prefix: WIDTH[address.family] };
	if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > WIDTH[address.family]) return undefined;
	return { ...address, prefix: Number(prefixText) };
}

const within = (range: Range, address: Address) => {
	const hostBits = BigInt(WIDTH[range.family] - range.prefix);
	return range.family === address.family && range.bits >> hostBits === address.bits >> hostBits;
};

/**
 * Whether a range holds the address. An IPv4 caller is also its IPv4-mapped IPv6 form, and a mapped
 * IPv6 caller also its IPv4 form, so either way of writing a range covers it.
 */
function covers(range: Range, address: Address) {
	if (within(range, address)) return true;
	if (address.family === 4)
		return within(range, { family: 6, bits: MAPPED_IPV4_PREFIX | address.bits });
	const mapped = address.bits >> 32n === 0xffffn;
	return mapped && within(range, { family: 4, bits: address.bits & 0xffffffffn });
}

/**
 * Parses the "IP Allowlist" option: addresses and CIDR ranges, IPv4 or IPv6, separated by commas,
 * spaces or new lines. Empty text allows every address. Never throws. Parsed on every callback:
 * microseconds against the tens of milliseconds n8n spends per request (docs/benchmarks.md,
 * "Process-wide caches").
 */
export function parseAllowlist(text: string | undefined): Allowlist {
	const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
	if (entries.length === 0) return { ok: true, allows: () => true, empty: true };

	const ranges = entries.map(parseRange);
	const invalidEntries = entries.filter((_, index) => ranges[index] === undefined);
	if (invalidEntries.length > 0) return { ok: false, invalidEntries };

	const allows = (clientIp: string | undefined) => {
		const address = clientIp === undefined ? undefined : parseAddress(clientIp);
		return address !== undefined && ranges.some((range) => covers(range!, address));
	};
	return { ok: true, allows, empty: false };
}

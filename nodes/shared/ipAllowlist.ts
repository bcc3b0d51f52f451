// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- Node's own CIDR matcher (v4, v6, v4-mapped v6); a built-in, not a dependency
import { BlockList, isIP } from 'node:net';

export type Allowlist =
	| { ok: true; allows: (clientIp: string | undefined) => boolean; empty: boolean }
	| { ok: false; invalidEntries: string[] };

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

function addEntry(list: BlockList, entry: string): boolean {
	const [address, prefixText, extra] = entry.split('/');
	const family = isIP(address);
	if (family === 0 || extra !== undefined) return false;
	const type = family === 4 ? 'ipv4' : 'ipv6';
	if (prefixText === undefined) {
		list.addAddress(address, type);
		return true;
	}
	const prefix = Number(prefixText);
	if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return false;
	list.addSubnet(address, prefix, type);
	return true;
}

/**
 * Parses the "IP Allowlist" option: addresses and CIDR ranges, IPv4 or IPv6, separated by commas,
 * spaces or new lines. Empty text allows every address. Never throws. Parsed on every callback:
 * tens of microseconds for five entries, against tens of milliseconds n8n spends per request, so a
 * cache would save nothing measurable (docs/benchmarks.md, "Process-wide caches").
 */
export function parseAllowlist(text: string | undefined): Allowlist {
	const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
	if (entries.length === 0) return { ok: true, allows: () => true, empty: true };

	const list = new BlockList();
	const invalidEntries = entries.filter((entry) => !addEntry(list, entry));
	if (invalidEntries.length > 0) return { ok: false, invalidEntries };

	const allows = (clientIp: string | undefined) => {
		if (clientIp === undefined) return false;
		const mapped = MAPPED_IPV4.exec(clientIp);
		const address = mapped ? mapped[1] : clientIp;
		const family = isIP(address);
		if (family === 0) return false;
		try {
			return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
		} catch {
			return false; // an address BlockList cannot read (e.g. with a zone id) is not on the list
		}
	};
	return { ok: true, allows, empty: false };
}

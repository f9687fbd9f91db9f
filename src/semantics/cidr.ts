/**
 * CIDR membership for IPv4 and IPv6, without a dependency: addresses become bigints.
 * An address of the other family never matches; a malformed address never matches.
 */
export interface Network {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

export function parseIPv6(text: string): bigint | undefined {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export function parseNetwork(text: string): Network | undefined {
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const v4 = parseIPv4(addr);
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const base = v4 ?? parseIPv6(addr);
  if (base === undefined) return undefined;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(bits);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family, base: base & mask, prefix };
}

export function inNetwork(address: string, network: Network): boolean {
  const value = network.family === 4 ? parseIPv4(address) : parseIPv6(address);
  return value !== undefined && inNetworkValue(value, network);
}

/** ::ffff:0:0/96, the IPv6 addresses that stand for IPv4 ones (RFC 4291 2.5.5.2). */
const IPV4_MAPPED: Network = { family: 6, base: 0xffffn << 32n, prefix: 96 };

/**
 * Whether an IPv6 network holds IPv4-mapped addresses. Kusto's IPv6 functions read an IPv4
 * address as its mapped form (parse_ipv6), so only a network that holds none of them gives
 * an IPv4 address the rule model's verdict (no match) whatever the reading.
 */
export function holdsIPv4Mapped(network: Network): boolean {
  if (network.family !== 6) return false;
  // Two prefixes meet exactly when the shorter one holds the other's base.
  const shorter = network.prefix <= IPV4_MAPPED.prefix ? network : IPV4_MAPPED;
  const other = shorter === network ? IPV4_MAPPED : network;
  return inNetworkValue(other.base, shorter);
}

/** An IPv6 address, or an IPv4 one as its mapped IPv6 form (::ffff:a.b.c.d), as a number. */
export function parseIPv6OrMapped(text: string): bigint | undefined {
  const v4 = parseIPv4(text);
  return v4 !== undefined ? IPV4_MAPPED.base | v4 : parseIPv6(text);
}

/** Whether an address value (32 bits for IPv4, 128 for IPv6) lies in a network of its family. */
export function inNetworkValue(value: bigint, network: Network): boolean {
  const bits = network.family === 4 ? 32 : 128;
  const mask = network.prefix === 0 ? 0n : ((1n << BigInt(network.prefix)) - 1n) << BigInt(bits - network.prefix);
  return (value & mask) === network.base;
}

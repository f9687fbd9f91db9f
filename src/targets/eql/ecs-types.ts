import { parseIPv4, parseIPv6OrMapped } from '../../semantics/cidr.js';

/**
 * ECS fields the rule model reads that Elasticsearch does not keep as strings (ECS field
 * reference): `source.ip` and `destination.ip` are type ip ("IP address of the source /
 * destination (IPv4 or IPv6)"); `source.port`, `destination.port`, `process.pid` and
 * `process.parent.pid` are type long. EQL's `:` and its string functions take string fields
 * only: Elasticsearch's verifier checks both sides of `:` with TypeResolutions.isString and
 * answers "consider using [==] instead" (x-pack/plugin/eql InsensitiveBinaryComparison
 * .resolveInputType), so `destination.port : "443"` is rejected. On these fields the tests
 * there are `==`, `!=`, `in`, the orderings and, on an ip field, `cidrMatch`.
 *
 * An ip field holds an address, not the text an event carried: `==` compares addresses
 * (`0:0:0:0:0:0:0:1`, as Sysmon may write IPv6 loopback, equals `::1`; an IPv4 address equals
 * its IPv4-mapped IPv6 form), and there is no prefix, wildcard or regex on it (Lucene's prefix
 * and wildcard queries are for keyword and text fields).
 */
export type EcsNonStringType = 'ip' | 'long';

const TYPES: ReadonlyMap<string, EcsNonStringType> = new Map([
  ['source.ip', 'ip'],
  ['destination.ip', 'ip'],
  ['source.port', 'long'],
  ['destination.port', 'long'],
  ['process.pid', 'long'],
  ['process.parent.pid', 'long'],
]);

/** The ECS type of a field that is not a string, or undefined for a string field. */
export function ecsNonStringType(name: string): EcsNonStringType | undefined {
  return TYPES.get(name);
}

export function isEcsIpField(name: string): boolean {
  return TYPES.get(name) === 'ip';
}

/** The address an ip field holds for a text, as one number (IPv4 in its mapped form), or undefined when the text is no address. */
export function ipAddressOf(text: string): bigint | undefined {
  return parseIPv6OrMapped(text);
}

/** EQL string functions: each reads its first argument as a string (eql.md "Functions"). */
export const STRING_FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'stringcontains', 'indexof', 'between', 'length', 'substring']);

/**
 * The network an IPv4 prefix ending at an octet boundary names (`10.` → 10.0.0.0/8,
 * `192.168.` → 192.168.0.0/16), or undefined. On the dotted text Sysmon writes for an IPv4
 * address, such a prefix holds exactly for the addresses of that network.
 */
export function ipv4PrefixNetwork(prefix: string): string | undefined {
  if (!prefix.endsWith('.')) return undefined;
  const octets = prefix.slice(0, -1).split('.');
  if (octets.length > 3) return undefined;
  const full = [...octets, ...Array<string>(4 - octets.length).fill('0')].join('.');
  if (parseIPv4(full) === undefined) return undefined;
  return `${full}/${octets.length * 8}`;
}

/**
 * The network an IPv6 prefix of whole groups names (`fe80:` → fe80::/16, `0:0:` → 0:0::/32),
 * or undefined. On IPv6 text such a prefix fixes those leading groups; the same addresses
 * written compressed (`::1` for `0:0:...:1`) do not start with it, which the address reading
 * does not see.
 */
export function ipv6PrefixNetwork(prefix: string): string | undefined {
  if (!/^(?:[0-9a-fA-F]{1,4}:){1,7}$/.test(prefix)) return undefined;
  const groups = prefix.split(':').length - 1;
  return `${prefix}:/${groups * 16}`;
}

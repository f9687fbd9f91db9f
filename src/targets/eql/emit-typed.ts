import type { MatchNode } from '../../ir/condition.js';
import { Inexpressible, atom, join, type EqlCond } from './emit-predicate.js';
import { eqlString } from './escape.js';
import { ipAddressOf, ipv4PrefixNetwork, ipv6PrefixNetwork, type EcsNonStringType } from './ecs-types.js';

const BY_ADDRESS =
  'ECS types this field as ip, which Elasticsearch compares by address (0:0:0:0:0:0:0:1 is ::1 there), where the rule model compares the text; the nearest test is cidrMatch over the addresses';
const PREFIX_AS_NETWORK =
  'ECS types this field as ip, where EQL has no prefix test; the nearest test is cidrMatch over the network a prefix ending at an IPv4 octet or IPv6 group boundary names (read by address, as above), or over the address a whole-address prefix names (which misses longer text)';
const NO_STRING_TEST =
  "ECS types this field as ip: Elasticsearch's EQL takes : , like, regex and the string functions on string fields only, and an ip field holds no text to search";
const NO_NUMBER_TEXT =
  "ECS types this field as long: Elasticsearch's EQL takes : , like, regex and the string functions on string fields only, so only == with a whole number written as the rule model writes a number (443, not 0443) reaches it";

/** A test other than exists, cidr and the orderings on an ECS field that is not a string (ecs-types.ts). */
export function typedFieldPredicate(type: EcsNonStringType, f: string, node: MatchNode, values: readonly string[]): EqlCond | Inexpressible {
  switch (type) {
    case 'ip':
      return ipFieldPredicate(f, node, values);
    case 'long':
      return longFieldPredicate(f, node, values);
  }
}

/**
 * On a long field the rule model reads the number as its decimal text (field-value.ts), so
 * equality with a whole number in that spelling is `==` / `in` with the number, exactly; no
 * other text equals a number's, and no string test reaches the field.
 */
function longFieldPredicate(f: string, node: MatchNode, values: readonly string[]): EqlCond | Inexpressible {
  if (node.op !== 'equals' || values.length === 0 || !values.every(isDecimalInteger)) return new Inexpressible(NO_NUMBER_TEXT);
  if (node.quantifier === 'any') return atom(values.length === 1 ? `${f} == ${values[0] as string}` : `${f} in (${values.join(', ')})`);
  return join('and', values.map((v) => atom(`${f} == ${v}`)));
}

/** `443`, `-1`, `0`: the text JavaScript (and the rule model) writes for a safe integer. */
function isDecimalInteger(v: string): boolean {
  return /^-?(0|[1-9][0-9]*)$/.test(v) && Number.isSafeInteger(Number(v)) && v !== '-0';
}

/**
 * A test other than exists and cidr on an ECS ip field (ecs-types.ts). None is exact, since
 * Elasticsearch reads the field as an address and the rule model reads text; where a form comes
 * near it is the lenient output, cidrMatch (EQL's function for ip fields, which reads an
 * address the way `==` does) over:
 * - equals: the addresses, as /32 or /128 networks;
 * - startswith: the network an IPv4 prefix ending at an octet boundary names (`10.` →
 *   10.0.0.0/8) or an IPv6 one ending at a group boundary (`fe80:` → fe80::/16), or a whole
 *   address as above (`127.0.0.1`, which as text also starts 127.0.0.10);
 * values with no such network (`fc`, inside a group) are left out of it, and a test with none
 * at all (contains, endswith, wildcards, regexes, terms) has no form.
 */
function ipFieldPredicate(f: string, node: MatchNode, values: readonly string[]): Inexpressible {
  const networks = node.op === 'equals' ? values.map(asHostNetwork) : node.op === 'startswith' ? values.map(prefixNetwork) : [];
  const nets = networks.filter((n): n is string => n !== undefined);
  if (nets.length === 0) return new Inexpressible(NO_STRING_TEST);
  const test = (group: readonly string[]): EqlCond => atom(`cidrMatch(${f}, ${group.map(eqlString).join(', ')})`);
  const nearest = node.quantifier === 'any' ? test(nets) : join('and', nets.map((n) => test([n])));
  const reason = node.op === 'equals' ? BY_ADDRESS : PREFIX_AS_NETWORK;
  const left = values.filter((_, i) => networks[i] === undefined);
  return new Inexpressible(left.length === 0 ? reason : `${reason}; ${JSON.stringify(left)} name no network and are left out of it`, nearest);
}

/** The network an IPv4 or IPv6 prefix names (`10.` → 10.0.0.0/8), or a whole address as its own network. */
function prefixNetwork(value: string): string | undefined {
  return ipv4PrefixNetwork(value) ?? ipv6PrefixNetwork(value) ?? asHostNetwork(value);
}

/** `1.2.3.4` → `1.2.3.4/32`, `::1` → `::1/128`; undefined for text that is no address. */
function asHostNetwork(value: string): string | undefined {
  // A zone (fe80::1%eth0) is no part of what an ip field keeps.
  if (value.includes('%') || ipAddressOf(value) === undefined) return undefined;
  return value.includes(':') ? `${value}/128` : `${value}/32`;
}

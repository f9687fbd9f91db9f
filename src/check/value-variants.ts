import type { MatchOperator } from '../ir/match-operator.js';
import { isNumericOperator } from '../ir/match-operator.js';
import { parseNetwork } from '../semantics/cidr.js';
import { parseGlob } from '../semantics/wildcard.js';

/** A value to put in a field, and the edge it probes (shown next to a witness). */
export interface ProbeValue {
  readonly label: string;
  readonly value: string;
}

/**
 * Values that probe the edges of one predicate literal, each a place where two languages'
 * notions of "matches" are known to part: case (only ASCII folds), term boundaries (KQL `has`
 * against `contains`), separators, the `.exe` suffix and path prefixes (FileName against
 * `Image|endswith`), glob characters taken literally, backslashes.
 * `thorough: false` keeps the few probes that matter most, for long value lists.
 */
export function probeValues(op: MatchOperator, literal: string, thorough: boolean): ProbeValue[] {
  if (op === 'exists') return [{ label: 'any value', value: 'x' }];
  if (isNumericOperator(op)) return numericProbes(literal);
  if (op === 'cidr') return cidrProbes(literal);
  const base = op === 'wildcard' ? globExample(literal) : op === 'regex' ? regexExample(literal) : literal;
  const out: ProbeValue[] = [
    { label: 'the value itself', value: base },
    { label: 'case flipped', value: flipCase(base) },
    { label: 'a letter glued after', value: `${base}x` },
    { label: 'a letter glued before', value: `x${base}` },
  ];
  // Only ASCII letters fold in the rule model, but engines that fold Unicode (RE2's and Rust's
  // `(?i)`, .NET's IgnoreCase) also pair `s` with ſ (U+017F) and `k` with the Kelvin sign (U+212A).
  if (/[sSkK]/.test(base)) out.push({ label: 'Unicode case partners of s and k (ſ, K)', value: unicodePartners(base) });
  if (!thorough) return out;
  out.push(
    { label: 'upper case', value: base.toUpperCase() },
    { label: 'a digit glued after', value: `${base}1` },
    { label: 'inside a longer text', value: `a ${base} b` },
    { label: 'between separators', value: `-${base}-` },
    { label: 'with a trailing space', value: `${base} ` },
    { label: 'empty string', value: '' },
  );
  if (/[^A-Za-z0-9]/.test(base)) {
    out.push(
      { label: 'separators doubled', value: base.replace(/[^A-Za-z0-9]+/g, (s) => s + s) },
      { label: 'separators changed to tab', value: base.replace(/[^A-Za-z0-9]+/g, '\t') },
      { label: 'separators removed', value: base.replace(/[^A-Za-z0-9]+/g, '') },
    );
  }
  if (/\.exe$/i.test(base)) out.push({ label: 'without .exe', value: base.slice(0, -4) });
  else if (/^[A-Za-z0-9_-]+$/.test(base)) out.push({ label: 'with .exe', value: `${base}.exe` });
  if (!base.includes('\\')) {
    out.push(
      { label: 'after a path', value: `C:\\Windows\\System32\\${base}` },
      { label: 'after a path without a backslash', value: `C:\\Windows\\System32${base}` },
    );
  } else {
    out.push(
      { label: 'backslashes doubled', value: base.replace(/\\/g, '\\\\') },
      { label: 'backslashes as slashes', value: base.replace(/\\/g, '/') },
    );
  }
  if (/[*?]/.test(literal)) {
    // The characters as they are written: a glob reads them as patterns, other operators as text.
    out.push(
      { label: '`*` and `?` taken literally', value: literal },
      { label: '`*` filled, `?` filled', value: literal.replace(/\*/g, 'abc').replace(/\?/g, 'z') },
      { label: '`*` empty', value: literal.replace(/\*/g, '') },
    );
  }
  if (op === 'wildcard' && literal.includes('\\')) out.push({ label: 'the pattern text with its backslashes', value: literal });
  return out;
}

function unicodePartners(s: string): string {
  return s.replace(/[sS]/g, '\u017F').replace(/[kK]/g, '\u212A');
}

function flipCase(s: string): string {
  let out = '';
  for (const ch of s) out += ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
  return out;
}

/** A value the glob matches: `*` empty, `?` one letter, escapes resolved. */
function globExample(pattern: string): string {
  return parseGlob(pattern)
    .map((t) => (t.kind === 'text' ? t.text : t.kind === 'one' ? 'a' : ''))
    .join('');
}

/** The literal text of a regex with its syntax stripped: often a value the regex matches. */
function regexExample(pattern: string): string {
  return pattern
    .replace(/\\([.\\\/()[\]{}*+?|^$-])/g, '$1')
    .replace(/\\[sS]/g, ' ')
    .replace(/\\[dD]/g, '1')
    .replace(/\\[wW]/g, 'a')
    .replace(/\[[^\]]*\]/g, 'a')
    .replace(/[()^$*+?|{}]|\{\d+(,\d*)?\}/g, '');
}

function numericProbes(literal: string): ProbeValue[] {
  const n = Number(literal);
  if (!Number.isFinite(n)) return [{ label: 'the value itself', value: literal }];
  return [
    { label: 'the value itself', value: literal },
    { label: 'one less', value: String(n - 1) },
    { label: 'one more', value: String(n + 1) },
    { label: 'written with a decimal point', value: `${literal}.0` },
    { label: 'with leading zeros', value: `00${literal}` },
    { label: 'not a number', value: 'abc' },
  ];
}

function cidrProbes(literal: string): ProbeValue[] {
  const network = parseNetwork(literal);
  const address = literal.split('/')[0] ?? literal;
  const out: ProbeValue[] = [{ label: 'the network address', value: address }];
  if (network?.family === 4) {
    const hostBits = 32 - network.prefix;
    const last = network.base + (1n << BigInt(hostBits)) - 1n;
    out.push({ label: 'the last address in the network', value: ipv4Text(last) });
    if (last < 0xffffffffn) out.push({ label: 'just after the network', value: ipv4Text(last + 1n) });
    if (network.base > 0n) out.push({ label: 'just before the network', value: ipv4Text(network.base - 1n) });
  }
  out.push({ label: 'not an address', value: 'localhost' });
  return out;
}

function ipv4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

import type { MatchNode } from '../../ir/condition.js';
import { isStringOperator } from '../../ir/match-operator.js';
import { foldAscii } from '../../semantics/fold.js';
import { parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import type { EmitContext } from './emit-context.js';
import { atom, describeMatch, emitGlob, emitStringTest, emptyNeedleMatches, matchValues, quantified, setTest, type Emitted } from './emit-match.js';
import { kqlString, regexLiteral } from './escape.js';
import { HIVES, fullHive } from './schema.js';

/**
 * `registry.key` is the key *below* the hive; Defender's `RegistryKey` starts with the full hive
 * name (fields.md). A test on the key is written so that it holds on `HIVE\key` exactly when it
 * holds on `key`:
 * - substring-like tests (contains, term, termprefix, termsuffix, endswith) stay plain operators
 *   when the needle can neither lie inside `HIVE\` nor start there and run into the key;
 * - whole-key tests (equals, startswith, wildcard) become a regex anchored after an optional
 *   hive prefix. The prefix is optional because a logical event may lack its hive; a key that
 *   itself begins with a full hive name and a backslash is read as carrying its hive (Defender
 *   writes no other kind).
 */
const HIVE_PREFIXES = HIVES.map(([, full]) => `${full}\\`);
/** The optional hive prefix written before a regex over the key (import recognises it). */
export const HIVE_PREFIX_REGEX = `^(?:${HIVES.map(([, full]) => `${full}\\\\`).join('|')})?`;

/** Whether an occurrence of the needle in `HIVE\key` must lie inside `key`. */
export function needleStaysInKey(needle: string, insensitive: boolean): boolean {
  const n = insensitive ? foldAscii(needle) : needle;
  for (const prefix of HIVE_PREFIXES) {
    const p = insensitive ? foldAscii(prefix) : prefix;
    if (p.includes(n)) return false;
    // Starting inside the prefix and running on into the key: a proper prefix of the needle is a suffix of `HIVE\`.
    for (let i = 1; i < n.length; i++) if (p.endsWith(n.slice(0, i))) return false;
  }
  return true;
}

export function emitRegistryKey(node: MatchNode, ctx: EmitContext): Emitted {
  const values = matchValues(node, ctx);
  const desc = describeMatch(node, values);
  const insensitive = node.caseRule === 'insensitive';
  const op = node.op;
  if (!isStringOperator(op)) {
    if (op === 'exists') {
      ctx.approximate(desc, 'KQL reads a missing string column as "", so it cannot tell a missing field from an empty one');
      return atom('isnotempty(RegistryKey)');
    }
    ctx.approximate(desc, `${op} on a registry key is not written for Defender`);
    return atom('false');
  }
  if (emptyNeedleMatches(node, values)) {
    ctx.approximate(desc, 'a needle matches "", which is what KQL reads for a missing field');
  }
  switch (op) {
    case 'contains':
    case 'term':
    case 'termprefix':
    case 'termsuffix':
    case 'endswith':
      if (!values.every((v) => needleStaysInKey(v, insensitive))) {
        ctx.approximate(desc, 'the needle can match inside the hive name Defender writes at the head of RegistryKey');
      }
      return emitStringTest(node, ctx, 'RegistryKey', values, values);
    case 'regex':
      ctx.approximate(desc, 'a regex on the key alone cannot be rewritten for RegistryKey, which starts with the hive name');
      return emitStringTest(node, ctx, 'RegistryKey', values, values);
    case 'equals':
    case 'startswith':
    case 'wildcard': {
      const hive = ctx.knownHive;
      if (hive !== undefined) {
        // A sibling fixed the hive: the test reads on the full key, as a person would write it.
        if (op === 'wildcard') {
          const tests = values.map((v) => emitGlob('RegistryKey', [{ kind: 'text', text: `${hive}\\` }, ...parseGlob(v)], insensitive));
          return quantified(tests, node.quantifier);
        }
        return emitStringTest(node, ctx, 'RegistryKey', values.map((v) => `${hive}\\${v}`), values, true);
      }
      if (op === 'equals') {
        // Every hive Defender writes, and none for an event that lacks one.
        const forms = (v: string): string[] => [...HIVES.map(([, full]) => `${full}\\${v}`), v];
        const set = insensitive ? 'in~' : 'in';
        if (node.quantifier === 'any') return setTest('RegistryKey', set, values.flatMap(forms).map(kqlString));
        return quantified(values.map((v) => setTest('RegistryKey', set, forms(v).map(kqlString))), 'all');
      }
      const tests = values.map((v) => atom(`RegistryKey matches regex ${kqlString(keyRegex(op, v, insensitive))}`));
      return quantified(tests, node.quantifier);
    }
  }
}

function keyRegex(op: 'equals' | 'startswith' | 'wildcard', value: string, insensitive: boolean): string {
  const flags = op === 'wildcard' ? (insensitive ? '(?is)' : '(?s)') : insensitive ? '(?i)' : '';
  if (op === 'wildcard') return `${HIVE_PREFIX_REGEX}${flags}${globBody(parseGlob(value), insensitive)}$`;
  return `${HIVE_PREFIX_REGEX}${flags}${regexLiteral(value, insensitive)}${op === 'equals' ? '$' : ''}`;
}

function globBody(tokens: readonly GlobToken[], insensitive: boolean): string {
  return tokens.map((t) => (t.kind === 'any' ? '.*' : t.kind === 'one' ? '.' : regexLiteral(t.text, insensitive))).join('');
}

/**
 * `registry.hive` equal to a hive: `RegistryKey` starts with its full name and a backslash.
 * Case-insensitive only: a projected row carries the canonical upper-case name of a known hive.
 */
export function emitRegistryHive(node: MatchNode, ctx: EmitContext): Emitted {
  const values = matchValues(node, ctx);
  const desc = describeMatch(node, values);
  if (node.op !== 'equals' || node.caseRule !== 'insensitive') {
    ctx.approximate(desc, 'Defender keeps the hive only as the full name at the head of RegistryKey: only case-insensitive equality is written');
  }
  const tests = values.map((v) => atom(`RegistryKey startswith ${kqlString(`${fullHive(v)}\\`)}`));
  return quantified(tests, node.quantifier);
}

import { asciiBothCases } from '../../semantics/ascii-caseless.js';
import { readPortableRegex } from '../../semantics/portable-syntax.js';
import { compileRegex } from '../../semantics/regex.js';
import { toKustoRegex } from './regex-dialect.js';

/**
 * What the KQL emitter asks of a rule-model regex needle: whether it matches "" (what a missing
 * column reads as) and how Kusto spells it. Both depend on the needle and its case rule alone,
 * and a rule set repeats its needles (the same term or path pattern in many rules), so each
 * answer is kept, in bounded tables: a repeated needle is not read, folded and rewritten again.
 * The key is the case rule as one character ahead of the needle, so no two pairs share one.
 */
const EMPTY_VERDICTS = new Map<string, boolean>();
const SPELLINGS = new Map<string, KustoSpelling>();
const MAX_ENTRIES = 4096;

/** A needle as Kusto reads it; `exact` false when a negated class inside brackets has no ASCII spelling. */
export interface KustoSpelling {
  readonly pattern: string;
  readonly exact: boolean;
}

/**
 * Whether the regex finds a match in "". Read, not compiled: emitting needs no program; one the
 * reader does not vouch for is compiled as the evaluator compiles it. The pattern is read as
 * written even for `i`: folding changes which characters a literal or class takes, never whether
 * the empty text matches (it has no characters), so the folded copy is not made.
 */
export function regexMatchesEmpty(needle: string, insensitive: boolean): boolean {
  const key = (insensitive ? 'i' : 's') + needle;
  let verdict = EMPTY_VERDICTS.get(key);
  if (verdict === undefined) {
    verdict = readMatchesEmpty(needle, insensitive);
    if (EMPTY_VERDICTS.size >= MAX_ENTRIES) EMPTY_VERDICTS.clear();
    EMPTY_VERDICTS.set(key, verdict);
  }
  return verdict;
}

function readMatchesEmpty(needle: string, insensitive: boolean): boolean {
  const shape = readPortableRegex(needle);
  if (shape !== undefined) return shape.matchesEmpty;
  try {
    return compileRegex(needle, { caseInsensitive: insensitive, multiline: false, dotAll: false }).test('');
  } catch {
    return false;
  }
}

/** Not `(?i)`: Kusto's folds Unicode (ſ matches s, the Kelvin sign k); both cases are spelled out. */
export function kustoSpelling(needle: string, insensitive: boolean): KustoSpelling {
  const key = (insensitive ? 'i' : 's') + needle;
  let spelling = SPELLINGS.get(key);
  if (spelling === undefined) {
    const cased = insensitive ? asciiBothCases(needle) : needle;
    const kusto = toKustoRegex(cased);
    spelling = { pattern: kusto ?? cased, exact: kusto !== undefined };
    if (SPELLINGS.size >= MAX_ENTRIES) SPELLINGS.clear();
    SPELLINGS.set(key, spelling);
  }
  return spelling;
}

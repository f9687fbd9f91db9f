import { knownSigmaRegex, rememberSigmaRegex, vouchedPortable, vouchedPortableCaseless } from '../../semantics/portable-vouched.js';
import { compileRe2 } from '../../semantics/regex-cache.js';
import { compileRegex, MAX_PATTERN_LENGTH, type RegexOptions, type RegexProblem } from '../../semantics/regex.js';

/**
 * Sigma's `re` is PCRE-like (sigma.md "Modifiers"); we run it with re2js, linear time. What RE2
 * can run, we run as written (inline flags, `\b`, named groups, classes); a PCRE construct
 * RE2 has no form for is refused by name instead of being misread.
 */
const GROUP_CONSTRUCTS: readonly (readonly [string, string])[] = [
  ['(?<=', 'look-behind (?<=...)'],
  ['(?<!', 'negative look-behind (?<!...)'],
  ['(?=', 'look-ahead (?=...)'],
  ['(?!', 'negative look-ahead (?!...)'],
  ['(?>', 'atomic group (?>...)'],
  ['(?|', 'branch reset group (?|...)'],
  ['(?#', 'comment group (?#...)'],
  ['(?(', 'conditional group (?(...)...)'],
  ['(?R', 'recursion (?R)'],
  ['(?&', 'recursion (?&name)'],
  ['(?P>', 'recursion (?P>name)'],
  ['(?P=', 'named back-reference (?P=name)'],
];

const ESCAPES: Readonly<Record<string, string>> = {
  k: 'named back-reference \\k<name>',
  g: 'back-reference \\g',
  K: 'match reset \\K',
  G: 'anchor \\G',
  Z: 'anchor \\Z (RE2 has only \\z)',
  R: 'line-break escape \\R',
  X: 'grapheme escape \\X',
  h: 'horizontal-space escape \\h',
  H: 'escape \\H',
  v: 'vertical-space escape \\v',
  V: 'escape \\V',
  e: 'escape \\e',
};

export function checkSigmaRegex(pattern: string, options: RegexOptions): RegexProblem | undefined {
  // The answer depends on the pattern and the flags only; a "no problem" is remembered
  // (portable-vouched.ts): a corpus repeats its patterns, and the reader and lint ask again.
  const flags = (options.caseInsensitive ? 4 : 0) + (options.multiline ? 2 : 0) + (options.dotAll ? 1 : 0);
  if (knownSigmaRegex(flags, pattern)) return undefined;
  const problem = sigmaRegexProblem(pattern, options);
  if (problem === undefined) rememberSigmaRegex(flags, pattern);
  return problem;
}

function sigmaRegexProblem(pattern: string, options: RegexOptions): RegexProblem | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return { message: `regex is longer than ${MAX_PATTERN_LENGTH} characters`, offset: 0 };
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return unsupported(`back-reference \\${next}`, i);
      if (!inClass && ESCAPES[next]) return unsupported(ESCAPES[next] as string, i);
      if (next === 'Q' && options.caseInsensitive) return { message: 'quoting \\Q...\\E cannot be combined with re|i here; escape the characters one by one', offset: i };
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    // `(?:` (the common group) is none of the constructs below.
    if (ch === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':') {
      const found = GROUP_CONSTRUCTS.find(([prefix]) => pattern.startsWith(prefix, i));
      if (found) return unsupported(found[1], i);
      if (/^\(\?[0-9+-]/.test(pattern.slice(i, i + 4))) return unsupported('recursion (?N)', i);
    }
    if ((ch === '*' || ch === '+' || ch === '?' || ch === '}') && pattern[i + 1] === '+' && i > 0) return unsupported('possessive quantifier', i + 1);
  }
  // Checking needs no program: a pattern our reader vouches for compiles, as written and in the
  // form the evaluator compiles for `i` (ASCII letters folded by rewriting). Others are compiled
  // here, as before, so that their errors read as re2js's.
  // Remembered per pattern (portable-vouched.ts): the importer asks again of the same value.
  if (vouchedPortable(pattern) && (!options.caseInsensitive || vouchedPortableCaseless(pattern))) return undefined;
  try {
    // Cached: the importer (checkPortableRegex) and the evaluator compile the same pattern.
    compileRe2(pattern);
  } catch (err) {
    return { message: `invalid regex: ${(err as Error).message}`, offset: 0 };
  }
  try {
    // As the evaluator compiles it: `i` folds ASCII letters only, by rewriting the pattern.
    compileRegex(pattern, options);
  } catch {
    return { message: 'this regex cannot be made case-insensitive for ASCII letters only; spell out both cases ([aA]) instead of re|i', offset: 0 };
  }
  return undefined;
}

function unsupported(what: string, offset: number): RegexProblem {
  return { message: `regex uses ${what}, a PCRE construct RE2 cannot run; rewrite the pattern without it`, offset };
}

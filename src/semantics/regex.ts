import { RE2JS } from 're2js';
import { asciiCaseless } from './ascii-caseless.js';
import { foldAscii } from './fold.js';
import { parsePortableTree } from './portable-parse.js';
import { requiredRun } from './regex-required.js';
import { knownPortable, rememberPortable, vouchedPortable } from './portable-vouched.js';
import { compileRe2 } from './regex-cache.js';

/**
 * Rule regexes are untrusted and must run on every target: KQL (Rust `regex`), Sigma
 * back-ends (PCRE-like) and, after translation, Elasticsearch's Lucene regexp. They are
 * evaluated with re2js (linear time, no catastrophic backtracking) and limited to a portable
 * subset: no back-references or look-around (RE2 and Lucene have neither), no `\b`/`\B`,
 * `\A`, `\z`, `\p{..}` or `\Q..\E` (Lucene has none of them and Kusto's `\b` is Unicode-aware),
 * no inline flag groups or named groups (the case rule and flags live on the predicate).
 */
export interface RegexOptions {
  readonly caseInsensitive: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
}

export const DEFAULT_REGEX_OPTIONS: RegexOptions = { caseInsensitive: false, multiline: false, dotAll: false };

export interface RegexProblem {
  readonly message: string;
  /** Offset in the pattern (0-based). */
  readonly offset: number;
}

export const MAX_PATTERN_LENGTH = 4096;

const ALLOWED_ESCAPE_LETTERS = new Set(['d', 'D', 'w', 'W', 's', 'S', 't', 'n', 'r']);

/** Returns the first portability problem in a pattern, or undefined when it is portable. */
export function checkPortableRegex(pattern: string): RegexProblem | undefined {
  // The answer for a pattern never changes; one with no problem is remembered (portable-vouched.ts).
  if (knownPortable(pattern)) return undefined;
  const construct = nonPortableConstruct(pattern);
  if (construct) return construct;
  // A pattern our own reader vouches for compiles; only the others are compiled to be checked
  // (and to take re2js's message when they are wrong).
  if (!vouchedPortable(pattern)) {
    try {
      compileRe2(pattern);
    } catch (err) {
      return { message: `invalid regex: ${(err as Error).message}`, offset: 0 };
    }
  }
  rememberPortable(pattern);
  return undefined;
}

/** The first construct outside the portable subset, found by scanning; syntax is not checked. */
export function nonPortableConstruct(pattern: string): RegexProblem | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { message: `regex is longer than ${MAX_PATTERN_LENGTH} characters`, offset: 0 };
  }
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return { message: 'regex ends with a lone backslash', offset: i };
      if (/[0-9]/.test(next)) return { message: `back-reference or octal escape \\${next} is not portable`, offset: i };
      if (/[A-Za-z]/.test(next) && !ALLOWED_ESCAPE_LETTERS.has(next)) {
        return { message: `escape \\${next} is not portable (allowed: \\d \\D \\w \\W \\s \\S \\t \\n \\r)`, offset: i };
      }
      i++;
      continue;
    }
    if (inClass) {
      if (ch === '[' && pattern[i + 1] === ':') return { message: 'POSIX class [:name:] is not portable', offset: i };
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is literal.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') {
        return { message: 'only (?:...) groups are portable: no look-around, inline flags or named groups', offset: i };
      }
    }
    if ((ch === '*' || ch === '+' || ch === '?' || ch === '}') && pattern[i + 1] === '+') {
      return { message: 'possessive quantifiers are not portable', offset: i + 1 };
    }
  }
  return undefined;
}

export interface CompiledRegex {
  /** Unanchored search. */
  test(value: string): boolean;
  /** The given group of the first match, or undefined when nothing matches. */
  extract(value: string, group: number): string | undefined;
  readonly groupCount: number;
}

export function compileRegex(pattern: string, options: RegexOptions = DEFAULT_REGEX_OPTIONS): CompiledRegex {
  let flags = 0;
  if (options.multiline) flags |= RE2JS.MULTILINE;
  if (options.dotAll) flags |= RE2JS.DOTALL;
  // Not RE2JS.CASE_INSENSITIVE: that folds Unicode, the rule model folds ASCII only. The value
  // is folded instead; ASCII folding keeps every offset, so groups are cut from the original.
  const insensitive = options.caseInsensitive;
  const re = compileRe2(insensitive ? asciiCaseless(pattern) : pattern, flags);
  const subject = (value: string): string => (insensitive ? foldAscii(value) : value);
  // Every match holds the pattern's required text (folded, as the subject is), so a value
  // without it is answered by a string search instead of the regex program.
  const parsed = parsePortableTree(pattern, { dotAll: options.dotAll });
  const run = parsed.ok ? requiredRun(parsed.tree) : '';
  const needed = insensitive ? foldAscii(run) : run;
  return {
    test: (value) => {
      const s = subject(value);
      return s.includes(needed) && re.matcher(s).find();
    },
    extract: (value, group) => {
      const m = re.matcher(subject(value));
      if (!m.find()) return undefined;
      const start = m.start(group);
      return start < 0 ? '' : value.slice(start, m.end(group));
    },
    groupCount: re.groupCount(),
  };
}

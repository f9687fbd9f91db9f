/**
 * Two regex dialects meet here (kql.md, "Regex dialect"): the rule model's regexes run on RE2
 * (re2js), where `\d` `\w` `\s` are ASCII, while Kusto runs the Rust `regex` crate, where they
 * are Unicode-aware. The emitter spells the classes out in ASCII so Kusto reads what the rule
 * meant; the evaluator widens them to Unicode so re2js reads what Kusto would.
 */
type ClassMap = Readonly<Record<string, { readonly outside: string; readonly inside?: string }>>;

const ASCII_CLASSES: ClassMap = {
  d: { outside: '[0-9]', inside: '0-9' },
  D: { outside: '[^0-9]' },
  w: { outside: '[0-9A-Za-z_]', inside: '0-9A-Za-z_' },
  W: { outside: '[^0-9A-Za-z_]' },
  s: { outside: '[\\t\\n\\f\\r ]', inside: '\\t\\n\\f\\r ' },
  S: { outside: '[^\\t\\n\\f\\r ]' },
};

const UNICODE_WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const UNICODE_SPACE = '\\t\\n\\x{0B}\\f\\r \\x{85}\\p{Z}';
const UNICODE_CLASSES: ClassMap = {
  d: { outside: '\\p{Nd}', inside: '\\p{Nd}' },
  D: { outside: '\\P{Nd}' },
  w: { outside: `[${UNICODE_WORD}]`, inside: UNICODE_WORD },
  W: { outside: `[^${UNICODE_WORD}]` },
  s: { outside: `[${UNICODE_SPACE}]`, inside: UNICODE_SPACE },
  S: { outside: `[^${UNICODE_SPACE}]` },
};

/**
 * Rewrites the Perl classes of a pattern; undefined when a negated class appears inside a
 * bracket (`[^\W]`), which neither engine lets us spell without class set operations.
 * The text between rewrites is copied in slices, and a pattern with no backslash (most
 * needles) is returned as it is: there is nothing to rewrite.
 */
function rewriteClasses(pattern: string, map: ClassMap, keepNegatedInside: boolean): string | undefined {
  if (pattern.indexOf('\\') < 0) return pattern;
  let out = '';
  // pattern[copied, i) is yet to be copied to `out`.
  let copied = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === BACKSLASH) {
      const next = pattern[i + 1] ?? '';
      const entry = Object.prototype.hasOwnProperty.call(map, next) ? map[next] : undefined;
      let replacement: string | undefined;
      if (!entry) replacement = undefined;
      else if (!inClass) replacement = entry.outside;
      else if (entry.inside !== undefined) replacement = entry.inside;
      else if (!keepNegatedInside) return undefined;
      i++;
      if (replacement !== undefined) {
        out += pattern.slice(copied, i - 1) + replacement;
        copied = i + 1;
      }
      continue;
    }
    if (inClass) {
      if (code === CLOSE_BRACKET) inClass = false;
      continue;
    }
    if (code === OPEN_BRACKET) {
      inClass = true;
      // A `]` right after `[` or `[^` is literal.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    }
  }
  return copied === 0 ? pattern : out + pattern.slice(copied);
}

const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A rule-model (RE2) pattern in Kusto's dialect with the same meaning, or undefined. */
export function toKustoRegex(pattern: string): string | undefined {
  return rewriteClasses(pattern, ASCII_CLASSES, false);
}

/**
 * A Kusto pattern for re2js, with Kusto's Unicode-aware classes. Negated classes inside
 * brackets and `\b` keep RE2's ASCII reading: the one place this evaluator is not Kusto.
 */
export function kustoToRe2(pattern: string): string {
  return rewriteClasses(pattern, UNICODE_CLASSES, true) ?? pattern;
}

/**
 * The Perl classes (\d \D \w \W \s \S) a pattern uses, each once, in order of first use: the
 * letters whose reading differs between the two dialects. An escaped backslash is skipped.
 */
export function perlClassesIn(pattern: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.charCodeAt(i) !== BACKSLASH) continue;
    const c = pattern[++i] ?? '';
    if (Object.prototype.hasOwnProperty.call(ASCII_CLASSES, c) && !found.includes(c)) found.push(c);
  }
  return found;
}

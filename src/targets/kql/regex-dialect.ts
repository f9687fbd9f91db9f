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
 */
function rewriteClasses(pattern: string, map: ClassMap, keepNegatedInside: boolean): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      const entry = Object.prototype.hasOwnProperty.call(map, next) ? map[next] : undefined;
      i++;
      if (!entry) {
        out += ch + next;
        continue;
      }
      if (!inClass) out += entry.outside;
      else if (entry.inside !== undefined) out += entry.inside;
      else if (keepNegatedInside) out += ch + next;
      else return undefined;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // A `]` right after `[` or `[^` is literal.
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
      continue;
    }
    out += ch;
  }
  return out;
}

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

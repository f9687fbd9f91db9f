import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBothCases, asciiCaseless } from '../../src/semantics/ascii-caseless.js';
import { readPortableRegex } from '../../src/semantics/portable-syntax.js';
import { compileRegex } from '../../src/semantics/regex.js';
import { matchesEmpty } from '../../src/targets/kql/emit-match.js';
import { kustoToRe2, toKustoRegex } from '../../src/targets/kql/regex-dialect.js';
import { eqlString } from '../../src/targets/eql/escape.js';
import { not, type Condition, type MatchNode } from '../../src/ir/condition.js';
import type { Rule } from '../../src/ir/rule.js';
import { NotExpressibleError } from '../../src/targets/contract.js';
import { TARGETS } from '../../src/targets/registry.js';
import { ruleArb } from './arbitraries.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The emitters' text rewrites are written for speed (slices, early returns, scans by char
 * code). Each is held here against a plain character-by-character statement of the same
 * rule, on text drawn mostly from the characters the rewrite treats specially.
 */

/** Patterns over the characters that matter to a class rewrite, plus some ordinary ones. */
const patternText = fc.string({ unit: fc.constantFrom('\\', '[', ']', '^', 'd', 'D', 'w', 'W', 's', 'S', 'b', 'a', 'x', '.', '*', '(', ')', '-', 'é'), maxLength: 24 });

type ClassMap = Readonly<Record<string, { readonly outside: string; readonly inside?: string }>>;

/** kql.md "Regex dialect": `\d \w \s` and their negations in ASCII, written out in and out of brackets. */
const ASCII: ClassMap = {
  d: { outside: '[0-9]', inside: '0-9' },
  D: { outside: '[^0-9]' },
  w: { outside: '[0-9A-Za-z_]', inside: '0-9A-Za-z_' },
  W: { outside: '[^0-9A-Za-z_]' },
  s: { outside: '[\\t\\n\\f\\r ]', inside: '\\t\\n\\f\\r ' },
  S: { outside: '[^\\t\\n\\f\\r ]' },
};

/** The same classes as Kusto's Rust engine reads them: Unicode-aware. */
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const SPACE = '\\t\\n\\x{0B}\\f\\r \\x{85}\\p{Z}';
const UNICODE: ClassMap = {
  d: { outside: '\\p{Nd}', inside: '\\p{Nd}' },
  D: { outside: '\\P{Nd}' },
  w: { outside: `[${WORD}]`, inside: WORD },
  W: { outside: `[^${WORD}]` },
  s: { outside: `[${SPACE}]`, inside: SPACE },
  S: { outside: `[^${SPACE}]` },
};

/** One character at a time: an escape is read with its letter, a class from `[` to its `]`. */
function classesByCharacter(pattern: string, map: ClassMap, keepNegatedInside: boolean): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      const entry = Object.prototype.hasOwnProperty.call(map, next) ? map[next] : undefined;
      i++;
      if (!entry) out += ch + next;
      else if (!inClass) out += entry.outside;
      else if (entry.inside !== undefined) out += entry.inside;
      else if (keepNegatedInside) out += ch + next;
      else return undefined;
      continue;
    }
    out += ch;
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
    }
  }
  return out;
}

describe('emitter rewrites agree with a character-by-character statement', () => {
  it('toKustoRegex', () => {
    fc.assert(
      fc.property(patternText, (p) => {
        expect(toKustoRegex(p)).toBe(classesByCharacter(p, ASCII, false));
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });

  it('kustoToRe2', () => {
    fc.assert(
      fc.property(patternText, (p) => {
        expect(kustoToRe2(p)).toBe(classesByCharacter(p, UNICODE, true) ?? p);
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });

  it.each([
    ['asciiCaseless', asciiCaseless, (ch: string) => ch.toLowerCase()],
    ['asciiBothCases', asciiBothCases, (ch: string) => `[${ch.toLowerCase()}${ch.toUpperCase()}]`],
  ] as const)('%s', (_name, rewrite, letter) => {
    fc.assert(
      fc.property(regexText, (p) => {
        expect(rewrite(p)).toBe(lettersByCharacter(p, letter));
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });
});

/** The predicates of a condition tree. */
function matchesIn(c: Condition): MatchNode[] {
  if (c.kind === 'match') return [c];
  if (c.kind === 'not') return matchesIn(c.child);
  if (c.kind === 'and' || c.kind === 'or') return c.children.flatMap(matchesIn);
  return [];
}

/** What an emission reports: its approximations (lenient), or whether it refuses (strict). */
function reports(rule: Rule, lenient: boolean): string {
  const kql = TARGETS.find((t) => t.id === 'kql');
  if (!kql) throw new Error('no kql target');
  try {
    return JSON.stringify(kql.emit(rule, { lenient }).approximations);
  } catch (err) {
    if (err instanceof NotExpressibleError) return 'refused';
    throw err;
  }
}

describe('KQL: a negated predicate written in its ! form', () => {
  // The `!` form skips emitting the operand and makes only the checks that emission would make.
  it('reports what the predicate alone reports, lenient and strict', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        for (const m of matchesIn(rule.condition)) {
          for (const lenient of [true, false]) {
            expect(reports({ ...rule, condition: not(m) }, lenient)).toBe(reports({ ...rule, condition: m }, lenient));
          }
        }
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(20261130) },
    );
  });
});

describe('KQL: whether a regex needle matches the empty text', () => {
  /** The pattern as the evaluator compiles it (letters folded for `i`), read, else compiled. */
  function matchesEmptyFolded(needle: string, insensitive: boolean): boolean {
    const shape = readPortableRegex(insensitive ? asciiCaseless(needle) : needle);
    if (shape !== undefined) return shape.matchesEmpty;
    try {
      return compileRegex(needle, { caseInsensitive: insensitive, multiline: false, dotAll: false }).test('');
    } catch {
      return false;
    }
  }
  const needle = fc
    .array(fc.constantFrom('a', 'Z', 'k', 'é', '.', '^', '$', '\\b', '\\B', '\\d', '\\W', '[a-z]', '[^A-Z]', '[a-]', '[Z-a]', '[^\\w]', '(', ')', '(?:', '(?i)', '|', '*', '+', '?', '{0}', '{2}', '{0,3}'), { maxLength: 10 })
    .map((pieces) => pieces.join(''));
  // The emitter reads the pattern unfolded: folding never decides whether "" matches.
  it('reading the pattern as written answers as reading it folded', () => {
    fc.assert(
      fc.property(needle, fc.boolean(), (n, insensitive) => {
        expect(matchesEmpty('regex', n, insensitive)).toBe(matchesEmptyFolded(n, insensitive));
      }),
      { numRuns: fuzzRuns(3000), seed: fuzzSeed(20261130) },
    );
  });
});

describe('EQL string literals', () => {
  /** eql.md "Strings": `\\ \" \n \r \t` escaped, other control characters as `\u{XX}`, the rest as is. */
  function byCharacter(value: string): string {
    let out = '"';
    for (const ch of value) {
      const code = ch.codePointAt(0) as number;
      if (ch === '\\') out += '\\\\';
      else if (ch === '"') out += '\\"';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) out += `\\u{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
      else out += ch;
    }
    return `${out}"`;
  }
  const value = fc.array(fc.constantFrom('\\', '"', 'C:', 'a', '\n', '\t', '\u0001', '\u0085', '\u2028', 'é', '😀', '*', ' '), { maxLength: 10 }).map((p) => p.join(''));
  it('eqlString writes each character as the table says', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(eqlString(v)).toBe(byCharacter(v));
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });
});

/** Patterns over what a letter rewrite treats specially: escapes, group heads, classes, letters. */
const regexText = fc
  .array(
    fc.constantFrom('\\', '\\r', '\\t', '\\n', '\\d', '\\W', '\\-', '\\]', '\\p{Lu}', '\\x{41}', '(?:', '(?i)', '(?P<n>', '(', ')', '?', '[', '[^', ']', '-', 'a-z', 'A-Z', '0-9', '!-~', 'a', 'Z', 'k', 's', 'S', '1', '_', 'é', 'É'),
    { maxLength: 12 },
  )
  .map((pieces) => pieces.join(''));

/**
 * A letter rewrite one character at a time (ascii-caseless.ts): an escape (with a braced
 * `\p{..}` or `\x{..}` body) and a `(?` group head up to its `:`, `)` or `>` are copied, a class
 * up to its `]` gains the other case of its letters (classByCharacter), other letters go by `letter`.
 */
function lettersByCharacter(pattern: string, letter: (ch: string) => string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    let end = i + 1;
    if (ch === '\\') {
      end = i + 2;
      const l = pattern[i + 1];
      if ((l === 'p' || l === 'P' || l === 'x') && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3);
        if (close >= 0) end = close + 1;
      }
      out += pattern.slice(i, end);
    } else if (ch === '(' && pattern[i + 1] === '?') {
      end = pattern.length;
      for (let j = i + 2; j < pattern.length; j++) {
        if (pattern[j] === ':' || pattern[j] === ')' || pattern[j] === '>') {
          end = j + 1;
          break;
        }
      }
      out += pattern.slice(i, end);
    } else if (ch === '[') {
      end = i + 1;
      if (pattern[end] === '^') end++;
      if (pattern[end] === ']') end++;
      for (; end < pattern.length; end++) {
        if (pattern[end] === '\\') end++;
        else if (pattern[end] === ']') break;
      }
      end = Math.min(end + 1, pattern.length);
      out += classByCharacter(pattern.slice(i, end));
    } else if (/[A-Za-z]/.test(ch)) {
      out += letter(ch);
    } else {
      out += ch;
    }
    i = end - 1;
  }
  return out;
}

/**
 * A class with the other case of each ASCII letter it holds added (single letters and ranges),
 * before a trailing literal `-`; a letter escape (`\\d`) holds no letter, `\\t \\n \\r` and
 * escaped punctuation are their character.
 */
function classByCharacter(cls: string): string {
  const extra: string[] = [];
  const read = (at: number): { char: string | undefined; next: number } => {
    if (cls[at] !== '\\') return { char: cls[at], next: at + 1 };
    const esc = cls[at + 1] ?? '';
    const named: Record<string, string> = { t: '\t', n: '\n', r: '\r' };
    if (esc in named) return { char: named[esc], next: at + 2 };
    return { char: /[A-Za-z]/.test(esc) ? undefined : esc, next: at + 2 };
  };
  let i = cls[1] === '^' ? 2 : 1;
  const bodyEnd = cls.endsWith(']') ? cls.length - 1 : cls.length;
  let insertAt = bodyEnd;
  while (i < bodyEnd) {
    const start = i;
    const lo = read(i);
    i = lo.next;
    if (i === bodyEnd && cls[start] === '-') insertAt = start;
    if (lo.char !== undefined && cls[i] === '-' && i + 1 < bodyEnd) {
      const hi = read(i + 1);
      if (hi.char !== undefined) {
        const from = lo.char.charCodeAt(0);
        const to = hi.char.charCodeAt(0);
        for (const [first, last, shift] of [[65, 90, 32], [97, 122, -32]] as const) {
          const a = Math.max(from, first);
          const b = Math.min(to, last);
          if (a <= b) extra.push(`${String.fromCharCode(a + shift)}-${String.fromCharCode(b + shift)}`);
        }
        i = hi.next;
        continue;
      }
    }
    if (lo.char !== undefined && /^[A-Za-z]$/.test(lo.char)) extra.push(lo.char === lo.char.toLowerCase() ? lo.char.toUpperCase() : lo.char.toLowerCase());
  }
  return extra.length === 0 ? cls : cls.slice(0, insertAt) + extra.join('') + cls.slice(insertAt);
}

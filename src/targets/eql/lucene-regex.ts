import { RE2JS } from 're2js';
import { foldAscii, foldRepeated } from '../../semantics/fold.js';
import { requiredRun } from '../../semantics/regex-required.js';
import { MAX_REPEAT, RegexSyntaxError, printRe2, type RegexNode } from './regex-ast.js';

/**
 * Lucene's regexp dialect, which EQL's `regex` / `regex~` use (eql.md "Regex"): the pattern
 * must match the **whole** value; there are no `\d \w \s` classes and no `^ $` anchors (both
 * are plain characters); `.` is any character, line breaks included; `@` is any string, `#`
 * the empty language, `"..."` a literal string, `()` the empty string; `\` makes the next
 * character literal. `regex~` folds ASCII letters (Lucene's ASCII_CASE_INSENSITIVE).
 *
 * Evaluation parses the pattern and runs it as an anchored RE2 pattern (re2js, linear time).
 * Lucene's intersection `&`, complement `~` and `<n-m>` intervals have no RE2 form; they are
 * reported as unsupported rather than guessed.
 */
export const MAX_LUCENE_PATTERN = 4096;

const RESERVED = new Set('.?+*|{}[]()"\\#@&<>~'.split(''));

export function parseLuceneRegex(pattern: string): RegexNode {
  if (pattern.length > MAX_LUCENE_PATTERN) throw new RegexSyntaxError(`regex is longer than ${MAX_LUCENE_PATTERN} characters`, 0);
  const cps = [...pattern];
  const offsets: number[] = [];
  let off = 0;
  for (const c of cps) {
    offsets.push(off);
    off += c.length;
  }
  offsets.push(off);
  let i = 0;
  let depth = 0;
  const fail = (message: string, at = i): never => {
    throw new RegexSyntaxError(message, offsets[Math.min(at, offsets.length - 1)] as number);
  };
  const peek = (): string | undefined => cps[i];

  const union = (): RegexNode => {
    if (++depth > 100) fail('regex nested too deeply');
    const items = [concat()];
    while (peek() === '|') {
      i++;
      items.push(concat());
    }
    depth--;
    return items.length === 1 ? (items[0] as RegexNode) : { k: 'alt', items };
  };

  const concat = (): RegexNode => {
    const items: RegexNode[] = [];
    for (;;) {
      const c = peek();
      if (c === undefined || c === '|' || c === ')') break;
      if (c === '&') fail('the Lucene intersection operator & is not supported by this evaluator; escape it as \\& for a literal &');
      items.push(repeat());
    }
    return items.length === 1 ? (items[0] as RegexNode) : { k: 'seq', items };
  };

  const repeat = (): RegexNode => {
    let node = complement();
    for (;;) {
      const c = peek();
      if (c === '*') node = { k: 'repeat', node, min: 0, max: undefined };
      else if (c === '+') node = { k: 'repeat', node, min: 1, max: undefined };
      else if (c === '?') node = { k: 'repeat', node, min: 0, max: 1 };
      else if (c === '{') {
        const start = i;
        const rest = cps.slice(i, i + 24).join('');
        const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(rest);
        if (!m) fail('{ must start a repeat {n}, {n,} or {n,m}; escape it as \\{ for a literal {', start);
        const mm = m as RegExpExecArray;
        const min = Number(mm[1]);
        const max = mm[2] === undefined ? min : mm[3] === '' ? undefined : Number(mm[3]);
        if (min > MAX_REPEAT || (max !== undefined && (max > MAX_REPEAT || max < min))) fail(`bad repeat ${mm[0]}`, start);
        node = { k: 'repeat', node, min, max };
        i += [...mm[0]].length;
        continue;
      } else break;
      i++;
    }
    return node;
  };

  const complement = (): RegexNode => {
    if (peek() === '~') fail('the Lucene complement operator ~ is not supported by this evaluator; escape it as \\~ for a literal ~');
    return charClassOrSimple();
  };

  const charClassOrSimple = (): RegexNode => {
    const c = peek() as string;
    if (c === '[') return charClass();
    if (c === '.') {
      i++;
      return { k: 'any' };
    }
    if (c === '@') {
      i++;
      return { k: 'anyString' };
    }
    if (c === '#') {
      i++;
      return { k: 'none' };
    }
    if (c === '<') fail('Lucene <...> intervals and automaton names are not supported by this evaluator; escape it as \\<');
    if (c === '"') {
      const start = i;
      i++;
      const items: RegexNode[] = [];
      while (peek() !== '"') {
        if (peek() === undefined) fail('unterminated "..." in regex', start);
        items.push({ k: 'char', cp: (cps[i] as string).codePointAt(0) as number });
        i++;
      }
      i++;
      return { k: 'seq', items };
    }
    if (c === '(') {
      const start = i;
      i++;
      if (peek() === ')') {
        i++;
        return { k: 'seq', items: [] };
      }
      const inner = union();
      if (peek() !== ')') fail('unbalanced (', start);
      i++;
      return inner;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') fail(`nothing to repeat before ${c}`);
    return { k: 'char', cp: charExp() };
  };

  const charExp = (): number => {
    let c = cps[i] as string;
    if (c === '\\') {
      i++;
      if (i >= cps.length) fail('regex ends with a lone backslash', i - 1);
      c = cps[i] as string;
    }
    i++;
    return c.codePointAt(0) as number;
  };

  const charClass = (): RegexNode => {
    const start = i;
    i++;
    let negated = false;
    if (peek() === '^') {
      negated = true;
      i++;
    }
    const ranges: [number, number][] = [];
    while (peek() !== ']') {
      if (peek() === undefined) fail('unterminated [ class', start);
      const lo = charExp();
      if (peek() === '-' && cps[i + 1] !== ']' && cps[i + 1] !== undefined) {
        i++;
        const hi = charExp();
        if (hi < lo) fail('a class range runs backwards');
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    i++;
    if (ranges.length === 0) fail('empty [] class', start);
    return { k: 'class', negated, ranges };
  };

  const tree = union();
  if (i < cps.length) fail(`unexpected ${cps[i]} in regex`);
  return tree;
}

export interface LuceneMatcher {
  /** Whole-value match. */
  test(value: string): boolean;
}

/** Compiles a Lucene regexp once; throws RegexSyntaxError on a bad or unsupported pattern. */
export function compileLuceneRegex(pattern: string, asciiInsensitive: boolean): LuceneMatcher {
  const tree = parseLuceneRegex(pattern);
  const re = RE2JS.compile(`^(?:${printRe2(tree, asciiInsensitive)})$`, RE2JS.DOTALL);
  const matches = (value: string): boolean => re.matcher(value).matches();
  // A value without the pattern's required text cannot match, and `includes` says so far
  // faster than running the program (the term tests the emitter writes are mostly such).
  const run = requiredRun(tree);
  if (run === '') return { test: matches };
  if (!asciiInsensitive) return { test: (value) => value.includes(run) && matches(value) };
  const folded = foldAscii(run);
  return { test: (value) => foldRepeated(value).includes(folded) && matches(value) };
}

/**
 * Literal text in Lucene syntax, as printLucene writes a run of `char` nodes: a reserved
 * character gets a backslash (all are ASCII, so code units and code points agree). The
 * emitter writes needles through this directly rather than as one node per character.
 */
export function luceneLiteral(text: string): string {
  // Tested first: a replace by a global pattern costs several times a test even where nothing matches.
  return HAS_RESERVED_CHAR.test(text) ? text.replace(RESERVED_CHARS, '\\$&') : text;
}

const RESERVED_CHARS = /[.?+*|{}[\]()"\\#@&<>~]/g;
const HAS_RESERVED_CHAR = /[.?+*|{}[\]()"\\#@&<>~]/;

/** Writes a tree in Lucene syntax: reserved characters get a backslash, as eql.md asks. */
export function printLucene(node: RegexNode): string {
  switch (node.k) {
    case 'alt':
      return node.items.map(printLucene).join('|');
    case 'seq':
      if (node.items.length === 0) return '()';
      return node.items.map((n) => (n.k === 'alt' ? `(${printLucene(n)})` : printLucene(n))).join('');
    case 'repeat': {
      const inner = printLucene(node.node);
      const atomic = node.node.k === 'char' || node.node.k === 'any' || node.node.k === 'class' || node.node.k === 'anyString';
      const q =
        node.min === 0 && node.max === undefined ? '*'
        : node.min === 1 && node.max === undefined ? '+'
        : node.min === 0 && node.max === 1 ? '?'
        : node.max === undefined ? `{${node.min},}`
        : node.min === node.max ? `{${node.min}}`
        : `{${node.min},${node.max}}`;
      return (atomic ? inner : `(${inner})`) + q;
    }
    case 'char':
      return luceneLiteral(String.fromCodePoint(node.cp));
    case 'any':
      return '.';
    case 'anyString':
      return '.*';
    case 'none':
      return '#';
    case 'class': {
      // Inside [...] only the class syntax and Lucene's operator characters need a backslash.
      const one = (cp: number): string => {
        const ch = String.fromCodePoint(cp);
        return RESERVED.has(ch) || ch === '-' || ch === '^' ? '\\' + ch : ch;
      };
      const body = node.ranges.map(([lo, hi]) => (lo === hi ? one(lo) : `${one(lo)}-${one(hi)}`)).join('');
      return `[${node.negated ? '^' : ''}${body}]`;
    }
    case 'bol':
    case 'eol':
      throw new Error('anchors have no Lucene form; translate them first');
  }
}

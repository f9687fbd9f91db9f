import type { StringOperator } from '../ir/match-operator.js';
import { foldAscii } from './fold.js';
import { compileRegex } from './regex.js';
import { termMatch } from './term.js';
import { compileGlob, parseGlob } from './wildcard.js';

/**
 * One needle of one string operator, compiled once. The returned test takes the field value
 * already folded when `insensitive` is set (callers fold a value once, not per needle); regexes
 * take the raw value and fold through the engine's own case-insensitive mode.
 */
export interface StringNeedleTest {
  readonly wantsFolded: boolean;
  test(value: string): boolean;
}

export interface StringNeedleOptions {
  readonly insensitive: boolean;
  readonly multiline?: boolean;
  readonly dotAll?: boolean;
}

export function compileStringNeedle(op: StringOperator, needle: string, options: StringNeedleOptions): StringNeedleTest {
  const folded = options.insensitive ? foldAscii(needle) : needle;
  const wantsFolded = options.insensitive;
  switch (op) {
    case 'equals':
      return { wantsFolded, test: (v) => v === folded };
    case 'contains':
      return { wantsFolded, test: (v) => v.includes(folded) };
    case 'startswith':
      return { wantsFolded, test: (v) => v.startsWith(folded) };
    case 'endswith':
      return { wantsFolded, test: (v) => v.endsWith(folded) };
    case 'term':
      return { wantsFolded, test: (v) => termMatch(v, folded, 'both') };
    case 'termprefix':
      return { wantsFolded, test: (v) => termMatch(v, folded, 'left') };
    case 'termsuffix':
      return { wantsFolded, test: (v) => termMatch(v, folded, 'right') };
    case 'wildcard': {
      const test = compileGlob(parseGlob(options.insensitive ? foldGlobPattern(needle) : needle));
      return { wantsFolded, test };
    }
    case 'regex': {
      const re = compileRegex(needle, {
        caseInsensitive: options.insensitive,
        multiline: options.multiline ?? false,
        dotAll: options.dotAll ?? false,
      });
      return { wantsFolded: false, test: (v) => re.test(v) };
    }
  }
}

/** Folding a glob pattern must not touch its escapes; ASCII folding never creates `\*?`. */
function foldGlobPattern(pattern: string): string {
  return foldAscii(pattern);
}

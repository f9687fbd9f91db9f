import type { Condition, MatchNode } from '../ir/condition.js';
import { forEachMatch } from '../ir/normalize.js';
import type { MatchOperator } from '../ir/match-operator.js';
import { parseGlob } from '../semantics/wildcard.js';

/**
 * Fields that hold a file name, never a path (README "Fields": "File name of the image", ...).
 * A Windows file name cannot hold `\` or `/` (both separate path components), so a test that
 * needs either character to appear literally in such a field can never be true — typically a
 * Sigma `OriginalFileName: '\esentutl.exe'` written as if it were `Image|endswith`.
 */
export const FILE_NAME_FIELDS: ReadonlySet<string> = new Set([
  'process.name',
  'process.parent.name',
  'process.parent.parent.name',
  'process.pe.original_file_name',
  'file.name',
  'dll.name',
  // The loaded module's OriginalFileName (Sysmon event 7), a file name like the process's.
  'dll.pe.original_file_name',
]);

/**
 * Operators under which every character of the value must occur in the field as written. For
 * `wildcard` only the glob's literal text counts (`*` and `?` may stand for anything, but
 * not for a character the text spells out). `regex` is left alone: `\\` or `/` there may sit in
 * a class or an alternative that is never needed.
 */
const LITERAL_OPERATORS: ReadonlySet<MatchOperator> = new Set(['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix']);

/** Why `field op value` can never be true because a file name holds no separator, or undefined. */
export function pathInFileNameProblem(field: string, op: MatchOperator, value: string): string | undefined {
  if (!FILE_NAME_FIELDS.has(field)) return undefined;
  let literal: string;
  if (LITERAL_OPERATORS.has(op)) literal = value;
  else if (op === 'wildcard') literal = parseGlob(value).map((t) => (t.kind === 'text' ? t.text : '')).join('');
  else return undefined;
  const separator = ['\\', '/'].find((s) => literal.includes(s));
  if (separator === undefined) return undefined;
  return `${field} holds a file name, which never contains ${separator}: \`${op} ${value}\` can never match (a path belongs in the matching path field, e.g. process.executable)`;
}

/** Every predicate of a condition (not descending into anything else), for lints over the IR. */
export function predicatesOf(condition: Condition): MatchNode[] {
  const out: MatchNode[] = [];
  forEachMatch(condition, (m) => out.push(m));
  return out;
}

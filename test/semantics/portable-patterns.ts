import fc from 'fast-check';

// Random patterns for the portable regex reader's tests (portable-syntax, portable-parse).

/** Pieces from which hostile patterns are glued: portable, near-portable and broken syntax. */
const PIECES = [
  'a', 'b', 'Z', 'k', 's', '0', '9', '-', '_', ' ', ',', ':', '=', 'é', '\u{1F600}', '\uD800', '\uDC00', '\n',
  '.', '^', '$', '|', '||', '(', ')', '()', '(?:', '(?', '(?i)', '(?P<n>', '[', ']', '[^', '[]', '[^]', '[:alpha:]', '[:', ':]',
  '\\', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\t', '\\n', '\\r', '\\f', '\\b', '\\z', '\\.', '\\-', '\\]', '\\[', '\\\\',
  '\\^', '\\é', '\\1', '\\0', '\\x41', '\\p{L}', '\\Q', '\\_', '\\ ',
  '*', '+', '?', '*?', '+?', '??', '**', '*+', '{', '}', '{2}', '{2,}', '{2,1}', '{0}', '{0,}', '{0,0}', '{1}', '{1,3}', '{01}', '{,3}',
  '{1001}', '{1000}', '{500}', '{3,2}', '{999999999}', '{123456789}', '{1,', '{1', '{1,1000}', '{1000,}', '{00}',
  'a-z', 'z-a', 'a-', '-a', '0-9', '\\d-z', 'a-\\d', '\\n-\\r', '!-[', '--',
];

const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => parts.join(''));

/** Well-formed-looking patterns, nested, so that acceptance and '' matching are exercised deep. */
const letter = fc.constantFrom('a', 'B', 'x', '-', ' ', 'é', '\\.', '\\-', '\\t', '\\d', '\\W', '.', '^', '$', '{', '}', ']');
// Mostly valid members and ranges, so that whole patterns often compile; `a-Z` and `é-~` do not.
const classMember = fc.oneof(
  fc.constantFrom('a', 'Z', '-', ']', '^', '\\d', '\\S', '\\]', '\\-', '\\n', '[', 'é'),
  fc.constantFrom('a-z', 'A-Z', '0-9', '\\t-\\r', '!-~', 'a-é', 'a-Z', 'é-~', 'z-z'),
);
const charClass = fc.tuple(fc.boolean(), fc.array(classMember, { maxLength: 3 })).map(([neg, members]) => `[${neg ? '^' : ''}${members.join('')}]`);
const quantifier = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom('*', '+', '?', '*?', '+?', '??') },
  { weight: 3, arbitrary: fc.constantFrom('{0}', '{1}', '{2}', '{3}', '{0,}', '{2,}', '{0,1}', '{1,3}', '{2,33}', '{33}', '{1000}', '{0,1000}', '{2}?', '{3,2}', '{1001}') },
);
const { regex: structured } = fc.letrec<{ regex: string; alternative: string; item: string; atom: string }>((tie) => ({
  regex: fc.array(tie('alternative'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
  alternative: fc.array(tie('item'), { maxLength: 3 }).map((items) => items.join('')),
  item: fc.tuple(tie('atom'), quantifier).map(([atom, q]) => atom + q),
  atom: fc.oneof(
    { maxDepth: 4, withCrossShrink: true },
    letter,
    charClass,
    tie('regex').map((r) => `(${r})`),
    tie('regex').map((r) => `(?:${r})`),
  ),
}));

/** Random patterns: glued soup (mostly refused) and nested well-formed ones (mostly accepted). */
export const portablePattern = fc.oneof(soup, structured);

import { isAlnum } from './fold.js';

/**
 * KQL's term match (`has`, `hasprefix`, `hassuffix`), as modelled in the project's KQL facts:
 * the needle occurs as a substring such that, where the needle begins with an alphanumeric
 * character, the character before the occurrence is not alphanumeric (or there is none), and
 * where it ends with one, the character after is not alphanumeric (or there is none).
 * `hasprefix` applies only the left rule, `hassuffix` only the right one.
 *
 * Both arguments must already be folded when the match is case-insensitive.
 */
export type TermBoundary = 'both' | 'left' | 'right';

export function termMatch(value: string, needle: string, boundary: TermBoundary = 'both'): boolean {
  if (needle.length === 0) return true;
  const checkLeft = boundary !== 'right' && isAlnum(needle.charCodeAt(0));
  const checkRight = boundary !== 'left' && isAlnum(needle.charCodeAt(needle.length - 1));
  let from = 0;
  for (;;) {
    const at = value.indexOf(needle, from);
    if (at < 0) return false;
    const end = at + needle.length;
    const leftOk = !checkLeft || at === 0 || !isAlnum(value.charCodeAt(at - 1));
    const rightOk = !checkRight || end === value.length || !isAlnum(value.charCodeAt(end));
    if (leftOk && rightOk) return true;
    from = at + 1;
  }
}

/**
 * What `{` starts in an RE2 pattern, as re2js's parseRepeat reads it (portable-parse.ts): a
 * repeat count only when the braces spell `{n}`, `{n,}` or `{n,m}` with plain numbers, else
 * literal text. RE2's syntax reference: counts above 1000 are refused.
 */
export const MAX_REPEAT = 1000;

/** What `{` starts at a position: a literal, a count re2js refuses, or a repeat (max -1: unbounded). */
export type Braces =
  | { readonly kind: 'literal' }
  | { readonly kind: 'bad'; readonly message: string }
  | { readonly kind: 'repeat'; readonly min: number; readonly max: number; readonly end: number };
const LITERAL_BRACE: Braces = { kind: 'literal' };

/**
 * re2js's parseRepeat at `{`: a literal unless it spells a repeat; `bad` when it spells one
 * with a count re2js refuses.
 */
export function readBraces(src: string, at: number): Braces {
  const lo = readCount(src, at + 1);
  if (lo.value === -1 || lo.end >= src.length) return LITERAL_BRACE;
  let i = lo.end;
  let max = lo.value;
  if (src[i] === ',') {
    i++;
    if (i >= src.length) return LITERAL_BRACE;
    if (src[i] === '}') {
      max = -1;
    } else {
      const hi = readCount(src, i);
      if (hi.value === -1) return LITERAL_BRACE;
      max = hi.value;
      i = hi.end;
    }
  }
  if (src[i] !== '}') return LITERAL_BRACE;
  const min = lo.value;
  if (min < 0 || min > MAX_REPEAT || max === -2 || max > MAX_REPEAT) return { kind: 'bad', message: `repeat count over ${MAX_REPEAT}` };
  if (max >= 0 && min > max) return { kind: 'bad', message: 'repeat count with min over max' };
  return { kind: 'repeat', min, max, end: i + 1 };
}

/** re2js's parseInt: -1 when no number is spelled (none, or a leading zero), -2 when too long. */
function readCount(src: string, at: number): { readonly value: number; readonly end: number } {
  let end = at;
  while (end < src.length && src.charCodeAt(end) >= 0x30 && src.charCodeAt(end) <= 0x39) end++;
  const digits = end - at;
  if (digits === 0 || (digits > 1 && src[at] === '0')) return { value: -1, end };
  if (digits > 8) return { value: -2, end };
  return { value: Number(src.slice(at, end)), end };
}

import { foldAscii, foldRepeated } from '../../semantics/fold.js';
import { compileGlob, parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import { base64Forms, WINDASH_CHARACTERS } from './encodings.js';
import type { Placement, ValueOperation } from './modifiers.js';

/**
 * One Sigma string value with its string modifiers, as the set of glob patterns it stands for
 * (sigma.md "Detection", "Modifiers"). The steps run in the order the specification gives
 * them meaning, which the modifier reader has already enforced on the chain:
 *
 *   escapes (`\*` `\?` `\\`, the shared table of semantics/wildcard.ts) → windash → wide/utf16
 *   → base64 / base64offset → contains / startswith / endswith → case folding.
 *
 * Case: plain values compare case-insensitively and `cased` makes them sensitive. We fold
 * ASCII letters only (semantics/fold.ts), as the reference evaluator and every target do, so
 * `É` and `é` stay different; this applies to base64 forms too, since the specification makes
 * no exception for them.
 */
export type StringOperation = Extract<ValueOperation, { kind: 'string' }>;

/** More alternatives than this from windash is not a rule anyone means; refuse it. */
export const MAX_ALTERNATIVES = 4096;

export class ValuePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValuePatternError';
  }
}

/** The glob alternatives of a value, before case folding. Throws ValuePatternError. */
export function valueAlternatives(value: string, op: StringOperation): readonly (readonly GlobToken[])[] {
  let alternatives: GlobToken[][] = [parseGlob(value).slice()];
  if (op.windash) alternatives = alternatives.flatMap(expandWindash);
  if (alternatives.length > MAX_ALTERNATIVES) {
    throw new ValuePatternError(`windash gives ${alternatives.length} forms of this value, more than ${MAX_ALTERNATIVES}`);
  }
  const b64 = op.base64;
  if (b64) {
    alternatives = alternatives.flatMap((tokens) => {
      if (tokens.some((t) => t.kind !== 'text')) {
        throw new ValuePatternError('a value with a wildcard (* or ?) cannot be base64-encoded; escape it as \\* or \\? if it is literal');
      }
      const text = tokens.map((t) => (t.kind === 'text' ? t.text : '')).join('');
      return base64Forms(text, b64).map((form): GlobToken[] => (form ? [{ kind: 'text', text: form }] : []));
    });
  }
  return alternatives.map((tokens) => place(tokens, op.placement));
}

/**
 * Throws the ValuePatternError valueAlternatives would throw, without building the alternatives
 * when none can be refused: only windash (too many forms) and base64 (a wildcard) refuse a value,
 * so reading a rule need not expand every plain value that its import expands again.
 */
export function checkValueAlternatives(value: string, op: StringOperation): void {
  if (op.windash || op.base64) valueAlternatives(value, op);
}

/** Compiles a value into a test over one event string (already a string, not yet folded). */
export function compileStringValue(value: string, op: StringOperation): (text: string) => boolean {
  const insensitive = !op.cased;
  const tests = valueAlternatives(value, op).map((tokens) => compileGlob(insensitive ? foldTokens(tokens) : tokens));
  if (tests.length === 1) {
    const only = tests[0] as (v: string) => boolean;
    return insensitive ? (text) => only(foldRepeated(text)) : only;
  }
  return (text) => {
    const subject = insensitive ? foldRepeated(text) : text;
    return tests.some((t) => t(subject));
  };
}

/** Adds the wildcards a placement stands for: contains `*v*`, startswith `v*`, endswith `*v`. */
export function place(tokens: readonly GlobToken[], placement: Placement): GlobToken[] {
  const out = tokens.slice();
  const any: GlobToken = { kind: 'any' };
  const front = placement === 'contains' || placement === 'endswith';
  const back = placement === 'contains' || placement === 'startswith';
  if (front && out[0]?.kind !== 'any') out.unshift(any);
  if (back && out[out.length - 1]?.kind !== 'any') out.push(any);
  return out;
}

export function foldTokens(tokens: readonly GlobToken[]): GlobToken[] {
  return tokens.map((t) => (t.kind === 'text' ? { kind: 'text', text: foldAscii(t.text) } : t));
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/**
 * windash: a `-` or `/` that starts an option — the character before it is not a word
 * character (or there is none, or it is a wildcard) and the one after it is — may also be
 * written with any of the five dash characters. Each such place varies independently.
 */
export function expandWindash(tokens: readonly GlobToken[]): GlobToken[][] {
  // Flatten to characters, wildcards kept as markers, so neighbours are seen across tokens.
  const cells: (string | GlobToken)[] = [];
  for (const t of tokens) {
    if (t.kind === 'text') for (const ch of t.text) cells.push(ch);
    else cells.push(t);
  }
  const charAt = (i: number): string | undefined => {
    const c = cells[i];
    return typeof c === 'string' ? c : undefined;
  };
  const places: number[] = [];
  cells.forEach((c, i) => {
    if ((c === '-' || c === '/') && !isWordChar(charAt(i - 1)) && isWordChar(charAt(i + 1))) places.push(i);
  });
  if (places.length === 0) return [tokens.slice()];
  const count = WINDASH_CHARACTERS.length ** places.length;
  if (count > MAX_ALTERNATIVES) throw new ValuePatternError(`windash gives ${count} forms of this value, more than ${MAX_ALTERNATIVES}`);
  const out: GlobToken[][] = [];
  for (let n = 0; n < count; n++) {
    const variant = cells.slice();
    let rest = n;
    for (const p of places) {
      variant[p] = WINDASH_CHARACTERS[rest % WINDASH_CHARACTERS.length] as string;
      rest = Math.floor(rest / WINDASH_CHARACTERS.length);
    }
    out.push(regroup(variant));
  }
  return out;
}

function regroup(cells: readonly (string | GlobToken)[]): GlobToken[] {
  const out: GlobToken[] = [];
  let text = '';
  for (const c of cells) {
    if (typeof c === 'string') {
      text += c;
    } else {
      if (text) out.push({ kind: 'text', text });
      text = '';
      out.push(c);
    }
  }
  if (text) out.push({ kind: 'text', text });
  return out;
}

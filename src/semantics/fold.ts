/**
 * ASCII case folding. Every case-insensitive operator in our three targets folds A–Z only
 * (kql.md "case-insensitive forms fold ASCII only"), so `É` and `é` stay different.
 */
export function foldAscii(value: string): string {
  // On pure-ASCII text the engine's own lower-casing is exactly ASCII folding, and fast.
  if (!NON_ASCII.test(value)) return value.toLowerCase();
  return value.replace(UPPER_ASCII, (run) => run.toLowerCase());
}

const NON_ASCII = /[^\x00-\x7f]/;
const UPPER_ASCII = /[A-Z]+/g;

/**
 * `foldAscii` through a bounded memo. The target evaluators fold as their languages do, at
 * each operator: a row's value once per predicate that reads it and a literal needle once
 * per row, so the same few strings are folded over and over. A repeated string costs one
 * hash lookup instead (its hash is kept with the string). Memory stays bounded: only values
 * of up to MEMO_LONGEST code units are kept, at most MEMO_ENTRIES of them, and the memo starts
 * afresh when full.
 */
export function foldRepeated(value: string): string {
  if (value.length > MEMO_LONGEST) return foldAscii(value);
  let folded = memo.get(value);
  if (folded === undefined) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    folded = foldAscii(value);
    memo.set(value, folded);
  }
  return folded;
}

const MEMO_LONGEST = 512;
const MEMO_ENTRIES = 4096;
const memo = new Map<string, string>();

/** ASCII letters and digits: the characters that make up a Kusto term. */
export function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

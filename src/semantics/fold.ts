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

export function foldIf(value: string, insensitive: boolean): string {
  return insensitive ? foldAscii(value) : value;
}

/** ASCII letters and digits: the characters that make up a Kusto term. */
export function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

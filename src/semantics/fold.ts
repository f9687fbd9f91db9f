/**
 * ASCII case folding. Every case-insensitive operator in our three targets folds A–Z only
 * (kql.md "case-insensitive forms fold ASCII only"), so `É` and `é` stay different.
 */
export function foldAscii(value: string): string {
  // Fast path: most field values have no upper-case ASCII letters at all.
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) break;
  }
  if (i === value.length) return value;
  let out = value.slice(0, i);
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : value[i];
  }
  return out;
}

export function foldIf(value: string, insensitive: boolean): string {
  return insensitive ? foldAscii(value) : value;
}

/** ASCII letters and digits: the characters that make up a Kusto term. */
export function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

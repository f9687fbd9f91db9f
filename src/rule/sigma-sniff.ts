/**
 * Whether a YAML text is a Sigma file rather than a unirule rule, from its top-level keys: a
 * Sigma document is a detection rule (`detection`), a filter (`filter`) or a correlation
 * (`correlation`) (sigma.md "A rule", "Filters and correlations"), and a file may hold only
 * filters or only correlations. None of the three is a unirule key, and a unirule rule has a
 * top-level `condition`, which in Sigma sits under `detection`, `filter` or `correlation`.
 * Returns the offset of the first such key, or undefined.
 */
export function sigmaKeyOffset(text: string): number | undefined {
  const key = /^(?:detection|filter|correlation)[ \t]*:/m.exec(text);
  if (!key || /^condition[ \t]*:/m.test(text)) return undefined;
  return key.index;
}

/** The top-level keys that only a Sigma document has, for parsed (e.g. flow-style) YAML. */
export const SIGMA_DOCUMENT_KEYS: readonly string[] = ['detection', 'filter', 'correlation'];

import { readFileSync } from 'node:fs';

/**
 * Short descriptions of techniques (data/attack/technique-summaries.json), for rule pages.
 * The trimmed matrices in data/attack carry names and tactics only; a summary exists for the
 * techniques the shipped rules name and their v19 replacements, in the project's own words.
 * An id without one gets undefined, and the page links to ATT&CK instead.
 */
let summaries: ReadonlyMap<string, string> | undefined;

export function techniqueSummary(id: string): string | undefined {
  if (!summaries) {
    const url = new URL('../../data/attack/technique-summaries.json', import.meta.url);
    const raw = JSON.parse(readFileSync(url, 'utf8')) as { readonly techniques?: Readonly<Record<string, unknown>> };
    summaries = new Map(Object.entries(raw.techniques ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  return summaries.get(id);
}

/** ATT&CK's page for a technique: sub-techniques live below their parent (`T1562/001`). */
export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

import { latestAttackVersion, resolveRevoked, ruleTacticIds, tacticByShortname, techniqueIn } from '../../attack/index.js';

/**
 * What one Sigma tag (lower case) reads as against the newest shipped ATT&CK version: a
 * technique (kept as itself or, when revoked, as its replacement; unknown ones left out), a
 * tactic, or neither. The shipped matrices never change while the program runs, so a tag
 * always reads the same; a corpus repeats a few dozen tags, and reading one walks the
 * matrices (tacticByShortname tries every version), so readings are kept (bounded table).
 * Messages are not kept: they quote the tag as written, and are made only when warned.
 */
export type TagReading =
  | { readonly kind: 'technique'; readonly id: string; readonly kept: string; readonly note: 'revoked' | 'deprecated' | undefined }
  | { readonly kind: 'unknown-technique'; readonly id: string }
  | { readonly kind: 'tactic'; readonly id: string }
  | { readonly kind: 'other' };

const READINGS = new Map<string, TagReading>();
/** Tactic ids a set of techniques implies, by the techniques joined with spaces. */
const IMPLIED = new Map<string, ReadonlySet<string>>();
/** Past this many entries a table starts over. */
const MAX_ENTRIES = 1024;

/** readTag, remembered per lower-case tag. */
export function tagReading(lower: string): TagReading {
  let reading = READINGS.get(lower);
  if (reading === undefined) {
    reading = readTag(lower);
    if (READINGS.size >= MAX_ENTRIES) READINGS.clear();
    READINGS.set(lower, reading);
  }
  return reading;
}

/** A lower-case tag read against the newest version (exported for the test that compares it with tagReading). */
export function readTag(lower: string): TagReading {
  const version = latestAttackVersion();
  const technique = /^attack\.t(\d{4})(?:\.(\d{3}))?$/.exec(lower);
  if (technique) {
    const id = `T${technique[1] as string}${technique[2] ? `.${technique[2]}` : ''}`;
    const known = techniqueIn(version, id);
    if (!known) return { kind: 'unknown-technique', id };
    const revoked = resolveRevoked(id, version);
    if (revoked) return { kind: 'technique', id, kept: revoked.id, note: 'revoked' };
    return { kind: 'technique', id, kept: id, note: known.deprecated ? 'deprecated' : undefined };
  }
  const tacticName = /^attack\.([a-z_-]+)$/.exec(lower);
  const tactic = tacticName ? tacticByShortname(tacticName[1] as string) : undefined;
  return tactic ? { kind: 'tactic', id: tactic.id } : { kind: 'other' };
}

/** `new Set(ruleTacticIds({ version, techniques }))` for the newest version, remembered per list of techniques. */
export function impliedTactics(techniques: readonly string[]): ReadonlySet<string> {
  const key = techniques.join(' ');
  let implied = IMPLIED.get(key);
  if (implied === undefined) {
    implied = new Set(ruleTacticIds({ version: latestAttackVersion(), techniques }));
    if (IMPLIED.size >= MAX_ENTRIES) IMPLIED.clear();
    IMPLIED.set(key, implied);
  }
  return implied;
}

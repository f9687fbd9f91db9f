import { latestAttackVersion, techniqueIn } from '../../attack/index.js';
import { assertNever } from '../../ir/condition.js';
import type { SourcePosition } from '../../diagnostics.js';
import type { EventKind } from '../../ir/event-kind.js';
import { RELATION_TYPES, type AttackRef, type RelatedRule, type RelationType } from '../../ir/rule.js';
import type { SigmaRuleDocument } from './ast.js';
import { impliedTactics, tagReading } from './tag-reading.js';
import { logicalBasenameOf, logicalOfSysmonField, SYSMON_PLACEMENTS } from './taxonomy.js';

/**
 * The metadata of Sigma documents → the rule model, saying (through `warn`) everything that
 * does not carry over, at the line and column it is written: the importer keeps what the
 * model can hold and never drops a fact silently.
 */
export type Warn = (position: SourcePosition, message: string) => void;

/**
 * `author` is one string; several authors are separated by commas (Sigma rules specification,
 * "Author"). A comma inside parentheses or brackets belongs to one author's note
 * (`A (originally from X, Y), B` is two authors), so only commas outside them split.
 */
export function splitAuthors(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  const authors: string[] = [];
  for (const a of out) {
    const trimmed = a.trim();
    if (trimmed !== '') authors.push(trimmed);
  }
  return authors;
}

/**
 * Tags (Sigma tags appendix) → `attack`, stamped with the newest shipped ATT&CK version:
 * - `attack.tNNNN[.NNN]` is a technique; one revoked in that version is imported as its
 *   replacement (its `revoked_by`, followed to the end) and one unknown there is left out,
 *   each with a warning; a deprecated one is kept with a warning (it has no replacement);
 * - `attack.<tactic>` (`defense-evasion`, or the older `defense_evasion`) is kept as a tactic
 *   id when the techniques do not already imply it;
 * - everything else (`attack.sNNNN` software, `attack.gNNNN` groups, `car.*`, `cve.*`,
 *   `stp.*`, `tlp.*`, `detection.*`, custom namespaces) has no place in the rule model and is
 *   left out with a warning.
 */
export function attackOf(tags: readonly { readonly tag: string; readonly position: SourcePosition }[], warn: Warn): AttackRef {
  const version = latestAttackVersion();
  const techniques: string[] = [];
  const tactics: string[] = [];
  const seen = new Set<string>();
  // Indexed loops and two literals for the result, not for-of, filter and a spread: this runs
  // once per rule, and each builtin the engine expands in place makes it costlier to compile.
  for (let i = 0; i < tags.length; i++) {
    const { tag, position } = tags[i] as (typeof tags)[number];
    const lower = tag.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const reading = tagReading(lower);
    switch (reading.kind) {
      case 'unknown-technique':
        warn(position, `tag ${tag}: ${reading.id} is not an ATT&CK technique in version ${version}; left out`);
        continue;
      case 'technique': {
        const { id, kept } = reading;
        if (reading.note === 'revoked') warn(position, `tag ${tag}: ${id} is revoked in ATT&CK v${version}; imported as its replacement ${kept} (${techniqueIn(version, kept)?.name ?? 'unknown'})`);
        else if (reading.note === 'deprecated') warn(position, `tag ${tag}: ${id} is deprecated in ATT&CK v${version} (no replacement); kept`);
        if (!techniques.includes(kept)) techniques.push(kept);
        continue;
      }
      case 'tactic':
        if (!tactics.includes(reading.id)) tactics.push(reading.id);
        continue;
      case 'other':
        warn(position, `tag ${tag}: ${whatTag(lower)} has no place in the rule model (it keeps ATT&CK techniques and tactics); left out`);
        continue;
      default:
        assertNever(reading, 'tag reading');
    }
  }
  const implied = impliedTactics(techniques);
  const own: string[] = [];
  for (let i = 0; i < tactics.length; i++) if (!implied.has(tactics[i] as string)) own.push(tactics[i] as string);
  return own.length > 0 ? { version, techniques, tactics: own } : { version, techniques };
}

function whatTag(tag: string): string {
  if (/^attack\.s\d{4}$/.test(tag)) return 'an ATT&CK software id';
  if (/^attack\.g\d{4}$/.test(tag)) return 'an ATT&CK group id';
  if (tag.startsWith('attack.')) return 'not an ATT&CK technique or tactic, it';
  const namespace = tag.includes('.') ? tag.slice(0, tag.indexOf('.')) : tag;
  const known: Readonly<Record<string, string>> = {
    car: 'a MITRE CAR analytic',
    cve: 'a CVE id',
    stp: 'a Summiting the Pyramid score',
    tlp: 'a TLP marking',
    detection: 'a SigmaHQ rule type',
  };
  return known[namespace] ?? `the ${namespace} namespace`;
}

/**
 * `related` entries whose type the specification defines (derived, obsolete, merged, renamed,
 * similar); any other type (`obsoletes`) is left out with a warning at the type. Entries that
 * point at documents imported into this same rule are dropped (they are this rule now).
 */
export function relatedOf(docs: readonly SigmaRuleDocument[], members: ReadonlySet<string>, warn: Warn): RelatedRule[] {
  const out: RelatedRule[] = [];
  for (const doc of docs) {
    for (const r of doc.related) {
      if (members.has(r.id)) continue;
      if (!isRelationType(r.type)) {
        warn(r.typePosition, `related type ${JSON.stringify(r.type)} is not one the Sigma specification defines (${RELATION_TYPES.join(', ')}); the relation to ${r.id} is left out`);
        continue;
      }
      if (!out.some((x) => x.ref === r.id)) out.push({ ref: r.id, type: r.type });
    }
  }
  return out;
}

const isRelationType = (t: string): t is RelationType => (RELATION_TYPES as readonly string[]).includes(t);

/** The event's identity: when and where it happened, shown first whatever `fields` names. */
const IDENTITY = ['@timestamp', 'host.name'] as const;

/**
 * Sigma `fields` are "log fields that could be interesting in further analysis of the event and
 * should be displayed to the analyst" (Sigma rules specification, "Fields"): context to show,
 * not a choice of what to drop. They become the rule's output fields after the event's
 * identity (`@timestamp`, `host.name`), which the analyst always needs; a field the rule model
 * has no logical field for is left out with a warning at its entry. A Sysmon field that joins
 * several logical fields (`Details` = data and type) shows all of them.
 */
export function outputFieldsOf(doc: SigmaRuleDocument, kinds: readonly EventKind[], warn: Warn): string[] {
  if (doc.fields.length === 0) return [];
  const out: string[] = [...IDENTITY];
  doc.fields.forEach((name, i) => {
    const logical = kinds.flatMap((kind) => logicalFieldsShowing(kind, name));
    if (logical.length === 0) {
      warn(doc.fieldPositions[i] ?? doc.position, `field ${name} of fields has no logical field in the rule model for ${kinds.join(', ')}; left out of the output fields`);
      return;
    }
    for (const f of logical) if (!out.includes(f)) out.push(f);
  });
  return out;
}

function logicalFieldsShowing(kind: EventKind, sysmonField: string): string[] {
  const exact = logicalOfSysmonField(kind, sysmonField) ?? logicalBasenameOf(kind, sysmonField);
  if (exact !== undefined) return [exact];
  const joined: Readonly<Record<string, string>> = { user: 'User', targetObject: 'TargetObject', details: 'Details', hash: 'Hashes' };
  return Object.entries(SYSMON_PLACEMENTS[kind])
    .filter(([, p]) => p.kind !== 'field' && p.kind !== 'basename' && p.kind !== 'none' && joined[p.kind] === sysmonField)
    .map(([logical]) => logical);
}

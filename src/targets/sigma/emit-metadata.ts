import { ruleTacticIds, tacticNamed } from '../../attack/index.js';
import type { EventKind } from '../../ir/event-kind.js';
import type { Rule } from '../../ir/rule.js';
import { raw, yamlMap, type YamlValue } from './emit-yaml.js';
import { placementOf, SIGMA_KINDS, SIGMA_PRODUCT } from './taxonomy.js';

/**
 * The keys around `detection`, in SigmaHQ's order (sigma.md "A rule"): title, id, related,
 * status, description, references, author, date, modified, tags, logsource | detection |
 * fields, falsepositives, level.
 */
export interface SiblingDocument {
  readonly kind: EventKind;
  readonly id: string;
}

export interface Metadata {
  readonly before: readonly (readonly [string, YamlValue])[];
  readonly after: readonly (readonly [string, YamlValue])[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KIND_TITLES: Readonly<Record<EventKind, string>> = {
  process_creation: 'Process Creation',
  registry_set: 'Registry',
  file_event: 'File Event',
  network_connection: 'Network Connection',
  image_load: 'Image Load',
};

export function emitMetadata(rule: Rule, siblings: readonly SiblingDocument[], index: number): Metadata {
  const me = siblings[index] as SiblingDocument;
  const kind = me.kind;
  const title = siblings.length > 1 ? withSuffix(rule.title, ` - ${KIND_TITLES[kind]}`) : rule.title;
  // Siblings point at each other; the rule's own relations name rules by id (names of other
  // unirule rules have no Sigma id to point at).
  const related = [
    ...siblings.filter((_, i) => i !== index).map((s) => yamlMap([['id', s.id], ['type', 'similar']])),
    ...rule.related.filter((r) => UUID.test(r.ref)).map((r) => yamlMap([['id', r.ref.toLowerCase()], ['type', r.type]])),
  ];
  const tags = attackTags(rule);
  const before: [string, YamlValue | undefined][] = [
    ['title', title],
    ['id', me.id],
    ['related', related.length > 0 ? related : undefined],
    ['status', rule.status],
    ['description', rule.description],
    ['references', rule.references.length > 0 ? [...rule.references] : undefined],
    ['author', rule.author.length > 0 ? rule.author.join(', ') : undefined],
    ['date', raw(rule.date)],
    ['modified', rule.modified !== undefined ? raw(rule.modified) : undefined],
    ['tags', tags.length > 0 ? tags : undefined],
    ['logsource', yamlMap([['category', SIGMA_KINDS[kind].category], ['product', SIGMA_PRODUCT]])],
  ];
  const fields = outputFields(rule, kind);
  const after: [string, YamlValue | undefined][] = [
    ['fields', fields.length > 0 ? fields : undefined],
    ['falsepositives', rule.falsePositives.length > 0 ? [...rule.falsePositives] : ['Unknown']],
    ['level', rule.severity],
  ];
  const defined = (e: [string, YamlValue | undefined]): e is [string, YamlValue] => e[1] !== undefined;
  return { before: before.filter(defined), after: after.filter(defined) };
}

/** Sigma titles hold at most 256 characters; a long title is shortened before the suffix. */
const MAX_TITLE = 256;
function withSuffix(title: string, suffix: string): string {
  const room = MAX_TITLE - suffix.length;
  return (title.length > room ? `${title.slice(0, room - 1)}…` : title) + suffix;
}

/**
 * `attack.<tactic>` for every tactic of the rule's techniques and every tactic it names on its
 * own (ATT&CK shortnames, as the version the rule was written against names them; sigma.md
 * "A rule", the tags appendix's `attack` namespace), then `attack.tNNNN[.NNN]`.
 */
export function attackTags(rule: Rule): string[] {
  const tactics: string[] = [];
  for (const id of ruleTacticIds(rule.attack)) {
    const t = tacticNamed(id, rule.attack.version);
    if (t && !tactics.includes(t.shortname)) tactics.push(t.shortname);
  }
  const techniques = [...new Set(rule.attack.techniques.map((t) => t.toLowerCase()))];
  return [...tactics.map((t) => `attack.${t}`), ...techniques.map((t) => `attack.${t}`)];
}

/** The Sysmon fields holding the rule's output fields (derived fields have none). */
function outputFields(rule: Rule, kind: EventKind): string[] {
  const out: string[] = [];
  for (const f of rule.output.fields) {
    const p = placementOf(kind, f);
    const name =
      p.kind === 'field' || p.kind === 'basename'
        ? p.field
        : p.kind === 'user'
          ? 'User'
          : p.kind === 'targetObject'
            ? 'TargetObject'
            : p.kind === 'details'
              ? 'Details'
              : p.kind === 'hash'
                ? 'Hashes'
                : p.kind === 'flag'
                  ? p.flag.sysmonField
                  : undefined;
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KIND_TITLES: Readonly<Record<EventKind, string>> = {
  process_creation: 'Process Creation',
  registry_set: 'Registry',
  file_event: 'File Event',
  network_connection: 'Network Connection',
  image_load: 'Image Load',
  file_delete: 'File Delete',
  registry_add: 'Registry Key Created',
  registry_delete: 'Registry Deletion',
  driver_load: 'Driver Load',
};

/** The document's entries in order, `detection` (made by the caller) among them. */
export function emitMetadata(rule: Rule, siblings: readonly SiblingDocument[], index: number, detection: YamlValue): (readonly [string, YamlValue])[] {
  const me = siblings[index] as SiblingDocument;
  const kind = me.kind;
  const title = siblings.length > 1 ? withSuffix(rule.title, ` - ${KIND_TITLES[kind]}`) : rule.title;
  // Entries pushed only when present (what SigmaHQ leaves out when empty is left out).
  const entries: (readonly [string, YamlValue])[] = [['title', title], ['id', me.id]];
  const related = relatedOf(rule, siblings, index);
  if (related.length > 0) entries.push(['related', related]);
  entries.push(['status', rule.status], ['description', rule.description]);
  const references = listOf(rule.references);
  if (references !== undefined) entries.push(['references', references]);
  const author = authorOf(rule.author);
  if (author !== undefined) entries.push(['author', author]);
  entries.push(['date', raw(rule.date)]);
  if (rule.modified !== undefined) entries.push(['modified', raw(rule.modified)]);
  const tags = attackTags(rule);
  if (tags.length > 0) entries.push(['tags', tags]);
  entries.push(['logsource', logsourceOf(kind)], ['detection', detection]);
  const fields = outputFields(rule, kind);
  if (fields.length > 0) entries.push(['fields', fields]);
  entries.push(['falsepositives', listOf(rule.falsePositives) ?? ['Unknown']], ['level', rule.severity]);
  return entries;
}

/*
 * The rule's lists are read by the two small functions below, not in emitMetadata: the rule
 * model's arrays come in more than one object shape (how their maker built them), and where
 * optimised code first meets a new one it is thrown away and compiled again, cheaply for these.
 */

/** A copy of a list for the writer, or undefined when it is empty (the key is left out). */
function listOf(list: readonly string[]): string[] | undefined {
  return list.length > 0 ? list.slice() : undefined;
}

/** The authors on one line, or undefined when there are none. */
function authorOf(authors: readonly string[]): string | undefined {
  return authors.length > 0 ? authors.join(', ') : undefined;
}

/**
 * Siblings point at each other; the rule's own relations name rules by id (names of other
 * unirule rules have no Sigma id to point at).
 */
function relatedOf(rule: Rule, siblings: readonly SiblingDocument[], index: number): YamlValue[] {
  const related: YamlValue[] = [];
  for (let i = 0; i < siblings.length; i++) if (i !== index) related.push({ entries: [['id', (siblings[i] as SiblingDocument).id], ['type', 'similar']] });
  for (let i = 0; i < rule.related.length; i++) {
    const r = rule.related[i] as Rule['related'][number];
    if (UUID.test(r.ref)) related.push({ entries: [['id', r.ref.toLowerCase()], ['type', r.type]] });
  }
  return related;
}

/** Each kind's `logsource` map, made once (the writer only reads it). */
const LOGSOURCES = new Map<EventKind, YamlValue>();
function logsourceOf(kind: EventKind): YamlValue {
  let map = LOGSOURCES.get(kind);
  if (map === undefined) {
    map = yamlMap([['category', SIGMA_KINDS[kind].category], ['product', SIGMA_PRODUCT]]);
    LOGSOURCES.set(kind, map);
  }
  return map;
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
  // The tags depend on the version, techniques and tactics alone, which rules share: the
  // answer is kept per such key (a bounded table), and a copy handed out.
  const attack = rule.attack;
  // Each part with its length before it: no two attack references share a key.
  let key = `${attack.version.length}:${attack.version}|${attack.techniques.length}`;
  for (let i = 0; i < attack.techniques.length; i++) key += `|${(attack.techniques[i] as string).length}:${attack.techniques[i] as string}`;
  const own = attack.tactics ?? [];
  for (let i = 0; i < own.length; i++) key += `|${(own[i] as string).length}:${own[i] as string}`;
  let tags = TAGS.get(key);
  if (tags === undefined) {
    tags = tagsOf(attack);
    if (TAGS.size >= MAX_TAGS) TAGS.clear();
    TAGS.set(key, tags);
  }
  return tags.slice();
}

const TAGS = new Map<string, readonly string[]>();
const MAX_TAGS = 1024;

function tagsOf(attack: Rule['attack']): string[] {
  const tactics: string[] = [];
  for (const id of ruleTacticIds(attack)) {
    const t = tacticNamed(id, attack.version);
    if (t && !tactics.includes(t.shortname)) tactics.push(t.shortname);
  }
  const techniques = [...new Set(attack.techniques.map((t) => t.toLowerCase()))];
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

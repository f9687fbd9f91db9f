import { isRegistryKeyKind } from '../../ir/registry-path.js';
import { assertNever, type Condition, type MatchNode } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { specialise } from '../../ir/normalize.js';
import type { Rule } from '../../ir/rule.js';
import { NotExpressibleError, type Approximation, type EmitOptions, type EmitResult } from '../contract.js';
import { emitMetadata, type SiblingDocument } from './emit-metadata.js';
import { FALSE, TRUE, item, join, negate, type SigmaLogic } from './emit-logic.js';
import { layOut } from './emit-layout.js';
import { DetectionBlock } from './emit-detection.js';
import { emitPredicate } from './emit-predicate.js';
import { combineDetails, combineRenderedNumbers } from './emit-details.js';
import { combineRegistryPath } from './emit-registry.js';
import { renderDocument, yamlMap, type YamlValue } from './emit-yaml.js';
import { eventIdsOf, REGISTRY_KEY_EVENT_TYPES, SIGMA_KINDS } from './taxonomy.js';
import { documentId } from './uuid.js';

/**
 * IR → Sigma rules over Windows Sysmon events (sigma.md). One Sigma rule has one logsource,
 * so a rule over several event kinds becomes one document per kind — the rule's condition
 * specialised to that kind — in one multi-document YAML file, the documents linked to each
 * other with `related`. The first document carries the rule's id; every other one a stable id
 * derived from it and its kind. What Sigma cannot say exactly is refused (strict) or written as
 * the nearest SigmaHQ idiom and reported (lenient).
 */
export function emitSigma(rule: Rule, options: EmitOptions): EmitResult {
  const approximations: Approximation[] = [];
  const inexact = (predicate: string, reason: string): void => {
    if (!options.lenient) throw new NotExpressibleError('sigma', predicate, reason);
    if (!approximations.some((a) => a.predicate === predicate && a.reason === reason)) approximations.push({ predicate, reason });
  };
  // Derived fields are output, not filter: the detection stays exact, but Sigma cannot compute them.
  for (const d of rule.derived) inexact(`derived field ${d.name}`, 'Sigma has no computed fields');
  const lists = (name: string): readonly string[] => {
    const l = rule.lists.get(name);
    if (!l) throw new Error(`rule ${rule.name}: undefined list ${name}`);
    return l;
  };

  const bodies: Body[] = [];
  for (let i = 0; i < rule.logsources.length; i++) {
    const kind = rule.logsources[i] as EventKind;
    const logic = withEventType(kind, toLogic(specialise(rule.condition, kind), kind, lists, inexact));
    if (!(logic.t === 'const' && !logic.value)) bodies.push({ kind, logic });
  }
  // A rule that can never fire still is a rule: one document whose condition never holds.
  if (bodies.length === 0) bodies.push({ kind: rule.logsources[0] ?? 'process_creation', logic: FALSE });

  // Most rules have one kind, so one document: its text is the file's.
  if (bodies.length === 1) return { text: documentText(rule, [{ kind: (bodies[0] as Body).kind, id: rule.id.toLowerCase() }], 0, bodies[0] as Body), approximations };
  const siblings: SiblingDocument[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const kind = (bodies[i] as Body).kind;
    siblings.push({ kind, id: i === 0 ? rule.id.toLowerCase() : documentId(rule.id, kind) });
  }
  const documents: string[] = [];
  for (let i = 0; i < bodies.length; i++) documents.push(documentText(rule, siblings, i, bodies[i] as Body));
  return { text: documents.join('---\n'), approximations };
}

/**
 * Sysmon event 12 is a key created or a key or value deleted, and SigmaHQ's Sysmon pipeline
 * turns both categories into `EventID: 12` alone (taxonomy.ts REGISTRY_KEY_EVENT_TYPES): a
 * document of either kind tests its EventType too, as SigmaHQ's registry_add rules do, so
 * that it reads the same under the pipeline as under the taxonomy.
 */
function withEventType(kind: EventKind, logic: SigmaLogic): SigmaLogic {
  if (!isRegistryKeyKind(kind) || (logic.t === 'const' && !logic.value)) return logic;
  const types = item('EventType', [], [...REGISTRY_KEY_EVENT_TYPES[kind]]);
  return logic.t === 'const' ? types : join('and', [types, logic]);
}

/** One document's detection: its kind and the rule's condition on that kind. */
interface Body {
  readonly kind: EventKind;
  readonly logic: SigmaLogic;
}

/** The YAML of one document: metadata around its detection. */
function documentText(rule: Rule, siblings: readonly SiblingDocument[], index: number, body: Body): string {
  return renderDocument({ entries: emitMetadata(rule, siblings, index, detectionYaml(body.kind, body.logic)) });
}

type Inexact = (predicate: string, reason: string) => void;

/**
 * A constant detection tests the event id, which every event of the category carries: any of
 * them where the category has several (file_delete: 23 or 26, taxonomy.ts).
 */
function detectionYaml(kind: EventKind, logic: SigmaLogic): YamlValue {
  if (logic.t === 'const') {
    const ids = eventIdsOf(kind);
    const selection = yamlMap([['EventID', ids.length === 1 ? SIGMA_KINDS[kind].eventId : ids]]);
    return yamlMap([
      ['selection', selection],
      ['condition', logic.value ? 'selection' : 'not selection'],
    ]);
  }
  return new DetectionBlock(layOut(logic));
}

function toLogic(condition: Condition, kind: EventKind, lists: (name: string) => readonly string[], inexact: Inexact): SigmaLogic {
  switch (condition.kind) {
    case 'const':
      return condition.value ? TRUE : FALSE;
    case 'eventKind':
      return condition.eventKind === kind ? TRUE : FALSE;
    case 'not':
      return negate(toLogic(condition.child, kind, lists, inexact));
    case 'or': {
      const numbers = kind === 'registry_set' ? combineRenderedNumbers(condition.children) : undefined;
      if (numbers) return join('or', childLogic([...numbers.logic], numbers.rest, kind, lists, inexact));
      return join('or', childLogic([], condition.children, kind, lists, inexact));
    }
    case 'and': {
      if (kind !== 'registry_set') return join('and', childLogic([], condition.children, kind, lists, inexact));
      const out: SigmaLogic[] = [];
      let rest = condition.children;
      const path = combineRegistryPath(rest, lists);
      if (path) {
        inexact(path.description, path.reason);
        out.push(path.logic);
        rest = path.rest;
      }
      const details = combineDetails(rest, lists);
      if (details) {
        out.push(...details.logic);
        rest = details.rest;
      }
      return join('and', childLogic(out, rest, kind, lists, inexact));
    }
    case 'match':
      return predicate(condition, kind, lists, inexact);
    default:
      return assertNever(condition, 'condition');
  }
}

/** Appends the children's logic to `out` (a loop, not a map with a closure per call). */
function childLogic(out: SigmaLogic[], children: readonly Condition[], kind: EventKind, lists: (name: string) => readonly string[], inexact: Inexact): SigmaLogic[] {
  for (let i = 0; i < children.length; i++) out.push(toLogic(children[i] as Condition, kind, lists, inexact));
  return out;
}

function predicate(node: MatchNode, kind: EventKind, lists: (name: string) => readonly string[], inexact: Inexact): SigmaLogic {
  const values = node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
  const form = emitPredicate(node, values, kind);
  if (form.inexact !== undefined) inexact(describeMatch(node, values), form.inexact);
  return form.logic;
}

export function describeMatch(node: MatchNode, values: readonly string[]): string {
  const cased = node.caseRule === 'sensitive' ? ' (case-sensitive)' : '';
  const all = node.quantifier === 'all' ? ' all of' : '';
  return node.op === 'exists' ? `${node.field} exists` : `${node.field} ${node.op}${cased}${all} ${jsonStrings(values)}`;
}

/** What JSON.stringify writes other than as itself in a string (any surrogate, to be safe). */
const JSON_ESCAPED = /["\\\x00-\x1f\ud800-\udfff]/;

/**
 * JSON.stringify(values), joined directly where no value needs an escape: most predicates of
 * a lenient Sigma emission are described, and the general serialiser costs several times this.
 */
function jsonStrings(values: readonly string[]): string {
  if (values.length === 0) return '[]';
  for (let i = 0; i < values.length; i++) if (JSON_ESCAPED.test(values[i] as string)) return JSON.stringify(values);
  return `["${values.join('","')}"]`;
}

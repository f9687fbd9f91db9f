import type { Node, Scalar, YAMLMap } from 'yaml';
import { mapPacked } from '../../packed-map.js';
import type { SourcePosition } from '../../diagnostics.js';
import {
  isSigmaModifier,
  SIGMA_MODIFIERS,
  type SigmaCondition,
  type SigmaDetection,
  type SigmaDetectionItem,
  type SigmaKeywordSearch,
  type SigmaMapSearch,
  type SigmaModifierRef,
  type SigmaSearch,
  type SigmaSearchIdentifier,
  type SigmaValue,
} from './ast.js';
import { ConditionSyntaxError, parseCondition } from './condition-parse.js';
import { checkItemValues, type Placeholders } from './item-values.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { isMap, isScalar, isSeq, type YamlDocumentReader } from './yaml-nodes.js';

/**
 * A `detection` map (or the body of a filter's `filter` map): search identifiers and the
 * condition (sigma.md "Detection"). A map is ANDed, a list of maps ORed, a list of plain values
 * is a keyword search; every item's modifier chain and values are checked here, so a set that
 * reads without error can be evaluated without surprises.
 */
export function readDetection(
  r: YamlDocumentReader,
  map: YAMLMap,
  placeholders: Placeholders | undefined,
  skipKeys?: ReadonlySet<string>,
): SigmaDetection {
  const identifiers = new Map<string, SigmaSearchIdentifier>();
  let conditionNode: Node | null = null;
  let conditionKey: Scalar | undefined;
  // An indexed loop and no Set when nothing is skipped: this runs once per rule, and each
  // iterator the engine expands in place makes it costlier to compile.
  const pairs = r.pairs(map);
  for (let i = 0; i < pairs.length; i++) {
    const { key, keyNode, value } = pairs[i] as (typeof pairs)[number];
    if (skipKeys !== undefined && skipKeys.has(key)) continue;
    if (key === 'condition') {
      conditionNode = value;
      conditionKey = keyNode;
      continue;
    }
    if (key === 'timeframe') r.fail(keyNode, 'timeframe belongs to Sigma 1.0 aggregations; write a correlation rule instead');
    if (key === '') r.fail(keyNode, 'a search identifier needs a name');
    identifiers.set(key, { name: key, search: readSearch(r, key, keyNode, value, placeholders), position: r.positionOf(keyNode) });
  }
  if (!conditionKey) r.fail(map, 'the detection has no condition');
  if (identifiers.size === 0) r.fail(map, 'the detection defines no search identifier');
  const names = [...identifiers.keys()];
  const conditionNodes = isSeq(conditionNode) ? mapPacked(conditionNode.items, (n) => r.resolve(n)) : [conditionNode];
  if (conditionNodes.length === 0) r.fail(conditionNode ?? conditionKey, 'condition is an empty list');
  const conditions: SigmaCondition[] = [];
  const conditionText: string[] = [];
  for (const node of conditionNodes) {
    const text = r.string(node, 'condition', conditionKey);
    if (text.trim() === '') r.fail(node ?? conditionKey, 'condition is empty');
    try {
      conditions.push(parseCondition(text, names, r.scalarPositions(node as Node, text)));
    } catch (err) {
      if (err instanceof ConditionSyntaxError) r.fail(r.positionInScalar(node as Node, text, err.offset), err.message);
      throw err;
    }
    conditionText.push(text);
  }
  return { identifiers, conditions, conditionText, position: r.positionOf(map) };
}

function readSearch(r: YamlDocumentReader, name: string, keyNode: Scalar, node: Node | null, placeholders: Placeholders | undefined): SigmaSearch {
  if (node === null || (isScalar(node) && node.value === null)) r.fail(keyNode, `search identifier ${name} is empty`);
  if (isMap(node)) return readMap(r, name, node, placeholders);
  if (isSeq(node)) {
    if (node.items.length === 0) r.fail(node, `search identifier ${name} is an empty list`);
    const items = mapPacked(node.items, (i) => r.resolve(i));
    if (items.every((i) => !isMap(i))) return keywordSearch(r, items, r.positionOf(node), true, placeholders);
    const alternatives = mapPacked(items, (item): SigmaMapSearch | SigmaKeywordSearch => {
      if (isMap(item)) return readMap(r, name, item, placeholders);
      if (isSeq(item)) r.fail(item, 'a list inside a list of search maps is not Sigma; put the values under a field');
      return keywordSearch(r, [item], r.positionOf(item, node.range?.[0]), false, placeholders);
    });
    return { kind: 'list', alternatives, position: r.positionOf(node) };
  }
  return keywordSearch(r, [node], r.positionOf(node), false, placeholders);
}

function readMap(r: YamlDocumentReader, name: string, map: YAMLMap, placeholders: Placeholders | undefined): SigmaMapSearch {
  const pairs = r.pairs(map);
  if (pairs.length === 0) r.fail(map, `search identifier ${name} has an empty map`);
  const items = mapPacked(pairs, ({ key, keyNode, value }) => readItem(r, key, keyNode, value, placeholders));
  return { kind: 'map', items, position: r.positionOf(map) };
}

function keywordSearch(r: YamlDocumentReader, nodes: (Node | null)[], position: SourcePosition, listed: boolean, placeholders: Placeholders | undefined): SigmaKeywordSearch {
  const values = mapPacked(nodes, (n) => readValue(r, n, 'a keyword'));
  const item = checkedItem(r, null, [], values, nodes, listed, position, placeholders, position);
  return { kind: 'keywords', item, position };
}

function readItem(r: YamlDocumentReader, key: string, keyNode: Scalar, node: Node | null, placeholders: Placeholders | undefined): SigmaDetectionItem {
  // The key cut at each `|` by indexOf, not split: split costs more than the rest of the item's
  // reading (most keys hold no `|` at all, and those that do, one or two).
  const bar = key.indexOf('|');
  const field = bar < 0 ? key : key.slice(0, bar);
  const modifiers: SigmaModifierRef[] = [];
  if (bar >= 0) {
    // One search for the key in the file serves every modifier's position.
    const inKey = r.scalarPositions(keyNode, key);
    for (let offset = bar + 1; ; ) {
      const next = key.indexOf('|', offset);
      const part = next < 0 ? key.slice(offset) : key.slice(offset, next);
      const position = inKey(offset);
      if (part === '') r.fail(position, `empty modifier in ${JSON.stringify(key)}`);
      if (!isSigmaModifier(part)) r.fail(position, `unknown modifier ${part} (Sigma has ${SIGMA_MODIFIERS.join(', ')})`);
      modifiers.push({ name: part, position });
      if (next < 0) break;
      offset = next + 1;
    }
  }
  if (field === '' && modifiers.length === 0) r.fail(keyNode, 'empty field name');
  if (field.trim() !== field) r.fail(keyNode, `field name ${JSON.stringify(field)} has spaces around it`);
  let values: SigmaValue[];
  let nodes: (Node | null)[];
  let listed = false;
  const name = field || 'the keyword search';
  if (isSeq(node)) {
    listed = true;
    // One loop for both lists, no closures: every listed item of every rule comes here.
    nodes = [];
    values = [];
    const what = `a value of ${name}`;
    for (let i = 0; i < node.items.length; i++) {
      const n = r.resolve(node.items[i]);
      nodes.push(n);
      values.push(readValue(r, n, what));
    }
  } else {
    nodes = [node];
    values = [readValue(r, node, `the value of ${name}`, keyNode)];
  }
  const position = node ? r.positionOf(node) : r.positionOf(keyNode);
  return checkedItem(r, field === '' ? null : field, modifiers, values, nodes, listed, position, placeholders, r.positionOf(keyNode));
}

function readValue(r: YamlDocumentReader, node: Node | null, what: string, at?: Node): SigmaValue {
  if (node !== null && !isScalar(node)) r.fail(node, `${what} must be a plain value, not a ${isMap(node) ? 'map' : 'list'}`);
  return { value: r.scalar(node, what, at), position: node ? r.positionOf(node) : r.positionOf(at) };
}

/**
 * `values[i]` was read from `nodes[i]`: the scalar to point inside for a regex problem's column.
 * `position` is where the values start (complaints about the list as a whole); `itemPosition`
 * the item's own (its key, or the list for a keyword search).
 */
function checkedItem(
  r: YamlDocumentReader,
  field: string | null,
  modifiers: readonly SigmaModifierRef[],
  values: readonly SigmaValue[],
  nodes: readonly (Node | null)[],
  listed: boolean,
  position: SourcePosition,
  placeholders: Placeholders | undefined,
  itemPosition: SourcePosition,
): SigmaDetectionItem {
  const plan = planModifiers(modifiers, field === null);
  if (isModifierProblem(plan)) r.fail(plan.position, plan.message);
  const checked = checkItemValues(plan, values, {
    fail: (at, message) => r.fail(at, message),
    // Only on an error path: look the value's scalar up then, not for every value read.
    inside: (v, index) => {
      const node = nodes[values.indexOf(v)];
      return node && typeof v.value === 'string' ? r.positionInScalar(node, v.value, index) : v.position;
    },
    // Undefined when there are none, which checkItemValues reads as "no table" (no spread copy per item).
    placeholders,
    keyword: field === null,
    listed,
    unmodified: modifiers.length === 0,
    itemPosition: position,
  });
  return { field, modifiers, values: checked, listed, position: itemPosition };
}

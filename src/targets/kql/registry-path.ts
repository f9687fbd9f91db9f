import type { EventKind } from '../../ir/event-kind.js';
import { isRegistryKeyKind, REGISTRY_HIVES } from '../../ir/registry-path.js';
import type { Expr } from './ast.js';
import { kqlString } from './escape.js';
import { exprShape, extendShape } from './extend-shape.js';
import { bracket, concat, flat, text, type Doc } from './layout.js';

/**
 * `registry.path` in Defender. DeviceRegistryEvents has no path column: `RegistryKey` holds the
 * key with the *long* hive name at its head (`HKEY_LOCAL_MACHINE\SYSTEM\...`) and
 * `RegistryValueName` the value name. The query computes the path once, before the filter:
 *
 *   extend RegistryPath = case(
 *       isempty(RegistryValueName), "",
 *       RegistryKey startswith @"HKEY_LOCAL_MACHINE\" and strlen(RegistryKey) > 19,
 *       strcat("HKLM", substring(RegistryKey, 18), @"\", RegistryValueName),
 *       ... one pair per hive ...,
 *       "")
 *
 * Why this is exact (src/ir/registry-path.ts defines the path): the path exists only for a known
 * hive, a non-empty key and a non-empty value name — exactly the rows on which this gives a
 * non-empty text, and on those it gives the path. Every other row reads `""`, which is how
 * Kusto reads any missing string (kql.md "Nulls"), so tests on `RegistryPath` carry the same
 * missing-versus-empty caveats as tests on a real column, and no others. The hive names are
 * ASCII, so Kusto's case-insensitive `startswith` (ASCII folding) recognises them as the
 * rule model does; the offsets count only those ASCII characters.
 *
 * A row whose RegistryKey has no known hive gets no path — including a logical event without a
 * hive whose key itself begins with a long hive name (Defender writes no such row).
 */
export const REGISTRY_PATH_COLUMN = 'RegistryPath';

function hivePairs(): Doc[] {
  return REGISTRY_HIVES.flatMap(([short, full]) => {
    const prefix = `${full}\\`;
    return [
      text(`RegistryKey startswith ${kqlString(prefix)} and strlen(RegistryKey) > ${prefix.length}`),
      text(`strcat(${kqlString(short)}, substring(RegistryKey, ${full.length}), ${kqlString('\\')}, RegistryValueName)`),
    ];
  });
}

/** The expression that computes the path from a DeviceRegistryEvents row. */
export function registryPathDoc(): Doc {
  return bracket('case(', [text('isempty(RegistryValueName)'), text('""'), ...hivePairs(), text('""')], ')', 'pairs');
}

/**
 * Which rows a query's path is computed for: value writes only (the expression above), key
 * events only (a key created or a key or value deleted), or both.
 */
export type RegistryPathKinds = 'set' | 'keys' | 'both';

/**
 * The path of a key created or deleted is `HIVE\key`, of a value deleted `HIVE\key\value`
 * (src/ir/registry-path.ts): the value name is appended only when the row has one. Where value
 * writes are read too, a write without a value name still has no path — told by its ActionType.
 */
function keyPairs(): Doc[] {
  return REGISTRY_HIVES.flatMap(([short, full]) => {
    const prefix = `${full}\\`;
    return [
      text(`RegistryKey startswith ${kqlString(prefix)} and strlen(RegistryKey) > ${prefix.length}`),
      text(`strcat(${kqlString(short)}, substring(RegistryKey, ${full.length}), iff(isempty(RegistryValueName), "", strcat(${kqlString('\\')}, RegistryValueName)))`),
    ];
  });
}

/** The path computation a query over these kinds needs. */
export function pathFormOf(kinds: readonly EventKind[]): RegistryPathKinds {
  const set = kinds.includes('registry_set');
  const keys = kinds.some(isRegistryKeyKind);
  return set && keys ? 'both' : keys ? 'keys' : 'set';
}

function pathDoc(kinds: RegistryPathKinds): Doc {
  if (kinds === 'set') return registryPathDoc();
  const setGuard = kinds === 'both' ? [text('isempty(RegistryValueName) and ActionType == "RegistryValueSet"'), text('""')] : [];
  return bracket('case(', [...setGuard, ...keyPairs(), text('""')], ')', 'pairs');
}

/** The `extend` stage (without the leading `| `): the same for every rule of those kinds, made once (a Doc is never changed). */
export function registryPathStage(kinds: RegistryPathKinds = 'set'): Doc {
  let stage = stages.get(kinds);
  if (stage === undefined) {
    stage = concat(text(`extend ${REGISTRY_PATH_COLUMN} = `), pathDoc(kinds));
    stages.set(kinds, stage);
  }
  return stage;
}

const stages = new Map<RegistryPathKinds, Doc>();

const canonical = new Map<RegistryPathKinds, string>();

/**
 * Which rows an `extend` computes the path this module writes for (however it is laid out), or
 * undefined: the importer reads such a name as `registry.path`. Any other expression stays a
 * derived field.
 */
export function registryPathExprKinds(e: Expr): RegistryPathKinds | undefined {
  const shape = exprShape(e);
  for (const kinds of ['set', 'keys', 'both'] as const) {
    let c = canonical.get(kinds);
    if (c === undefined) {
      c = extendShape(`DeviceRegistryEvents\n| extend ${REGISTRY_PATH_COLUMN} = ${flat(pathDoc(kinds))}`, 'registry path');
      canonical.set(kinds, c);
    }
    if (shape === c) return kinds;
  }
  return undefined;
}


import { SourceError, type SourcePosition } from '../../diagnostics.js';
import type { Condition } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { FILE_NAME_FIELDS, pathInFileNameProblem, predicatesOf } from '../../rule/file-name-lint.js';
import { typedValueFindingsOf, type TypedValueFinding } from '../../rule/typed-value-lint.js';
import type { SigmaDetection, SigmaDetectionItem, SigmaRuleDocument, SigmaValue } from './ast.js';
import { importDetection, type Fail } from './import-condition.js';
import type { Warn } from './import-metadata.js';

/**
 * Tests that import faithfully but can never be true (or are settled), said at the value — the
 * same lints `validate` runs on rule files: a file-name field compared with a value holding a
 * path separator (`OriginalFileName: '\esentutl.exe'`, a warning, src/rule/file-name-lint.ts),
 * and a value a typed field never holds (`DestinationPort: 70000`, an error, or
 * `DestinationPort|gt: 65535`, a warning, src/rule/typed-value-lint.ts).
 *
 * Each suspect value is imported on its own, through the importer itself, so the verdict is
 * about exactly the predicate the rule gets (field mapping, escapes, modifiers included).
 */
/** Whether any predicate of an imported condition has the problem, wherever it came from. */
export function hasPathInFileName(condition: Condition): boolean {
  for (const p of predicatesOf(condition)) {
    // Most predicates are on other fields: skip them before looking at each value.
    if (p.values.kind !== 'literals' || !FILE_NAME_FIELDS.has(p.field)) continue;
    for (const v of p.values.values) if (pathInFileNameProblem(p.field, p.op, v) !== undefined) return true;
  }
  return false;
}

/** Whether any predicate of an imported condition is on a typed field with a value it never holds (or settled). */
export function hasTypedValueFinding(condition: Condition, kinds: readonly EventKind[]): boolean {
  return typedValueFindingsOf(condition, kinds).length > 0;
}

/** An error at a value: the import stops there (with every other such error of the document). */
type ValueError = (position: SourcePosition, message: string) => void;

/**
 * Each finding of the lints at its value. `typed` says whether to look for typed-field findings
 * (every value is then imported on its own; else only those holding a path separator).
 */
export function lintImportedValues(doc: Pick<SigmaRuleDocument, 'detection'>, kind: EventKind, warn: Warn, error: ValueError, typed: boolean): void {
  for (const identifier of doc.detection.identifiers.values()) {
    const search = identifier.search;
    const maps = search.kind === 'list' ? search.alternatives : [search];
    for (const m of maps) {
      if (m.kind !== 'map') continue;
      for (const item of m.items) {
        for (const value of item.values) {
          const pathLike = typeof value.value === 'string' && /[\\/]/.test(value.value);
          if (!pathLike && !typed) continue;
          for (const f of findingsOf(item, value, kind, typed)) (f.severity === 'error' ? error : warn)(value.position, f.message);
        }
      }
    }
  }
}

function findingsOf(item: SigmaDetectionItem, value: SigmaValue, kind: EventKind, typed: boolean): TypedValueFinding[] {
  const name = 'value';
  const only: SigmaDetection = {
    identifiers: new Map([[name, { name, position: item.position, search: { kind: 'map', position: item.position, items: [{ ...item, values: [value], listed: false }] } }]]),
    conditions: [{ kind: 'identifier', name, position: item.position }],
    conditionText: [name],
    position: item.position,
  };
  const fail: Fail = (position, message) => {
    throw SourceError.at('', position.line, position.col, message);
  };
  let condition;
  try {
    condition = importDetection(only, kind, fail);
  } catch (err) {
    // The whole detection's import reports it; this lint has nothing to add.
    if (err instanceof SourceError) return [];
    throw err;
  }
  const out: TypedValueFinding[] = typed ? typedValueFindingsOf(condition, [kind]) : [];
  for (const p of predicatesOf(condition)) {
    // Most predicates are on other fields: skip them before looking at each value.
    if (p.values.kind !== 'literals' || !FILE_NAME_FIELDS.has(p.field)) continue;
    for (const v of p.values.values) {
      const problem = pathInFileNameProblem(p.field, p.op, v);
      if (problem && !out.some((f) => f.message === problem)) out.push({ severity: 'warning', message: problem });
    }
  }
  return out;
}

import { SourceError } from '../../diagnostics.js';
import type { Condition } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { FILE_NAME_FIELDS, pathInFileNameProblem, predicatesOf } from '../../rule/file-name-lint.js';
import type { SigmaDetection, SigmaDetectionItem, SigmaRuleDocument, SigmaValue } from './ast.js';
import { importDetection, type Fail } from './import-condition.js';
import type { Warn } from './import-metadata.js';

/**
 * Tests that import faithfully but can never be true, warned at the value (the same lint
 * `validate` runs on rule files, src/rule/file-name-lint.ts): a file-name field compared with
 * a value holding a path separator (`OriginalFileName: '\esentutl.exe'`).
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

export function lintImportedValues(doc: SigmaRuleDocument, kind: EventKind, warn: Warn): void {
  for (const identifier of doc.detection.identifiers.values()) {
    const search = identifier.search;
    const maps = search.kind === 'list' ? search.alternatives : [search];
    for (const m of maps) {
      if (m.kind !== 'map') continue;
      for (const item of m.items) {
        for (const value of item.values) {
          if (typeof value.value !== 'string' || !/[\\/]/.test(value.value)) continue;
          for (const problem of problemsOf(item, value, kind)) warn(value.position, problem);
        }
      }
    }
  }
}

function problemsOf(item: SigmaDetectionItem, value: SigmaValue, kind: EventKind): string[] {
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
  const out: string[] = [];
  for (const p of predicatesOf(condition)) {
    // Most predicates are on other fields: skip them before looking at each value.
    if (p.values.kind !== 'literals' || !FILE_NAME_FIELDS.has(p.field)) continue;
    for (const v of p.values.values) {
      const problem = pathInFileNameProblem(p.field, p.op, v);
      if (problem && !out.includes(problem)) out.push(problem);
    }
  }
  return out;
}

import type { Condition } from '../../ir/condition.js';
import { fieldsReadBy } from '../../ir/fields-read.js';
import { REGISTRY_PATH } from '../../ir/registry-path.js';
import type { Rule } from '../../ir/rule.js';
import { USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';

/**
 * Which of the two fields Defender has no column for, and the query computes before reading
 * them (registry-path.ts, user-qualified-name.ts), a rule reads anywhere: in its condition, its
 * derived fields, its output or its sort — what `fieldsReadBy` says, for these two fields.
 *
 * Most rules derive nothing; for them the condition is walked here directly, one call per node
 * and no set of every field built, since every rule the emitter writes asks this once, mostly
 * before the engine has optimised the walk.
 */
export interface ComputedReads {
  readonly registryPath: boolean;
  readonly qualifiedName: boolean;
}

export function computedReads(rule: Rule): ComputedReads {
  if (rule.derived.length > 0) {
    const read = fieldsReadBy(rule);
    return { registryPath: read.has(REGISTRY_PATH), qualifiedName: read.has(USER_QUALIFIED_NAME) };
  }
  const found = { registryPath: false, qualifiedName: false };
  conditionReads(rule.condition, found);
  const fields = rule.output.fields;
  for (let i = 0; i < fields.length; i++) note(fields[i] as string, found);
  const sort = rule.output.sort;
  for (let i = 0; i < sort.length; i++) note((sort[i] as Rule['output']['sort'][number]).field, found);
  return found;
}

function conditionReads(c: Condition, found: { registryPath: boolean; qualifiedName: boolean }): void {
  switch (c.kind) {
    case 'match':
      note(c.field, found);
      return;
    case 'not':
      conditionReads(c.child, found);
      return;
    case 'and':
    case 'or':
      for (let i = 0; i < c.children.length; i++) conditionReads(c.children[i] as Condition, found);
      return;
    default:
      return;
  }
}

function note(field: string, found: { registryPath: boolean; qualifiedName: boolean }): void {
  if (field === REGISTRY_PATH) found.registryPath = true;
  else if (field === USER_QUALIFIED_NAME) found.qualifiedName = true;
}

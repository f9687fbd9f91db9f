import type { Target, TargetId } from './contract.js';
import { eqlTarget } from './eql/index.js';
import { kqlTarget } from './kql/index.js';
import { sigmaTarget } from './sigma/index.js';

/** Every target, in the order reports list them. Adding a target is adding a line here. */
export const TARGETS: readonly Target<unknown>[] = [
  kqlTarget as Target<unknown>,
  sigmaTarget as Target<unknown>,
  eqlTarget as Target<unknown>,
];

export function targetById(id: TargetId): Target<unknown> {
  const t = TARGETS.find((x) => x.id === id);
  if (!t) throw new Error(`unknown target ${id}`);
  return t;
}

/** The target that owns a deployable format name (`sentinel` → kql). */
export function targetForFormat(format: string): Target<unknown> | undefined {
  return TARGETS.find((t) => Object.prototype.hasOwnProperty.call(t.formats, format));
}

import { and, literals, match, not, or, type Condition } from '../../ir/condition.js';
import type { CaseRule } from '../../ir/match-operator.js';
import { foldAscii } from '../../semantics/fold.js';
import type { SigmaDetectionItem } from './ast.js';
import { asPlainTest } from './import-details.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { valueAlternatives } from './value-pattern.js';

/**
 * Value tests on Sysmon's `Hashes` that name its `SHA256=` entry, imported as tests on
 * `process.hash.sha256`. Sysmon lists the image's hashes as `ALGO=hex` entries joined by commas
 * (`SHA1=...,MD5=...,SHA256=...,IMPHASH=...`, the algorithms its configuration asks for); the
 * rule model keeps the SHA-256 alone, and a projected event's Hashes is `SHA256=<sha256>`.
 *
 * On `SHA256=` + s, a needle `SHA256=` + x sits at the start (then s starts with x) or wholly
 * inside s; it cannot start inside the prefix, whose later characters hold no `S`:
 * - `Hashes: 'SHA256=x'` is s equals x;
 * - `|startswith` is s starts with x;
 * - `|contains` is s starts with x, or s contains `SHA256=x`;
 * - `|endswith` is s equals x, or s ends with `SHA256=x`.
 * On real events, where s is 64 hex digits and x too, these read as "the SHA-256 is x".
 * A needle naming another entry (`MD5=`, `IMPHASH=`) has no field: undefined, and the caller
 * refuses it.
 */
const PREFIX = 'SHA256=';

export function importHashes(item: SigmaDetectionItem): Condition | undefined {
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan) || plan.operation.kind !== 'string') return undefined;
  const caseRule: CaseRule = plan.operation.cased ? 'sensitive' : 'insensitive';
  const perValue: Condition[] = [];
  for (const v of item.values) {
    if (typeof v.value !== 'string') return undefined;
    const forms: Condition[] = [];
    for (const tokens of valueAlternatives(v.value, plan.operation)) {
      const form = asPlainTest(tokens);
      if (!form) return undefined;
      const head = form.value.slice(0, PREFIX.length);
      if (caseRule === 'sensitive' ? head !== PREFIX : foldAscii(head) !== foldAscii(PREFIX)) return undefined;
      const x = form.value.slice(PREFIX.length);
      const on = (op: 'equals' | 'startswith' | 'endswith' | 'contains', value: string): Condition =>
        match({ field: 'process.hash.sha256', op, values: literals([value]), caseRule });
      switch (form.op) {
        case 'equals':
          forms.push(on('equals', x));
          break;
        case 'startswith':
          forms.push(on('startswith', x));
          break;
        case 'contains':
          forms.push(or([on('startswith', x), on('contains', form.value)]));
          break;
        case 'endswith':
          forms.push(or([on('equals', x), on('endswith', form.value)]));
          break;
      }
    }
    perValue.push(or(forms));
  }
  const condition = plan.all ? and(perValue) : or(perValue);
  return plan.negated ? not(condition) : condition;
}

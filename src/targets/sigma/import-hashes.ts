import { and, constant, literals, match, not, or, type Condition } from '../../ir/condition.js';
import { HEX_VALUED_FIELDS, isHexText } from '../../ir/hex-fields.js';
import type { CaseRule } from '../../ir/match-operator.js';
import { foldAscii } from '../../semantics/fold.js';
import type { SigmaDetectionItem } from './ast.js';
import { asPlainTest } from './import-details.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { HASH_ENTRIES, type HashAlgorithm } from './taxonomy.js';
import { valueAlternatives } from './value-pattern.js';

/**
 * Value tests on Sysmon's `Hashes` that name one of its entries, imported as tests on that
 * entry's field (`SHA1=` process.hash.sha1, `MD5=` process.hash.md5, `SHA256=`
 * process.hash.sha256, `IMPHASH=` process.pe.imphash). Sysmon joins the entries with commas in
 * that order, each only when its configuration asks for it; a projected event's Hashes holds
 * an entry for each of those fields it has (taxonomy.ts renderHashes).
 *
 * The needle is P + x, P one entry's `ALGO=`, and x must hold no comma (real hashes are hex).
 * Then an occurrence cannot cross the comma before an entry, so it lies inside one entry
 * `A=v`: at its start (then A is P's algorithm, as no `ALGO=` is a prefix of another, and v
 * starts with x) or wholly inside v (no `ALGO=`'s first letter recurs later in an `ALGO=` in a
 * way that spells another: S/M/I in SHA1=, MD5=, SHA256=, IMPHASH= only start a match at 0):
 * - `|contains`: P's value starts with x, or any entry's value contains P + x;
 * - `Hashes: P + x`: only P's entry is present, and its value is x (two entries hold a comma);
 * - `|startswith`: no entry before P's is present, and P's value starts with x;
 * - `|endswith`: the last present entry's value ends with P + x, or it is P's and equals x.
 * Every entry's value is hexadecimal (ir/hex-fields.ts), so "an entry's value contains (ends
 * with) P + x", whose needle holds `=`, is never true and is left out: `|contains` is P's
 * value starting with x, `|endswith` P's entry being the last one present with value x.
 * `|contains: 'ALGO=x,'` with x hex is P's value being x with another entry after it.
 * On real events these read as "the hash is x". Anything else is undefined, and the caller
 * refuses it. `entries` are the kind's (taxonomy.ts hashEntriesOf): the image's on a process
 * creation, the loaded module's on an image load.
 */
export function importHashes(item: SigmaDetectionItem, entries: readonly (readonly [HashAlgorithm, string])[] = HASH_ENTRIES): Condition | undefined {
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan) || plan.operation.kind !== 'string') return undefined;
  const caseRule: CaseRule = plan.operation.cased ? 'sensitive' : 'insensitive';
  const same = (a: string, b: string): boolean => (caseRule === 'sensitive' ? a === b : foldAscii(a) === foldAscii(b));
  const on = (field: string, op: 'equals' | 'startswith' | 'endswith' | 'contains', value: string): Condition =>
    match({ field, op, values: literals([value]), caseRule });
  const absent = (field: string): Condition => not(match({ field, op: 'exists' }));
  const perValue: Condition[] = [];
  for (const v of item.values) {
    if (typeof v.value !== 'string') return undefined;
    const forms: Condition[] = [];
    for (const tokens of valueAlternatives(v.value, plan.operation)) {
      const form = asPlainTest(tokens);
      if (!form) return undefined;
      const at = entries.findIndex(([a]) => same(form.value.slice(0, a.length + 1), `${a}=`));
      const entry = entries[at];
      if (!entry) return undefined;
      const [algorithm, field] = entry;
      const x = form.value.slice(algorithm.length + 1);
      // `ALGO=x,` (hex x): the entry's value is x and another entry follows it, as the Sigma
      // writer says "the hash is x" (with `|endswith: 'ALGO=x'` for the last entry).
      const closed = x.endsWith(',') ? x.slice(0, -1) : undefined;
      if (form.op === 'contains' && closed !== undefined && closed !== '' && isHexText(closed)) {
        forms.push(and([on(field, 'equals', closed), or(entries.slice(at + 1).map(([, f]) => match({ field: f, op: 'exists' })))]));
        continue;
      }
      if (x.includes(',')) return undefined;
      switch (form.op) {
        case 'contains':
          forms.push(or([on(field, 'startswith', x), ...entries.filter(([, f]) => canHold(f, form.value)).map(([, f]) => on(f, 'contains', form.value))]));
          break;
        case 'equals':
          forms.push(and([on(field, 'equals', x), ...entries.filter(([, f]) => f !== field).map(([, f]) => absent(f))]));
          break;
        case 'startswith':
          forms.push(and([...entries.slice(0, at).map(([, f]) => absent(f)), on(field, 'startswith', x)]));
          break;
        case 'endswith':
          forms.push(
            or(
              entries.map(([, last], i) => {
                const tail = canHold(last, form.value) ? on(last, 'endswith', form.value) : constant(false);
                const own = last === field ? or([on(field, 'equals', x), tail]) : tail;
                return and([own, ...entries.slice(i + 1).map(([, f]) => absent(f))]);
              }),
            ),
          );
          break;
      }
    }
    perValue.push(or(forms));
  }
  const condition = plan.all ? and(perValue) : or(perValue);
  return plan.negated ? not(condition) : condition;
}

/** Whether a field's value can hold the needle: any text, or hex digits for a hex-valued field. */
function canHold(field: string, needle: string): boolean {
  return !HEX_VALUED_FIELDS.has(field) || isHexText(needle);
}

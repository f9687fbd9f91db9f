import type { Severity } from '../diagnostics.js';
import type { Condition } from '../ir/condition.js';
import { EVENT_KINDS, type EventKind } from '../ir/event-kind.js';
import { refusalMessage, typedFieldIn, typedFieldsOf, type TypedField } from '../ir/field-domains.js';
import type { MatchOperator } from '../ir/match-operator.js';
import { parseGlob } from '../semantics/wildcard.js';
import { predicatesOf } from './file-name-lint.js';

/**
 * A rule's value on a typed field (ir/field-domains.ts: the process ids, the ports,
 * `@timestamp`) that the field can never hold, said where the value is written — in a rule file
 * (rule/convert-condition.ts) and in a query an importer reads (Sigma, KQL, EQL). Events holding
 * such values are refused where they come in, so a test that needs one is a rule that never
 * fires, in every target alike (or, for text against Defender's `long` column, a query the
 * target may not even accept).
 *
 * - `equals` (one value, `values`, a `list`): the value must be one the field holds, read as
 *   the reference reads it — a number as its JSON text (README "Missing fields and nulls"), so
 *   `"4410"` is 4410 and `"04410"`, `"-1"`, `"abc"`, `70000` on a port are never equal to any
 *   held value. An error: the test says a thing the data cannot be.
 * - `lt` `lte` `gt` `gte` read the field as a number (semantics/numeric.ts). A bound outside the
 *   field's range makes the comparison never true (`destination.port gt 65535`, `process.pid lt
 *   0`) or, on a field whose every value is a number, true of every present value
 *   (`source.port gte 0`, which is `exists`). A warning: the rule is valid, just not what the
 *   writer meant, like the loader's other "can never match" warnings.
 * - `contains` .. `termsuffix` and `wildcard` look for text; a number field's text holds only
 *   digits, so a needle (the glob's literal text) with any other character never occurs. A
 *   warning, as for a path in a file-name field (rule/file-name-lint.ts).
 * `regex`, `cidr` and `exists` are left alone.
 */
export interface TypedValueFinding {
  readonly severity: Severity;
  readonly message: string;
}

/** What is wrong with `field op value` (the value as the rule model holds it: text), or undefined. */
export function typedValueFinding(field: TypedField, op: MatchOperator, value: string): TypedValueFinding | undefined {
  switch (op) {
    case 'equals':
      if (field.holdsText(value)) return undefined;
      return { severity: 'error', message: `${refusalMessage(field, shown(value))}, so \`equals\` with it can never match` };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return comparisonFinding(field, op, value);
    case 'contains':
    case 'startswith':
    case 'endswith':
    case 'term':
    case 'termprefix':
    case 'termsuffix':
      return textFinding(field, op, value, value);
    case 'wildcard':
      return textFinding(field, op, value, parseGlob(value).map((t) => (t.kind === 'text' ? t.text : '')).join(''));
    case 'regex':
    case 'cidr':
    case 'exists':
      return undefined;
  }
}

/**
 * The value as the message shows it: a number's text as it is (a rule file's `70000` and `"70000"`
 * are one value in the rule model, which holds text), other text quoted so that `""` and a
 * space show.
 */
function shown(value: string): string {
  return /^-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?$/i.test(value) ? value : JSON.stringify(value);
}

/** A decimal bound (convert-condition.ts refuses any other) against the field's range. */
function comparisonFinding(field: TypedField, op: 'lt' | 'lte' | 'gt' | 'gte', value: string): TypedValueFinding | undefined {
  const bound = Number(value);
  if (!Number.isFinite(bound)) return undefined;
  const { min, max, everyValue } = field.numbers;
  const range = `\`${field.name}\` is never below ${min} nor above ${max}`;
  const never = op === 'gt' ? bound >= max : op === 'gte' ? bound > max : op === 'lt' ? bound <= min : bound < min;
  if (never) return { severity: 'warning', message: `\`${field.name} ${op} ${value}\` can never be true: ${range}` };
  const always = op === 'gt' ? bound < min : op === 'gte' ? bound <= min : op === 'lt' ? bound > max : bound >= max;
  if (always && everyValue) {
    return { severity: 'warning', message: `\`${field.name} ${op} ${value}\` is true of every value: ${range}, so it tests only that the field is present (\`exists\`)` };
  }
  return undefined;
}

/** A needle a number field's digits can never hold; times are text of many spellings and are left alone. */
function textFinding(field: TypedField, op: MatchOperator, value: string, literal: string): TypedValueFinding | undefined {
  if (!field.numbers.everyValue) return undefined;
  const other = [...literal].find((c) => c < '0' || c > '9');
  if (other === undefined) return undefined;
  return { severity: 'warning', message: `\`${field.name}\` holds a whole number, whose text has only the digits 0-9: \`${op} ${JSON.stringify(value)}\` needs ${JSON.stringify(other)} and can never match` };
}

/** The name of every typed field, on any kind. */
const TYPED_NAMES: ReadonlySet<string> = new Set(EVENT_KINDS.flatMap((k) => typedFieldsOf(k).map((f) => f.name)));

/** A finding and the value it is about, which tells an importer where the value is written. */
export interface ValueFinding extends TypedValueFinding {
  readonly value: string;
}

/**
 * Every finding on the values of a condition's predicates, for a rule reading those kinds
 * (`lists` resolves a predicate's `list:`): how an importer learns, cheaply, whether a query has
 * a value to report (most have no typed field at all, so this is a walk over the predicates).
 */
export function typedValueFindingsOf(condition: Condition, kinds: readonly EventKind[], lists?: ReadonlyMap<string, readonly string[]>): ValueFinding[] {
  const out: ValueFinding[] = [];
  for (const p of predicatesOf(condition)) {
    // Importers ask this of every query: most predicates are on text fields, told apart by name.
    if (!TYPED_NAMES.has(p.field)) continue;
    const field = typedFieldIn(kinds, p.field);
    if (field === undefined) continue;
    const values = p.values.kind === 'literals' ? p.values.values : (lists?.get(p.values.name) ?? []);
    for (const value of values) {
      const finding = typedValueFinding(field, p.op, value);
      if (finding !== undefined && !out.some((f) => f.message === finding.message)) out.push({ ...finding, value });
    }
  }
  return out;
}

import { SourceError, positionAt, type Diagnostic } from '../../diagnostics.js';
import { and, constant, eventKindIs, literals, match, not, or, type Condition } from '../../ir/condition.js';
import { EVENT_KINDS, type EventKind } from '../../ir/event-kind.js';
import type { MatchOperator } from '../../ir/match-operator.js';
import { simplify, specialise } from '../../ir/normalize.js';
import type { Rule } from '../../ir/rule.js';
import { importedRule } from '../../rule/imported-rule.js';
import { typedValueFindingsOf } from '../../rule/typed-value-lint.js';
import { formatGlob } from '../../semantics/wildcard.js';
import type { CallExpr, CompareExpr, EqlExpr, EqlQuery, FieldExpr, InExpr, LiteralExpr, PatternExpr } from './ast.js';
import { eqlGlob } from './evaluate.js';
import { parseLuceneRegex } from './lucene-regex.js';
import { printRe2, type RegexNode } from './regex-ast.js';
import { canHoldOn } from '../../ir/kind-fields.js';
import { CONSTANT_ECS_FIELDS, ECS_KINDS, kindsOfCategory, logicalField } from './schema.js';
import { canonicalIntegrityLevel, elasticIntegrityLevel, INTEGRITY_LEVEL } from '../../ir/integrity-level.js';
import { REGISTRY_DATA_TYPE, windowsValueTypeOfElastic } from './registry-value-type.js';

/**
 * An EQL event query → the rule model. `event.category` / `event.type` tests become event-kind
 * tests; ECS fields become logical ones; each operator becomes the IR predicate with the same
 * meaning (a Lucene regex becomes an anchored portable regex with ASCII case folding spelled
 * out, since `regex~` folds ASCII only). Sequences, samples, pipes, arithmetic and functions
 * other than startsWith/endsWith/stringContains/cidrMatch have no rule-model form.
 * `warn`, when given, receives what imports but looks wrong (file:line:col warnings).
 */
export function importEql(parsed: EqlQuery, sourceName: string, warn?: (d: Diagnostic) => void): Rule {
  const fail = (at: number, message: string): never => {
    const p = positionAt(parsed.source, at);
    throw SourceError.at(sourceName, p.line, p.col, message);
  };
  const report = (at: number, message: string): void => {
    warn?.({ file: sourceName, position: positionAt(parsed.source, at), severity: 'warning', message });
  };
  const q = parsed.query;
  if (q.kind !== 'event') return fail(0, `${q.kind === 'sequence' ? 'a sequence' : 'a sample'} is not representable in the rule model yet; only event queries import`);
  const firstPipe = parsed.pipes[0];
  if (firstPipe) fail(firstPipe.at, `the ${firstPipe.kind} pipe is not representable in the rule model`);
  const filter = q.filter;
  let logsources: EventKind[];
  if (filter.category !== undefined) {
    const kinds = kindsOfCategory(filter.category);
    if (kinds.length === 0) return fail(filter.at, `event category ${JSON.stringify(filter.category)} has no event kind in the rule model (${[...new Set(EVENT_KINDS.map((k) => ECS_KINDS[k].category))].join(', ')})`);
    logsources = [...kinds];
  } else {
    logsources = [...EVENT_KINDS];
  }
  const converter = new Converter(fail, report);
  let condition = simplify(converter.condition(filter.condition));
  // `any where`, or a category two kinds share (file: creation, deletion): the kinds the
  // condition can hold for (its event.category / event.type tests decide).
  if (logsources.length > 1) {
    const possible = logsources.filter((k) => canHoldOn(condition, k));
    logsources = possible.length === 0 ? (filter.category === undefined ? [...EVENT_KINDS] : logsources) : possible;
  }
  // Under one kind, kind tests (`event.type == "start"`) are settled: keep only what is left.
  if (logsources.length === 1) condition = specialise(condition, logsources[0] as EventKind);
  return ruleFromQuery(parsed, sourceName, logsources, condition);
}

class Converter {
  constructor(
    private readonly fail: (at: number, message: string) => never,
    private readonly warn: (at: number, message: string) => void,
  ) {}

  condition(e: EqlExpr): Condition {
    const c = this.predicate(e);
    if (e.kind === 'compare' || e.kind === 'in' || e.kind === 'call' || e.kind === 'pattern') this.lintTypedValues(e, c);
    return c;
  }

  /**
   * A value a typed field never holds (`destination.port == 70000`, an error) or a comparison
   * its range settles (`destination.port > 65535`, a warning), at the literal, as for a rule
   * file (rule/typed-value-lint.ts). A field's domain is the same on every kind that has it.
   */
  private lintTypedValues(e: CompareExpr | InExpr | CallExpr | PatternExpr, c: Condition): void {
    for (const f of typedValueFindingsOf(c, EVENT_KINDS)) {
      const literals = e.kind === 'compare' ? [e.left, e.right] : e.kind === 'in' ? e.items : e.kind === 'call' ? e.args : [];
      const at = literals.find((l) => l.kind === 'literal' && l.value !== null && String(l.value) === f.value)?.at ?? e.at;
      if (f.severity === 'error') this.fail(at, f.message);
      this.warn(at, f.message);
    }
  }

  private predicate(e: EqlExpr): Condition {
    switch (e.kind) {
      case 'and':
        return and([this.condition(e.left), this.condition(e.right)]);
      case 'or':
        return or([this.condition(e.left), this.condition(e.right)]);
      case 'not':
        return not(this.condition(e.operand));
      case 'literal':
        if (typeof e.value === 'boolean') return constant(e.value);
        return this.fail(e.at, 'a constant other than true/false is not a condition');
      case 'compare':
        return this.compare(e.op, e.left, e.right, e.at);
      case 'pattern':
        return this.pattern(e);
      case 'in': {
        const values = e.items.map((i) => this.literalText(i));
        const c = this.equality(this.fieldOf(e.subject), values, !e.insensitive);
        return e.negated ? not(c) : c;
      }
      case 'call':
        return this.call(e.name, e.insensitive, e.args, e.at);
      default:
        return this.fail(e.at, `this expression is not representable in the rule model`);
    }
  }

  private compare(op: string, left: EqlExpr, right: EqlExpr, at: number): Condition {
    const flipped: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
    if (left.kind !== 'field' && right.kind === 'field') return this.compare(flipped[op] as string, right, left, at);
    const field = this.fieldOf(left);
    if (right.kind !== 'literal') return this.fail(right.at, 'only comparisons of a field with a constant are representable');
    if (right.value === null) {
      if (op !== '==' && op !== '!=') return this.fail(at, 'null compares only with == or !=');
      if (field.name === 'event.category' || field.name === 'event.type' || isConstantField(field)) return constant(op === '==' ? false : true);
      const exists = match({ field: this.logical(field), op: 'exists' });
      return op === '==' ? not(exists) : exists;
    }
    if (op === '==' || op === '!=') {
      const c = this.equality(field, [this.literalText(right)], true);
      return op === '==' ? c : not(c);
    }
    if (typeof right.value !== 'number') return this.fail(right.at, 'only numeric ordering comparisons are representable');
    const irOp = ({ '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as Record<string, MatchOperator>)[op] as MatchOperator;
    return match({ field: this.logical(field), op: irOp, values: literals([String(right.value)]) });
  }

  /** Equality with any of the values; `event.category` / `event.type` become kind tests. */
  private equality(field: FieldExpr, values: readonly string[], sensitive: boolean): Condition {
    if (field.name === 'event.category' || field.name === 'event.type') {
      const same = (a: string, b: string): boolean => (sensitive ? a === b : a.toLowerCase() === b.toLowerCase());
      const kinds = EVENT_KINDS.filter((k) => values.some((v) => same(field.name === 'event.category' ? ECS_KINDS[k].category : ECS_KINDS[k].type, v)));
      return or(kinds.map(eventKindIs));
    }
    if (isConstantField(field)) {
      // The same on every event (schema.ts): the comparison is settled here.
      const value = CONSTANT_ECS_FIELDS[field.name] as string;
      return constant(values.some((v) => (sensitive ? v === value : v.toLowerCase() === value.toLowerCase())));
    }
    if (sensitive && this.logical(field) === INTEGRITY_LEVEL) return this.levelEquality(values);
    const name = this.logical(field);
    // Elastic's Sysmon pipeline spells a DWORD's type SZ_DWORD (registry-value-type.ts).
    const texts = name === REGISTRY_DATA_TYPE ? [...new Set(values.map((v) => windowsValueTypeOfElastic(v, sensitive)))] : values;
    return match({ field: name, op: 'equals', values: literals(texts), caseRule: sensitive ? 'sensitive' : 'insensitive' });
  }

  /**
   * `process.Ext.token.integrity_level_name == "high"`, as Elastic's rules write it: Elastic
   * Defend spells the known levels in lower case (src/ir/integrity-level.ts), so `"high"` holds
   * for a level of High in any case, `"High"` for none, and any other text compares as it is.
   */
  private levelEquality(values: readonly string[]): Condition {
    const names = values.filter((v) => canonicalIntegrityLevel(v) !== undefined && elasticIntegrityLevel(v) === v).map((v) => canonicalIntegrityLevel(v) as string);
    const others = values.filter((v) => canonicalIntegrityLevel(v) === undefined);
    const parts: Condition[] = [];
    if (names.length > 0) parts.push(match({ field: INTEGRITY_LEVEL, op: 'equals', values: literals(names), caseRule: 'insensitive' }));
    if (others.length > 0) parts.push(match({ field: INTEGRITY_LEVEL, op: 'equals', values: literals(others), caseRule: 'sensitive' }));
    return parts.length === 0 ? constant(false) : or(parts);
  }

  /** A case-sensitive pattern on the level has no rule-model form (levelEquality says why). */
  private refuseCasedLevel(field: FieldExpr, sensitive: boolean): void {
    if (sensitive && this.logical(field) === INTEGRITY_LEVEL) {
      this.fail(field.at, `a case-sensitive pattern on ${field.name} has no form in the rule model: Elastic Defend writes the level in lower case where Sysmon and Defender write High, System; use ":" or "~"`);
    }
  }

  private pattern(e: PatternExpr): Condition {
    const field = this.fieldOf(e.subject);
    if (e.op === 'regex' || e.op === 'regex~') {
      return or(e.patterns.map((p) => this.regex(field, p, e.op === 'regex~')));
    }
    const sensitive = e.op === 'like';
    if (field.name === 'event.category' || field.name === 'event.type' || isConstantField(field)) {
      if (e.patterns.some((p) => /[*?]/.test(p))) return this.fail(e.at, `wildcards on ${field.name} are not representable`);
      return this.equality(field, e.patterns, sensitive);
    }
    this.refuseCasedLevel(field, sensitive);
    const name = this.logical(field);
    const caseRule = sensitive ? 'sensitive' : 'insensitive';
    return or(
      e.patterns.map((p) => {
        const tokens = eqlGlob(p);
        const texts = tokens.filter((t) => t.kind === 'text');
        const shape = tokens.map((t) => (t.kind === 'any' ? '*' : t.kind === 'one' ? '?' : 't')).join('');
        const text = texts.length === 1 ? (texts[0] as { text: string }).text : '';
        const op: MatchOperator | undefined =
          shape === 't' || shape === '' ? 'equals' : shape === '*t*' || shape === '*' ? 'contains' : shape === 't*' ? 'startswith' : shape === '*t' ? 'endswith' : undefined;
        if (op === 'equals' && name === REGISTRY_DATA_TYPE) return match({ field: name, op, values: literals([windowsValueTypeOfElastic(text, sensitive)]), caseRule });
        if (op) return match({ field: name, op, values: literals([text]), caseRule });
        return match({ field: name, op: 'wildcard', values: literals([formatGlob(tokens)]), caseRule });
      }),
    );
  }

  private regex(field: FieldExpr, pattern: string, insensitive: boolean): Condition {
    this.refuseCasedLevel(field, !insensitive);
    const tree = parseLuceneRegex(pattern);
    if (containsNone(tree)) return this.fail(field.at, 'the Lucene empty language # is not representable');
    const items = tree.k === 'seq' ? [...tree.items] : [tree];
    const isAnyRun = (n: RegexNode | undefined): boolean => n !== undefined && (n.k === 'anyString' || (n.k === 'repeat' && n.node.k === 'any' && n.min === 0 && n.max === undefined));
    // Lucene matches the whole value: a leading/trailing "any run" is the unanchored search.
    const openStart = tree.k !== 'alt' && items.length > 1 && isAnyRun(items[0]);
    if (openStart) items.shift();
    const openEnd = tree.k !== 'alt' && items.length > 1 && isAnyRun(items[items.length - 1]);
    if (openEnd) items.pop();
    const body = tree.k === 'alt' ? printRe2(tree, insensitive) : printRe2({ k: 'seq', items }, insensitive);
    // Only a top-level alternation needs a group to keep the anchors on every branch.
    const grouped = tree.k === 'alt' && !(openStart && openEnd) ? `(?:${body})` : body;
    const re2 = `${openStart ? '' : '^'}${grouped}${openEnd ? '' : '$'}`;
    return match({ field: this.logical(field), op: 'regex', values: literals([re2]), caseRule: 'sensitive', regexFlags: { multiline: false, dotAll: true } });
  }

  private call(name: string, insensitive: boolean, args: readonly EqlExpr[], at: number): Condition {
    const ops: Record<string, MatchOperator> = { startswith: 'startswith', endswith: 'endswith', stringcontains: 'contains', cidrmatch: 'cidr' };
    const op = ops[name];
    if (!op) return this.fail(at, `${name}() is not representable in the rule model`);
    const field = this.fieldOf(args[0] as EqlExpr);
    if (op !== 'cidr') this.refuseCasedLevel(field, !insensitive);
    const values = args.slice(1).map((a) => this.literalText(a));
    return match({ field: this.logical(field), op, values: literals(values), caseRule: insensitive ? 'insensitive' : 'sensitive' });
  }

  private fieldOf(e: EqlExpr): FieldExpr {
    if (e.kind !== 'field') return this.fail(e.at, 'expected a field here; computed values are not representable in the rule model');
    return e;
  }

  private logical(f: FieldExpr): string {
    // Any kind's field is accepted: on events of a kind without it, the field is simply missing.
    const name = logicalField(f.name, undefined);
    if (name === undefined) return this.fail(f.at, `ECS field ${f.name} has no field in the rule model`);
    return name;
  }

  private literalText(e: EqlExpr): string {
    if (e.kind !== 'literal' || e.value === null) return this.fail(e.at, 'expected a constant string or number');
    return String((e as LiteralExpr).value);
  }
}

const isConstantField = (f: FieldExpr): boolean => Object.prototype.hasOwnProperty.call(CONSTANT_ECS_FIELDS, f.name);

function containsNone(n: RegexNode): boolean {
  if (n.k === 'none') return true;
  if (n.k === 'alt' || n.k === 'seq') return n.items.some(containsNone);
  if (n.k === 'repeat') return containsNone(n.node);
  return false;
}

function ruleFromQuery(parsed: EqlQuery, sourceName: string, logsources: readonly EventKind[], condition: Condition): Rule {
  return importedRule({ idSource: parsed.source, sourceName, language: 'EQL', logsources, condition });
}

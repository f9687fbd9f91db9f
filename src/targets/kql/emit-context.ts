import type { DerivedExpr } from '../../ir/derived.js';
import type { EventKind } from '../../ir/event-kind.js';
import { fieldSpec } from '../../ir/fields.js';
import type { KqlColumnType } from './tables.js';
import type { Rule } from '../../ir/rule.js';
import { NotExpressibleError, type Approximation } from '../contract.js';

/** Most rules derive nothing and most `and`s prove no field non-empty: they share this empty set. */
const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * What the condition emitter needs while it walks a rule: the rule (for lists and derived
 * names), the kinds the query reads, strict or lenient, and where it collects what it did.
 */
export class EmitContext {
  readonly approximations: Approximation[];
  /** Lists the text refers to by name: only those get a `let`. */
  readonly usedLists: Set<string>;
  readonly derivedNames: ReadonlySet<string>;
  /**
   * The full hive name when a sibling predicate fixes it (`registry.hive` equals HKLM), so a
   * whole-key test can name the full `RegistryKey`.
   */
  knownHive?: string;
  /** Fields an `and` sibling proves non-empty, so `exists` on them is exactly `isnotempty`. */
  nonEmptyFields: ReadonlySet<string> = NO_FIELDS;

  constructor(
    readonly rule: Rule,
    readonly kinds: readonly EventKind[],
    readonly lenient: boolean,
    shared?: EmitContext,
  ) {
    // A narrowed context reads the same rule: its derived names are the same set.
    this.derivedNames = shared?.derivedNames ?? (rule.derived.length === 0 ? NO_FIELDS : new Set(rule.derived.map((d) => d.name)));
    this.approximations = shared?.approximations ?? [];
    this.usedLists = shared?.usedLists ?? new Set();
  }

  /** The same emission seen on fewer kinds (under a kind test) or with a known hive. */
  narrow(kinds: readonly EventKind[], knownHive?: string): EmitContext {
    const n = new EmitContext(this.rule, kinds, this.lenient, this);
    const hive = knownHive ?? this.knownHive;
    if (hive !== undefined) n.knownHive = hive;
    n.nonEmptyFields = this.nonEmptyFields;
    return n;
  }

  /** The same emission where the given fields are known to be tested for non-emptiness. */
  withNonEmpty(fields: ReadonlySet<string>): EmitContext {
    const n = this.narrow(this.kinds);
    n.nonEmptyFields = new Set([...this.nonEmptyFields, ...fields]);
    return n;
  }

  /** Strict: refuse. Lenient: record the approximation and let the caller write its nearest form. */
  approximate(predicate: string, reason: string): void {
    if (!this.lenient) throw new NotExpressibleError('kql', predicate, reason);
    if (!this.approximations.some((a) => a.predicate === predicate && a.reason === reason)) {
      this.approximations.push({ predicate, reason });
    }
  }

  /** The Kusto type a derived field's expression yields, for predicates that test it. */
  derivedType(name: string): KqlColumnType {
    const typeOf = (e: DerivedExpr): KqlColumnType => {
      switch (e.kind) {
        case 'condition':
          return 'bool';
        case 'literal':
          return typeof e.value === 'string' ? 'string' : typeof e.value === 'boolean' ? 'bool' : 'real';
        case 'coalesce':
          return e.args[0] ? typeOf(e.args[0]) : 'string';
        case 'case':
          return typeOf(e.branches[0]?.then ?? e.otherwise);
        case 'field': {
          if (this.derivedNames.has(e.field)) return this.derivedType(e.field);
          const spec = this.kinds.map((k) => fieldSpec(k, e.field)).find((f) => f !== undefined);
          return spec?.type === 'number' ? 'real' : 'string';
        }
        case 'extract':
          return 'string';
      }
    };
    const d = this.rule.derived.find((x) => x.name === name);
    return d ? typeOf(d.expr) : 'string';
  }

  listValues(name: string): readonly string[] {
    return this.rule.lists.get(name) ?? [];
  }
}

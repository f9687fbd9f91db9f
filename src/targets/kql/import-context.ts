import { SourceError, type Diagnostic } from '../../diagnostics.js';
import { and, constant, eventKindIs, or, type Condition } from '../../ir/condition.js';
import type { DerivedExpr } from '../../ir/derived.js';
import type { EventKind } from '../../ir/event-kind.js';
import { simplify } from '../../ir/normalize.js';
import type { Expr } from './ast.js';
import { KIND_SCHEMAS, fieldForColumn, kindsOfTable } from './schema.js';
import { isRegistryKind } from '../../ir/registry-path.js';
import { REGISTRY_PATH_COLUMN } from './registry-path.js';
import { USER_QUALIFIED_COLUMN } from './user-qualified-name.js';
import { DEFENDER_TABLES } from './tables.js';

/** A name an `extend` gave: an alias of a column (`coalesce(ProcessCommandLine, "")`) or a derived field. */
export type ExtendedName = { readonly kind: 'alias'; readonly column: string } | { readonly kind: 'derived' };

/** What importing needs to know while it reads one query: its kinds, lists and extended names. */
export class ImportContext {
  readonly extended = new Map<string, ExtendedName>();
  /** Inside an extend, earlier derived names are fields too. */
  inDerived = false;
  /** Every kind the query reads, also after a kind test narrowed `kinds`. */
  readonly allKinds: readonly EventKind[];
  /** Where what the import carries over, but not to the letter, is said. */
  report: ((d: Diagnostic) => void) | undefined;

  constructor(
    readonly file: string,
    readonly kinds: readonly EventKind[],
    readonly lists: ReadonlyMap<string, readonly string[]>,
    readonly scalars: ReadonlyMap<string, string>,
    allKinds?: readonly EventKind[],
  ) {
    this.allKinds = allKinds ?? kinds;
  }

  /** The same query seen on fewer kinds: what an `ActionType == ...` guard leaves. */
  narrow(kinds: readonly EventKind[]): ImportContext {
    const n = new ImportContext(this.file, kinds, this.lists, this.scalars, this.allKinds);
    for (const [k, v] of this.extended) n.extended.set(k, v);
    n.inDerived = this.inDerived;
    n.report = this.report;
    return n;
  }

  warn(at: { readonly pos: Expr['pos'] }, message: string): void {
    this.report?.({ file: this.file, position: { line: at.pos.line, col: at.pos.col }, severity: 'warning', message });
  }

  fail(at: { readonly pos: Expr['pos'] }, message: string): never {
    throw SourceError.at(this.file, at.pos.line, at.pos.col, message);
  }

  /** The column a name stands for, following aliases. */
  resolveColumn(name: string): string {
    const e = this.extended.get(name);
    return e?.kind === 'alias' ? e.column : name;
  }

  /**
   * How a column reads on each kind: the logical field it holds, or `absent` when the kind's
   * table has no such column (it reads `""` there). A column a table has but the rule model
   * does not name is an error: the import would otherwise change what the query means.
   */
  placements(column: string, at: Expr): { kind: EventKind; field: string | 'absent' }[] {
    return this.kinds.map((kind) => {
      const table = KIND_SCHEMAS[kind].table;
      // RegistryPath is no table's column: it stands for registry.path only as an extend of the path (import.ts).
      const computed = column === REGISTRY_PATH_COLUMN && isRegistryKind(kind) && [...this.extended.values()].some((e) => e.kind === 'alias' && e.column === REGISTRY_PATH_COLUMN);
      const computedUser = column === USER_QUALIFIED_COLUMN && [...this.extended.values()].some((e) => e.kind === 'alias' && e.column === USER_QUALIFIED_COLUMN);
      const has = Object.prototype.hasOwnProperty.call(DEFENDER_TABLES[table], column) || column === 'TimeGenerated' || computed || computedUser;
      if (!has) return { kind, field: 'absent' as const };
      const field = fieldForColumn(kind, column);
      // A column of a table two kinds share that only the other kind fills (RegistryValueData
      // on a key creation): this kind's rows leave it empty.
      if (field === undefined && kindsOfTable(table).some((k) => k !== kind && fieldForColumn(k, column) !== undefined)) return { kind, field: 'absent' as const };
      if (field === undefined) this.fail(at, `the column ${column} of ${table} has no field in the rule model`);
      if (field === 'destination.domain') this.warn(at, `${column} holds the URL or the host name connected to; it imports as destination.domain, the host name, which a URL row does not hold`);
      return { kind, field };
    });
  }

  /** One condition per kind, joined so that each applies only to its own kind. */
  perKind(parts: readonly { kind: EventKind; condition: Condition }[]): Condition {
    const first = parts[0]?.condition;
    if (first !== undefined && parts.every((p) => JSON.stringify(p.condition) === JSON.stringify(first))) return first;
    if (this.kinds.length === 1) return parts[0]?.condition ?? constant(false);
    return simplify(or(parts.map((p) => and([eventKindIs(p.kind), p.condition]))));
  }

  /** A column as a derived value, chosen by kind where its meaning differs. */
  columnExpr(column: string, at: Expr): DerivedExpr {
    const placements = this.placements(this.resolveColumn(column), at);
    const fields = [...new Set(placements.map((p) => p.field))];
    if (fields.length === 1) return fields[0] === 'absent' ? { kind: 'literal', value: '' } : { kind: 'field', field: fields[0] as string };
    return {
      kind: 'case',
      branches: placements.filter((p) => p.field !== 'absent').map((p) => ({ when: eventKindIs(p.kind), then: { kind: 'field', field: p.field } as DerivedExpr })),
      otherwise: { kind: 'literal', value: '' },
    };
  }
}

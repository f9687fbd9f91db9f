import { SourceError } from '../../diagnostics.js';
import type { FieldValue, JsonObject, JsonValue } from '../../ir/value.js';
import type { TargetEvalOptions, TargetVerdict } from '../contract.js';
import type { Expr, KqlQuery, Stage } from './ast.js';
import { compileExpr, type CompiledExpr, type ExprEnv, type RowReader } from './compile-expr.js';
import { compare } from './operators.js';
import { DEFENDER_TABLES, LOG_ANALYTICS_COLUMNS, type KqlColumnType } from './tables.js';
import { readCell, toFieldValue, toJson, type KValue } from './values.js';

/**
 * Runs a parsed query over Defender rows with Kusto's semantics. A row belongs to the table its
 * `Type` column names (as in Log Analytics), or to the query's first table when it has none;
 * rows of other tables are not read. Stages apply in order to each row; `sort` and `take`
 * act on the whole result.
 */
interface Row {
  readonly cells: JsonObject;
  /** Values set by extend/project, which shadow the cells. */
  readonly values: Map<string, KValue>;
  /** The output columns once a project/project-away has fixed them. */
  columns?: readonly string[];
}

type RowStage = (row: Row) => boolean;

interface CompiledQuery {
  readonly belongs: (row: JsonObject) => boolean;
  readonly rowStages: readonly RowStage[];
  readonly extended: readonly string[];
  /** `sort` and `take` stages, applied to the whole result in order. */
  readonly tail: readonly Stage[];
  readonly env: ExprEnv;
  readonly reader: (row: Row) => RowReader;
}

function own(o: JsonObject, key: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function compileQuery(query: KqlQuery, now: number): CompiledQuery {
  const lets = new Map<string, KValue>();
  const envBase = { file: query.sourceName, now };
  for (const l of query.lets) {
    const f = compileExpr(l.expr, { ...envBase, lets });
    lets.set(l.name, f(() => ''));
  }
  const env: ExprEnv = { ...envBase, lets };
  const tableNames = query.tables.map((t) => t.name);
  const firstTable = tableNames[0] as string;
  // A union has every column of every table it reads, typed as the first table that has it.
  const types = new Map<string, KqlColumnType>();
  for (const t of tableNames) {
    const cols = Object.prototype.hasOwnProperty.call(DEFENDER_TABLES, t) ? DEFENDER_TABLES[t] : undefined;
    for (const [c, type] of Object.entries(cols ?? {})) if (!types.has(c)) types.set(c, type);
  }
  for (const [c, type] of Object.entries(LOG_ANALYTICS_COLUMNS)) if (!types.has(c)) types.set(c, type);
  const reader = (row: Row): RowReader => (column) => {
    if (row.values.has(column)) return row.values.get(column) as KValue;
    return readCell(own(row.cells, column), types.get(column));
  };
  const belongs = (cells: JsonObject): boolean => {
    const type = own(cells, 'Type');
    return tableNames.includes(typeof type === 'string' ? type : firstTable);
  };

  const rowStages: RowStage[] = [];
  const extended: string[] = [];
  const tail: Stage[] = [];
  for (const stage of query.stages) {
    if (stage.kind === 'sort' || stage.kind === 'take') {
      tail.push(stage);
      continue;
    }
    if (tail.length > 0) {
      throw SourceError.at(query.sourceName, stage.pos.line, stage.pos.col, `${stage.kind} after sort/take is not supported`);
    }
    rowStages.push(compileStage(stage, env, reader, extended));
  }
  return { belongs, rowStages, extended, tail, env, reader };
}

function compileStage(stage: Exclude<Stage, { kind: 'sort' | 'take' }>, env: ExprEnv, reader: (row: Row) => RowReader, extended: string[]): RowStage {
  switch (stage.kind) {
    case 'where': {
      const p = compileExpr(stage.predicate, env);
      // `where` keeps a row only when the predicate is true: false and null both drop it.
      return (row) => p(reader(row)) === true;
    }
    case 'extend': {
      const items = stage.assignments.map((a) => ({ name: a.name, f: compileExpr(a.expr, env) }));
      for (const i of items) if (!extended.includes(i.name)) extended.push(i.name);
      return (row) => {
        for (const i of items) {
          const v = i.f(reader(row));
          row.values.set(i.name, v);
          if (row.columns && !row.columns.includes(i.name)) row.columns = [...row.columns, i.name];
        }
        return true;
      };
    }
    case 'project': {
      const items = stage.items.map((i) => ({ name: i.name, f: compileExpr(i.expr ?? { kind: 'column', name: i.name, pos: i.pos }, env) }));
      return (row) => {
        const read = reader(row);
        const computed = items.map((i) => [i.name, i.f(read)] as const);
        for (const [name, v] of computed) row.values.set(name, v);
        row.columns = items.map((i) => i.name);
        return true;
      };
    }
    case 'project-away': {
      const names = new Set(stage.names);
      return (row) => {
        row.columns = (row.columns ?? allColumns(row)).filter((c) => !names.has(c));
        return true;
      };
    }
  }
}

function allColumns(row: Row): string[] {
  return [...new Set([...Object.keys(row.cells), ...row.values.keys()])];
}

function newRow(cells: JsonObject): Row {
  return { cells, values: new Map() };
}

/** Per row: does it pass every where, and what did extend compute. */
export function compileKql(query: KqlQuery, options: TargetEvalOptions): (row: JsonObject) => TargetVerdict {
  const q = compileQuery(query, options.now);
  return (cells) => {
    if (!q.belongs(cells)) return { matched: false, derived: {} };
    const row = newRow(cells);
    for (const s of q.rowStages) if (!s(row)) return { matched: false, derived: {} };
    const derived: Record<string, FieldValue> = {};
    const read = q.reader(row);
    for (const name of q.extended) {
      Object.defineProperty(derived, name, { value: toFieldValue(read(name)), enumerable: true, writable: true, configurable: true });
    }
    return { matched: true, derived };
  };
}

function outputRow(row: Row, reader: RowReader): JsonObject {
  const out: Record<string, JsonValue> = {};
  const columns = row.columns ?? allColumns(row);
  for (const c of columns) {
    const v = row.values.has(c) ? toJson(row.values.get(c) as KValue) : row.columns ? toJson(reader(c)) : (own(row.cells, c) as JsonValue);
    Object.defineProperty(out, c, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The query's result rows: filtered and extended per row, then sorted and cut by take. */
export function* runKql(query: KqlQuery, rows: Iterable<JsonObject>, options: TargetEvalOptions): Iterable<JsonObject> {
  const q = compileQuery(query, options.now);
  if (q.tail.length === 0) {
    // No sort or take: rows stream through in constant memory.
    yield* rowsOf(q, rows);
    return;
  }
  let result = [...passing(q, rows)];
  for (const stage of q.tail) {
    if (stage.kind === 'take') {
      const n = compileExpr(stage.count, q.env)(() => null);
      if (typeof n !== 'number' || n < 0) throw SourceError.at(query.sourceName, stage.pos.line, stage.pos.col, 'take needs a non-negative number');
      result = result.slice(0, n);
    } else if (stage.kind === 'sort') {
      result = sortRows(result, stage.keys.map((k) => ({ f: compileExpr(k.expr, q.env), ...k })), q.reader);
    }
  }
  for (const row of result) yield outputRow(row, q.reader(row));
}

/**
 * A query without sort or take, compiled once, as a run over one chunk of rows after another
 * (its rows come row by row); undefined for a query whose result needs every row first.
 */
export function kqlChunkRunner(query: KqlQuery, options: TargetEvalOptions): ((rows: Iterable<JsonObject>) => Iterable<JsonObject>) | undefined {
  const q = compileQuery(query, options.now);
  return q.tail.length === 0 ? (rows) => rowsOf(q, rows) : undefined;
}

function* passing(q: CompiledQuery, rows: Iterable<JsonObject>): Iterable<Row> {
  for (const cells of rows) {
    if (!q.belongs(cells)) continue;
    const row = newRow(cells);
    if (q.rowStages.every((s) => s(row))) yield row;
  }
}

function* rowsOf(q: CompiledQuery, rows: Iterable<JsonObject>): Iterable<JsonObject> {
  for (const row of passing(q, rows)) yield outputRow(row, q.reader(row));
}

function sortRows(rows: Row[], keys: readonly { f: CompiledExpr; order: 'asc' | 'desc'; nulls?: 'first' | 'last'; expr: Expr }[], reader: (row: Row) => RowReader): Row[] {
  const withKeys = rows.map((row, index) => ({ row, index, values: keys.map((k) => k.f(reader(row))) }));
  withKeys.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as (typeof keys)[number];
      const x = a.values[i] as KValue;
      const y = b.values[i] as KValue;
      // Kusto's default: nulls first when ascending, last when descending.
      const nullsFirst = k.nulls ? k.nulls === 'first' : k.order === 'asc';
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === nullsFirst ? -1 : 1;
      }
      if (compare('==', x, y) === true) continue;
      const less = compare('<', x, y) === true;
      return (less ? -1 : 1) * (k.order === 'asc' ? 1 : -1);
    }
    return a.index - b.index;
  });
  return withKeys.map((w) => w.row);
}

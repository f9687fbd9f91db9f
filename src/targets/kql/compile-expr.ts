import { SourceError } from '../../diagnostics.js';
import { inNetwork, inNetworkValue, parseIPv4, parseIPv6OrMapped, parseNetwork } from '../../semantics/cidr.js';
import { compileRegex, type CompiledRegex } from '../../semantics/regex.js';
import type { Expr } from './ast.js';
import { and, arithmetic, asTri, compare, hasSet, or, setMembership, stringOperator } from './operators.js';
import { kustoToRe2 } from './regex-dialect.js';
import { datetime, isTimespan, toText, type KValue } from './values.js';

/** Reads a column of the current row (a missing string column reads `""`). */
export type RowReader = (column: string) => KValue;
export type CompiledExpr = (row: RowReader) => KValue;

export interface ExprEnv {
  readonly file: string;
  /** `now()` in epoch ms, fixed for the whole query. */
  readonly now: number;
  /** Values of `let` statements. */
  readonly lets: ReadonlyMap<string, KValue>;
}

const MAX_REGEX_CACHE = 256;

export function compileExpr(expr: Expr, env: ExprEnv): CompiledExpr {
  const fail = (e: Expr, message: string): never => {
    throw SourceError.at(env.file, e.pos.line, e.pos.col, message);
  };
  const regexCache = new Map<string, CompiledRegex>();
  const regexOf = (pattern: string, at: Expr): CompiledRegex => {
    let re = regexCache.get(pattern);
    if (!re) {
      try {
        re = compileRegex(kustoToRe2(pattern));
      } catch (err) {
        return fail(at, `invalid regex ${JSON.stringify(pattern)}: ${(err as Error).message}`);
      }
      if (regexCache.size < MAX_REGEX_CACHE) regexCache.set(pattern, re);
    }
    return re;
  };
  /** A regex argument that is a constant compiles once, here; others compile per row. */
  const regexArg = (e: Expr): ((row: RowReader) => CompiledRegex) => {
    if (e.kind === 'literal' && e.literal.kind === 'string') {
      const re = regexOf(e.literal.value, e);
      return () => re;
    }
    const f = go(e);
    return (row) => regexOf(toText(f(row)), e);
  };

  const go = (e: Expr): CompiledExpr => {
    switch (e.kind) {
      case 'literal': {
        const l = e.literal;
        const v: KValue =
          l.kind === 'string' || l.kind === 'bool' || l.kind === 'number'
            ? l.value
            : l.kind === 'null'
              ? null
              : l.kind === 'datetime'
                ? datetime(l.ms)
                : { type: 'timespan', ms: l.ms };
        return () => v;
      }
      case 'dynamic': {
        const items = e.items.map(go);
        return (row) => items.map((i) => i(row));
      }
      case 'column': {
        const name = e.name;
        if (env.lets.has(name)) {
          const v = env.lets.get(name) as KValue;
          return () => v;
        }
        return (row) => row(name);
      }
      case 'negate': {
        const operand = go(e.operand);
        return (row) => {
          const v = operand(row);
          if (typeof v === 'number') return -v;
          if (v !== null && isTimespan(v)) return { type: 'timespan', ms: -v.ms };
          return null;
        };
      }
      case 'logical': {
        const left = go(e.left);
        const right = go(e.right);
        // Three-valued: false and anything is false, true or anything is true (kql.md "Nulls"),
        // so the right side is read only when it can change the answer; expressions are pure.
        if (e.op === 'and') {
          return (row) => {
            const l = asTri(left(row));
            return l === false ? false : and(l, asTri(right(row)));
          };
        }
        return (row) => {
          const l = asTri(left(row));
          return l === true ? true : or(l, asTri(right(row)));
        };
      }
      case 'between': {
        const [left, low, high] = [go(e.left), go(e.low), go(e.high)];
        const negated = e.negated;
        return (row) => {
          const v = left(row);
          const inside = and(compare('>=', v, low(row)), compare('<=', v, high(row)));
          return inside === null ? null : negated ? !inside : inside;
        };
      }
      case 'setop': {
        const left = go(e.left);
        const items = e.items.map(go);
        const op = e.op;
        if (op === 'has_any' || op === 'has_all') return (row) => hasSet(op, left(row), items.map((i) => i(row)));
        return (row) => setMembership(op, left(row), items.map((i) => i(row)));
      }
      case 'binary':
        return binary(e, go, regexArg);
      case 'call':
        return call(e, go, regexArg, env, fail);
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  return go(expr);
}

function binary(e: Extract<Expr, { kind: 'binary' }>, go: (e: Expr) => CompiledExpr, regexArg: (e: Expr) => (row: RowReader) => CompiledRegex): CompiledExpr {
  const left = go(e.left);
  const op = e.op;
  if (op === 'matches regex') {
    const re = regexArg(e.right);
    return (row) => re(row).test(toText(left(row)));
  }
  const right = go(e.right);
  if (['==', '!=', '=~', '!~', '<', '<=', '>', '>='].includes(op)) return (row) => compare(op, left(row), right(row));
  if (['+', '-', '*', '/', '%'].includes(op)) return (row) => arithmetic(op, left(row), right(row));
  const negated = op.startsWith('!');
  const test = stringOperator(negated ? op.slice(1) : op);
  if (!test) throw new Error(`unknown operator ${op}`);
  // Strings are never null: a null of another type reads as "" here, as tostring() would give.
  return negated ? (row) => !test(toText(left(row)), toText(right(row))) : (row) => test(toText(left(row)), toText(right(row)));
}

function call(
  e: Extract<Expr, { kind: 'call' }>,
  go: (e: Expr) => CompiledExpr,
  regexArg: (e: Expr) => (row: RowReader) => CompiledRegex,
  env: ExprEnv,
  fail: (e: Expr, message: string) => never,
): CompiledExpr {
  const arity = (min: number, max = min): void => {
    if (e.args.length < min || e.args.length > max) fail(e, `${e.name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${e.args.length}`);
  };
  const args = (): CompiledExpr[] => e.args.map(go);
  switch (e.name) {
    case 'not': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return (row) => {
        const t = asTri(a(row));
        return t === null ? null : !t;
      };
    }
    case 'extract': {
      arity(3);
      const re = regexArg(e.args[0] as Expr);
      const groupExpr = e.args[1] as Expr;
      if (groupExpr.kind !== 'literal' || groupExpr.literal.kind !== 'number') return fail(groupExpr, 'extract() needs a constant group number');
      const group = groupExpr.literal.value;
      const source = go(e.args[2] as Expr);
      return (row) => {
        const r = re(row);
        if (group > r.groupCount) return '';
        return r.extract(toText(source(row)), group) ?? '';
      };
    }
    case 'case': {
      if (e.args.length < 3 || e.args.length % 2 === 0) fail(e, 'case() takes predicate/value pairs and an else value');
      const a = args();
      return (row) => {
        for (let i = 0; i + 1 < a.length; i += 2) if (asTri((a[i] as CompiledExpr)(row)) === true) return (a[i + 1] as CompiledExpr)(row);
        return (a[a.length - 1] as CompiledExpr)(row);
      };
    }
    case 'iff': {
      arity(3);
      const [p, x, y] = args() as [CompiledExpr, CompiledExpr, CompiledExpr];
      return (row) => (asTri(p(row)) === true ? x(row) : y(row));
    }
    case 'coalesce': {
      arity(1, 64);
      const a = args();
      return (row) => {
        let last: KValue = null;
        for (const f of a) {
          last = f(row);
          if (last !== null && last !== '') return last;
        }
        return last;
      };
    }
    case 'tolower':
    case 'toupper': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return e.name === 'tolower' ? (row) => toText(a(row)).toLowerCase() : (row) => toText(a(row)).toUpperCase();
    }
    case 'strcat': {
      arity(1, 64);
      const a = args();
      return (row) => a.map((f) => toText(f(row))).join('');
    }
    case 'strlen': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return (row) => [...toText(a(row))].length;
    }
    case 'substring': {
      // substring(source, start[, length]): characters from a zero-based start, as strlen()
      // counts them; a start before 0 reads as 0 and a length past the end stops there.
      arity(2, 3);
      const [s, from, length] = args() as [CompiledExpr, CompiledExpr, CompiledExpr | undefined];
      return (row) => {
        const start = from(row);
        const count = length ? length(row) : undefined;
        if (typeof start !== 'number' || (count !== undefined && typeof count !== 'number')) return null;
        const chars = [...toText(s(row))];
        const begin = Math.max(0, Math.trunc(start));
        const end = count === undefined ? chars.length : begin + Math.max(0, Math.trunc(count));
        return chars.slice(begin, end).join('');
      };
    }
    case 'tostring': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return (row) => toText(a(row));
    }
    case 'todouble':
    case 'toreal':
    case 'toint':
    case 'tolong': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      const integer = e.name === 'toint' || e.name === 'tolong';
      return (row) => {
        const v = a(row);
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$/.test(v) ? Number(v) : typeof v === 'boolean' ? Number(v) : null;
        return n === null || !Number.isFinite(n) ? null : integer ? Math.trunc(n) : n;
      };
    }
    case 'tobool': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return (row) => {
        const v = a(row);
        if (typeof v === 'boolean') return v;
        if (typeof v === 'number') return v !== 0;
        const t = toText(v).toLowerCase();
        return t === 'true' ? true : t === 'false' ? false : null;
      };
    }
    case 'isempty':
    case 'isnotempty':
    case 'isnull':
    case 'isnotnull': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      switch (e.name) {
        case 'isempty':
          return (row) => {
            const v = a(row);
            return v === null || v === '';
          };
        case 'isnotempty':
          return (row) => {
            const v = a(row);
            return v !== null && v !== '';
          };
        case 'isnull':
          return (row) => a(row) === null;
        default:
          return (row) => a(row) !== null;
      }
    }
    case 'ago': {
      arity(1);
      const [a] = args() as [CompiledExpr];
      return (row) => {
        const v = a(row);
        return v !== null && isTimespan(v) ? datetime(env.now - v.ms) : null;
      };
    }
    case 'now': {
      arity(0, 1);
      const a = args();
      return (row) => {
        const offset = a[0] ? a[0](row) : { type: 'timespan' as const, ms: 0 };
        return offset !== null && isTimespan(offset) ? datetime(env.now + offset.ms) : null;
      };
    }
    case 'ipv4_is_in_range': {
      arity(2);
      const [ip, range] = args() as [CompiledExpr, CompiledExpr];
      return (row) => {
        const address = toText(ip(row));
        const net = parseNetwork(toText(range(row)));
        if (parseIPv4(address) === undefined || net === undefined || net.family !== 4) return null;
        return inNetwork(address, net);
      };
    }
    case 'ipv6_is_in_range': {
      arity(2);
      const rangeExpr = e.args[1] as Expr;
      // The docs give IPv6 ranges only; how Kusto would read an IPv4 prefix length against
      // 128 bits is not written down, so such a range is not guessed at.
      if (rangeExpr.kind === 'literal' && rangeExpr.literal.kind === 'string' && parseNetwork(rangeExpr.literal.value)?.family === 4) {
        return fail(rangeExpr, 'ipv6_is_in_range() with an IPv4 range is not supported; use ipv4_is_in_range()');
      }
      const [ip, range] = args() as [CompiledExpr, CompiledExpr];
      return (row) => {
        // true / false, or null when either string is not an address or range (Kusto docs);
        // an IPv4 address is read as its IPv4-mapped IPv6 form, as parse_ipv6 reads it.
        const address = parseIPv6OrMapped(toText(ip(row)));
        const net = parseNetwork(toText(range(row)));
        if (address === undefined || net === undefined || net.family !== 6) return null;
        return inNetworkValue(address, net);
      };
    }
    default:
      return fail(e, `the function ${e.name}() is not supported`);
  }
}

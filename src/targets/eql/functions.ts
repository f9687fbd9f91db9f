import { inNetwork, parseNetwork } from '../../semantics/cidr.js';
import { foldRepeated } from '../../semantics/fold.js';
import { toNumber } from '../../semantics/numeric.js';
import { alternatives, textOf, type EqlScalar, type EqlValue } from './ecs-value.js';

/** Functions Elasticsearch EQL knows, with their arities; `~` only where ES has it. */
export const FUNCTION_SIGNATURES: Readonly<Record<string, { readonly min: number; readonly max: number; readonly tilde: boolean }>> = {
  startswith: { min: 2, max: 2, tilde: true },
  endswith: { min: 2, max: 2, tilde: true },
  stringcontains: { min: 2, max: 2, tilde: true },
  indexof: { min: 2, max: 3, tilde: true },
  between: { min: 3, max: 4, tilde: true },
  cidrmatch: { min: 2, max: Infinity, tilde: false },
  concat: { min: 1, max: Infinity, tilde: false },
  length: { min: 1, max: 1, tilde: false },
  number: { min: 1, max: 2, tilde: false },
  string: { min: 1, max: 1, tilde: false },
  substring: { min: 2, max: 3, tilde: false },
  add: { min: 2, max: 2, tilde: false },
  subtract: { min: 2, max: 2, tilde: false },
  multiply: { min: 2, max: 2, tilde: false },
  divide: { min: 2, max: 2, tilde: false },
  modulo: { min: 2, max: 2, tilde: false },
};

/** Endgame's functions, which Elasticsearch does not have (eql.md "Functions"). */
export const ENDGAME_ONLY_FUNCTIONS = new Set(['wildcard', 'match', 'matchlite', 'arraycontains', 'arraycount', 'arraysearch', 'safe']);

/**
 * Elasticsearch EQL's functions (eql.md "Functions"): case-sensitive unless called with `~`;
 * null in → null out. A multi-valued argument is tried element by element, and a function
 * over one yields every result, so a predicate on it holds when any element's result does.
 */
type Impl = (args: readonly EqlScalar[], insensitive: boolean) => EqlScalar;

const MAX_COMBINATIONS = 1024;

export function callFunction(name: string, insensitive: boolean, args: readonly EqlValue[]): EqlValue {
  const impl = IMPLS[name];
  if (!impl) throw new Error(`unknown EQL function ${name}`);
  if (name === 'cidrmatch') {
    // cidrMatch(ip, net, ...): the networks form one list, the address may be multi-valued.
    const nets = args.slice(1).flatMap((a) => alternatives(a));
    return anyOf(alternatives(args[0] ?? null).map((ip) => cidr(ip, nets)));
  }
  if (!args.some(Array.isArray)) return impl(args as readonly EqlScalar[], insensitive);
  const results: EqlScalar[] = [];
  const combine = (i: number, picked: EqlScalar[]): void => {
    if (results.length >= MAX_COMBINATIONS) return;
    if (i === args.length) {
      results.push(impl(picked, insensitive));
      return;
    }
    for (const v of alternatives(args[i] as EqlValue)) combine(i + 1, [...picked, v]);
  };
  combine(0, []);
  return results;
}

function anyOf(results: readonly EqlScalar[]): EqlScalar {
  if (results.some((r) => r === true)) return true;
  return results.every((r) => r === null) ? null : false;
}

function cidr(ip: EqlScalar, nets: readonly EqlScalar[]): EqlScalar {
  if (typeof ip !== 'string') return null;
  return nets.some((n) => {
    const net = typeof n === 'string' ? parseNetwork(n) : undefined;
    return net !== undefined && inNetwork(ip, net);
  });
}

const str = (v: EqlScalar | undefined, insensitive: boolean): string | undefined => {
  const t = v === undefined ? undefined : textOf(v);
  return t === undefined ? undefined : insensitive ? foldRepeated(t) : t;
};
const num = (v: EqlScalar | undefined): number | undefined => (v === null || v === undefined || typeof v === 'boolean' ? undefined : toNumber(v));

/** Python-style slice bounds, as ES's substring() takes them. */
function sliceIndex(i: number, length: number): number {
  return i < 0 ? Math.max(length + i, 0) : Math.min(i, length);
}

const arithmetic =
  (op: (a: number, b: number) => number | undefined): Impl =>
  ([a, b]) => {
    const x = num(a);
    const y = num(b);
    if (x === undefined || y === undefined) return null;
    const r = op(x, y);
    return r === undefined || !Number.isFinite(r) ? null : r;
  };

export const IMPLS: Readonly<Record<string, Impl>> = {
  startswith: ([s, p], ci) => {
    const a = str(s, ci);
    const b = str(p, ci);
    return a === undefined || b === undefined ? null : a.startsWith(b);
  },
  endswith: ([s, p], ci) => {
    const a = str(s, ci);
    const b = str(p, ci);
    return a === undefined || b === undefined ? null : a.endsWith(b);
  },
  stringcontains: ([s, p], ci) => {
    const a = str(s, ci);
    const b = str(p, ci);
    return a === undefined || b === undefined ? null : a.includes(b);
  },
  indexof: ([s, p, start], ci) => {
    const a = str(s, ci);
    const b = str(p, ci);
    if (a === undefined || b === undefined) return null;
    const from = start === undefined ? 0 : num(start);
    if (from === undefined) return null;
    const at = a.indexOf(b, Math.max(0, from));
    return at < 0 ? null : at;
  },
  between: ([s, l, r, greedy], ci) => {
    const raw = str(s, false);
    const a = str(s, ci);
    const left = str(l, ci);
    const right = str(r, ci);
    if (raw === undefined || a === undefined || left === undefined || right === undefined) return null;
    const from = a.indexOf(left);
    if (from < 0) return '';
    const start = from + left.length;
    const end = greedy === true ? a.lastIndexOf(right) : a.indexOf(right, start);
    if (end < start) return '';
    return raw.slice(start, end);
  },
  cidrmatch: () => null,
  concat: (args) => {
    if (args.some((a) => a === null)) return null;
    return args.map((a) => textOf(a) as string).join('');
  },
  length: ([s]) => {
    const a = str(s, false);
    return a === undefined ? null : a.length;
  },
  number: ([s, base]) => {
    if (typeof s === 'number') return s;
    const a = str(s, false);
    if (a === undefined) return null;
    const b = base === undefined ? 10 : num(base);
    if (b === undefined) return null;
    if (b === 10) return toNumber(a) ?? null;
    const text = b === 16 ? a.replace(/^0x/i, '') : a;
    if (!/^-?[0-9a-zA-Z]+$/.test(text)) return null;
    const n = parseInt(text, b);
    return Number.isNaN(n) ? null : n;
  },
  string: ([v]) => (v === null || v === undefined ? null : String(v)),
  substring: ([s, start, end]) => {
    const a = str(s, false);
    const i = num(start);
    if (a === undefined || i === undefined) return null;
    const j = end === undefined ? a.length : num(end);
    if (j === undefined) return null;
    return a.slice(sliceIndex(Math.trunc(i), a.length), sliceIndex(Math.trunc(j), a.length));
  },
  add: arithmetic((a, b) => a + b),
  subtract: arithmetic((a, b) => a - b),
  multiply: arithmetic((a, b) => a * b),
  divide: arithmetic((a, b) => (b === 0 ? undefined : Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b)),
  modulo: arithmetic((a, b) => (b === 0 ? undefined : a % b)),
};

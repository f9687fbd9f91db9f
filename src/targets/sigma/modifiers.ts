import type { SourcePosition } from '../../diagnostics.js';
import type { NumericComparison } from '../../semantics/numeric.js';
import type { SigmaModifier, SigmaModifierRef } from './ast.js';

/**
 * A modifier chain (`field|base64offset|contains`) read into what it means (sigma.md
 * "Modifiers"). Chains that say nothing sensible are refused here, with the position of the
 * modifier at fault, instead of being guessed at: an unknown name is caught earlier by the
 * reader; here `re` with `contains`, `i` without `re`, two placements, `wide` without a
 * following `base64`, and so on.
 */
export type TextEncoding = 'utf16le' | 'utf16be' | 'utf16';

export interface Base64Step {
  readonly offset: boolean;
  /** The text's bytes before base64: UTF-8 unless `wide`/`utf16*` came first. */
  readonly encoding: 'utf8' | TextEncoding;
}

export type Placement = 'whole' | 'contains' | 'startswith' | 'endswith';

export type ValueOperation =
  | {
      readonly kind: 'string';
      readonly placement: Placement;
      readonly windash: boolean;
      readonly base64?: Base64Step;
      readonly cased: boolean;
    }
  | { readonly kind: 'regex'; readonly caseInsensitive: boolean; readonly multiline: boolean; readonly dotAll: boolean }
  | { readonly kind: 'numeric'; readonly op: NumericComparison }
  | { readonly kind: 'cidr' }
  | { readonly kind: 'exists' }
  | { readonly kind: 'fieldref'; readonly placement: Placement; readonly cased: boolean };

export interface ModifierPlan {
  readonly operation: ValueOperation;
  /** The values are ANDed instead of ORed. */
  readonly all: boolean;
  /** `neq`: the item holds when the field matches none of the values. */
  readonly negated: boolean;
  /** `expand`: the values held `%placeholders%`, resolved by the reader. */
  readonly expand: boolean;
}

export interface ModifierProblem {
  readonly message: string;
  readonly position: SourcePosition;
}

const PLACEMENTS: ReadonlySet<SigmaModifier> = new Set(['contains', 'startswith', 'endswith']);
const ENCODINGS: ReadonlySet<SigmaModifier> = new Set(['wide', 'utf16le', 'utf16be', 'utf16']);
const NUMERIC: ReadonlySet<SigmaModifier> = new Set(['lt', 'lte', 'gt', 'gte']);
const REGEX_FLAGS: ReadonlySet<SigmaModifier> = new Set(['i', 'm', 's']);
/** Modifiers that decide what kind of comparison the item is; at most one per chain. */
const KINDS: ReadonlySet<SigmaModifier> = new Set(['re', 'lt', 'lte', 'gt', 'gte', 'cidr', 'exists', 'fieldref']);
/** What may accompany each comparison kind besides `all` / `neq`. */
const COMPANIONS: Readonly<Record<string, ReadonlySet<SigmaModifier>>> = {
  re: new Set(['i', 'm', 's']),
  numeric: new Set(),
  cidr: new Set(),
  exists: new Set(),
  fieldref: new Set(['contains', 'startswith', 'endswith', 'cased']),
};

/**
 * Plans already read, by chain (modifier names and `keyword`). A plan holds no position (only
 * a problem does), so the same names always give the same plan: the reader plans every item,
 * the importer and the evaluator plan it again, and a corpus repeats a few dozen chains.
 * Problems are not kept (they hold the position). Bounded: past MAX_PLANS chains, new ones
 * are read every time.
 */
const PLANS = new Map<string, ModifierPlan>();
const MAX_PLANS = 512;

/**
 * Reads a chain. `keyword` is true for a field-less item, where comparisons that need a field
 * (exists, fieldref, neq, numbers, networks) make no sense.
 */
export function planModifiers(chain: readonly SigmaModifierRef[], keyword: boolean): ModifierPlan | ModifierProblem {
  let key = keyword ? 'k' : 'f';
  for (let i = 0; i < chain.length; i++) key += '|' + (chain[i] as SigmaModifierRef).name;
  const known = PLANS.get(key);
  if (known !== undefined) return known;
  const plan = readModifierPlan(chain, keyword);
  if (!isModifierProblem(plan) && PLANS.size < MAX_PLANS) PLANS.set(key, plan);
  return plan;
}

/** planModifiers without the table (exported for the test that holds the two together). */
export function readModifierPlan(chain: readonly SigmaModifierRef[], keyword: boolean): ModifierPlan | ModifierProblem {
  const seen = new Set<SigmaModifier>();
  for (const m of chain) {
    if (seen.has(m.name)) return problem(m, `modifier ${m.name} appears twice`);
    seen.add(m.name);
  }
  const kinds = chain.filter((m) => KINDS.has(m.name));
  if (kinds.length > 1) {
    const second = kinds[1] as SigmaModifierRef;
    return problem(second, `modifier ${second.name} cannot be combined with ${(kinds[0] as SigmaModifierRef).name}`);
  }
  const placements = chain.filter((m) => PLACEMENTS.has(m.name));
  if (placements.length > 1) {
    const second = placements[1] as SigmaModifierRef;
    return problem(second, `modifier ${second.name} cannot be combined with ${(placements[0] as SigmaModifierRef).name}`);
  }
  const kind = kinds[0];
  const negated = seen.has('neq');
  const all = seen.has('all');
  const expand = seen.has('expand');
  if (!seen.has('re')) {
    const flag = chain.find((m) => REGEX_FLAGS.has(m.name));
    if (flag) return problem(flag, `modifier ${flag.name} is a sub-modifier of re and needs re before it`);
  }
  if (negated && all) return problem(chain.find((m) => m.name === 'all') as SigmaModifierRef, 'neq and all cannot be combined: neq already means "none of the values"');
  if (keyword) {
    const needsField = chain.find((m) => m.name === 'neq' || m.name === 'exists' || m.name === 'fieldref' || m.name === 'cidr' || NUMERIC.has(m.name));
    if (needsField) return problem(needsField, `modifier ${needsField.name} needs a field; a keyword search has none`);
  }
  if (kind) {
    const group = NUMERIC.has(kind.name) ? 'numeric' : kind.name;
    const allowed = COMPANIONS[group] as ReadonlySet<SigmaModifier>;
    for (const m of chain) {
      if (m === kind || m.name === 'all' || m.name === 'neq' || allowed.has(m.name)) continue;
      if (kind.name === 're' && m.name === 'cased') return problem(m, 're is already case-sensitive; write re|i for a case-insensitive regex');
      return problem(m, `modifier ${m.name} cannot be combined with ${kind.name}`);
    }
    if (kind.name === 'exists' && negated) return problem(kind, 'exists cannot be combined with neq; write exists: false');
    if (kind.name === 're') {
      const reAt = chain.indexOf(kind);
      const early = chain.find((m, i) => REGEX_FLAGS.has(m.name) && i < reAt);
      if (early) return problem(early, `modifier ${early.name} is a sub-modifier of re and must come after it`);
      return { operation: { kind: 'regex', caseInsensitive: seen.has('i'), multiline: seen.has('m'), dotAll: seen.has('s') }, all, negated, expand };
    }
    if (kind.name === 'cidr') return { operation: { kind: 'cidr' }, all, negated, expand };
    if (kind.name === 'exists') {
      if (all) return problem(chain.find((m) => m.name === 'all') as SigmaModifierRef, 'exists takes one true/false value; all makes no sense with it');
      return { operation: { kind: 'exists' }, all, negated, expand };
    }
    if (kind.name === 'fieldref') {
      return { operation: { kind: 'fieldref', placement: placementOf(placements[0]), cased: seen.has('cased') }, all, negated, expand };
    }
    return { operation: { kind: 'numeric', op: kind.name as NumericComparison }, all, negated, expand };
  }
  return stringPlan(chain, all, negated, expand);
}

/** The string modifiers, whose order matters: text → windash → bytes → base64 → placement. */
function stringPlan(chain: readonly SigmaModifierRef[], all: boolean, negated: boolean, expand: boolean): ModifierPlan | ModifierProblem {
  const index = (name: SigmaModifier): number => chain.findIndex((m) => m.name === name);
  const b64 = chain.filter((m) => m.name === 'base64' || m.name === 'base64offset');
  if (b64.length > 1) return problem(b64[1] as SigmaModifierRef, 'base64 and base64offset cannot be combined');
  const encodings = chain.filter((m) => ENCODINGS.has(m.name));
  if (encodings.length > 1) {
    const second = encodings[1] as SigmaModifierRef;
    return problem(second, `modifier ${second.name} cannot be combined with ${(encodings[0] as SigmaModifierRef).name}`);
  }
  const b64Ref = b64[0];
  const encoding = encodings[0];
  const b64At = b64Ref ? chain.indexOf(b64Ref) : -1;
  if (encoding && (!b64Ref || chain.indexOf(encoding) > b64At)) {
    return problem(encoding, `modifier ${encoding.name} encodes the text for base64 and must be followed by base64 or base64offset`);
  }
  if (b64Ref) {
    // A wildcard cannot be base64-encoded, and windash on base64 text would rewrite its `/`.
    const placement = chain.find((m) => PLACEMENTS.has(m.name));
    if (placement && chain.indexOf(placement) < b64At) return problem(placement, `modifier ${placement.name} must come after ${b64Ref.name}: wildcards cannot be base64-encoded`);
    const windash = index('windash');
    if (windash > b64At) return problem(chain[windash] as SigmaModifierRef, `modifier windash must come before ${b64Ref.name}`);
    const expandAt = index('expand');
    if (expandAt > b64At) return problem(chain[expandAt] as SigmaModifierRef, `modifier expand must come before ${b64Ref.name}`);
  }
  const encodingName = encoding ? (encoding.name === 'wide' ? 'utf16le' : (encoding.name as TextEncoding)) : 'utf8';
  return {
    operation: {
      kind: 'string',
      placement: placementOf(chain.find((m) => PLACEMENTS.has(m.name))),
      windash: index('windash') >= 0,
      ...(b64Ref ? { base64: { offset: b64Ref.name === 'base64offset', encoding: encodingName } } : {}),
      cased: index('cased') >= 0,
    },
    all,
    negated,
    expand,
  };
}

function placementOf(m: SigmaModifierRef | undefined): Placement {
  return m ? (m.name as Placement) : 'whole';
}

function problem(m: SigmaModifierRef, message: string): ModifierProblem {
  return { message, position: m.position };
}

export function isModifierProblem(x: ModifierPlan | ModifierProblem): x is ModifierProblem {
  return 'message' in x;
}

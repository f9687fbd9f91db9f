import type { CompiledCondition, EvalScope } from './eval-scope.js';
import { factSlot, Presence, type NeedlePlace } from './presence.js';

export type { NeedlePlace } from './presence.js';

/**
 * A condition lowered to what evaluation actually does: look up whether a needle is present
 * in the event (needle-presence.ts) — anywhere in a value, at its start, at its end, or as the
 * whole of it — or call a compiled test; combined by and/or/not.
 * compile-condition.ts lowers rule conditions to it; a ProgramBuilder turns it into code.
 */
export type Decision =
  | { readonly kind: 'present'; readonly needle: number; readonly where: NeedlePlace }
  | { readonly kind: 'anyPresent'; readonly facts: readonly NeedleFact[] }
  | { readonly kind: 'allPresent'; readonly facts: readonly NeedleFact[] }
  | { readonly kind: 'test'; readonly test: CompiledCondition }
  | { readonly kind: 'and'; readonly items: readonly Decision[] }
  | { readonly kind: 'or'; readonly items: readonly Decision[] }
  | { readonly kind: 'not'; readonly item: Decision }
  | { readonly kind: 'const'; readonly value: boolean };

/** One presence fact: the needle occurs in the event at that place. */
export interface NeedleFact {
  readonly needle: number;
  readonly where: NeedlePlace;
}

export const present = (needle: number, where: NeedlePlace = 'anywhere'): Decision => ({ kind: 'present', needle, where });
export const test = (fn: CompiledCondition): Decision => ({ kind: 'test', test: fn });

/*
 * A lookup is a pure, cheap read, so `and`/`or` may read the lookups among their items in any
 * order without changing a verdict. Those of one `and` (`or`) become one instruction that loops
 * over their facts, at the place of the first: a loop over slots costs far less than a jump
 * per fact, and a list of alternatives (`values: [...]`, named lists) is mostly lookups.
 */
export function allOf(items: readonly Decision[]): Decision {
  return items.length === 1 ? items[0]! : merged('and', 'allPresent', items);
}

export function anyOf(items: readonly Decision[]): Decision {
  return items.length === 1 ? items[0]! : merged('or', 'anyPresent', items);
}

function merged(kind: 'and' | 'or', group: 'allPresent' | 'anyPresent', items: readonly Decision[]): Decision {
  const facts: NeedleFact[] = [];
  const rest: Decision[] = [];
  let at = -1;
  for (const d of items) {
    if (d.kind === 'present' || d.kind === group) {
      if (at < 0) at = rest.length;
      if (d.kind === 'present') facts.push({ needle: d.needle, where: d.where });
      else facts.push(...d.facts);
    } else {
      rest.push(d);
    }
  }
  if (facts.length < 2) return { kind, items };
  const lookups: Decision = { kind: group, facts };
  if (rest.length === 0) return lookups;
  rest.splice(at, 0, lookups);
  return { kind, items: rest };
}
export const negate = (item: Decision): Decision => ({ kind: 'not', item });
export const always = (value: boolean): Decision => ({ kind: 'const', value });

/** Where a program ends: the decision holds, or it does not. Entries may be these too. */
export const ACCEPT = -1;
export const REJECT = -2;
const TEST = 0;
/** The argument is a fact list in `lists`; true when one (ANY) or each (ALL) of its facts holds. */
const ANY_PRESENT = 1;
const ALL_PRESENT = 3;
/** Any fact about a needle: the argument is its slot in `Presence.facts`. */
const FACT = 2;

/**
 * "Jumping code" for boolean expressions: every lookup or test is one instruction with a
 * successor for true and one for false; `and`/`or`/`not` exist only as those successors
 * (short-circuit evaluation compiled away, a negation swaps its child's successors). Each
 * decision node is emitted once, so code size is linear in the condition. Running a rule is
 * one loop over an integer array, calling a function only where a test must read the value.
 * Many decisions (a whole rule set) can share one program, each with its own entry.
 */
export class ProgramBuilder {
  private readonly code: number[] = [];
  private readonly tests: CompiledCondition[] = [];
  /** Fact lists of ANY_PRESENT and ALL_PRESENT instructions: a count, then the facts' slots. */
  private readonly lists: number[] = [];

  /** Emits a decision; returns its entry (an instruction, or ACCEPT/REJECT when constant). */
  add(decision: Decision): number {
    return this.emit(decision, ACCEPT, REJECT);
  }

  build(): Program {
    return new Program(Int32Array.from(this.code), Int32Array.from(this.lists), this.tests);
  }

  private emit(d: Decision, onTrue: number, onFalse: number): number {
    switch (d.kind) {
      case 'const':
        return d.value ? onTrue : onFalse;
      case 'not':
        return this.emit(d.item, onFalse, onTrue);
      case 'and': {
        let next = onTrue;
        for (let i = d.items.length - 1; i >= 0; i--) next = this.emit(d.items[i]!, next, onFalse);
        return next;
      }
      case 'or': {
        let next = onFalse;
        for (let i = d.items.length - 1; i >= 0; i--) next = this.emit(d.items[i]!, onTrue, next);
        return next;
      }
      case 'present':
        return this.instruction(FACT, factSlot(d.needle, d.where), onTrue, onFalse);
      case 'anyPresent':
      case 'allPresent': {
        const at = this.lists.length;
        this.lists.push(d.facts.length, ...d.facts.map((f) => factSlot(f.needle, f.where)));
        return this.instruction(d.kind === 'anyPresent' ? ANY_PRESENT : ALL_PRESENT, at, onTrue, onFalse);
      }
      case 'test':
        this.tests.push(d.test);
        return this.instruction(TEST, this.tests.length - 1, onTrue, onFalse);
    }
  }

  private instruction(op: number, arg: number, onTrue: number, onFalse: number): number {
    this.code.push(op, arg, onTrue, onFalse);
    return this.code.length / 4 - 1;
  }
}

/** Instructions as four integers each: operation, argument, successor if true, if false. */
export class Program {
  constructor(
    private readonly code: Int32Array,
    private readonly lists: Int32Array,
    private readonly tests: readonly CompiledCondition[],
  ) {}

  /** Runs from `entry`, with needle lookups answered by `presence`. */
  run(entry: number, scope: EvalScope, presence: Presence): boolean {
    const code = this.code;
    const facts = presence.facts;
    const stamp = presence.stamp;
    let pc = entry;
    while (pc >= 0) {
      const at = pc << 2;
      const op = code[at];
      const arg = code[at + 1]!;
      const holds =
        op === FACT ? facts[arg] === stamp : op === ANY_PRESENT ? this.anyPresent(arg, facts, stamp) : op === ALL_PRESENT ? this.allPresent(arg, facts, stamp) : this.tests[arg]!(scope);
      pc = holds ? code[at + 2]! : code[at + 3]!;
    }
    return pc === ACCEPT;
  }

  private anyPresent(at: number, facts: Int32Array, stamp: number): boolean {
    const lists = this.lists;
    const end = at + 1 + lists[at]!;
    for (let i = at + 1; i < end; i++) if (facts[lists[i]!] === stamp) return true;
    return false;
  }

  private allPresent(at: number, facts: Int32Array, stamp: number): boolean {
    const lists = this.lists;
    const end = at + 1 + lists[at]!;
    for (let i = at + 1; i < end; i++) if (facts[lists[i]!] !== stamp) return false;
    return true;
  }
}

/** A decision with no needle lookups, as a function of the scope. */
export function compileDecision(decision: Decision): CompiledCondition {
  const builder = new ProgramBuilder();
  const entry = builder.add(decision);
  if (entry === ACCEPT) return () => true;
  if (entry === REJECT) return () => false;
  const program = builder.build();
  const nothing = new Presence(0);
  return (s) => program.run(entry, s, nothing);
}

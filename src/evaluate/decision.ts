import { orderDecision } from './decision-order.js';
import type { CompiledCondition, EvalScope } from './eval-scope.js';
import { factSlot, groupSlot, Presence, type NeedlePlace } from './presence.js';

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
 * order without changing a verdict. Those of one `or` become one lookup of a fact group
 * (presence.ts), those of one `and` one instruction looping over their facts, at the place of
 * the first: a list of alternatives (`values: [...]`, named lists) is mostly lookups, and one
 * lookup costs far less than a jump per fact.
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

/*
 * An instruction is three integers: what to look at, the successor if it holds, the one if it
 * does not (successors are offsets into the code). Nearly every instruction a rule set runs is
 * a fact lookup, so the first integer is the fact's slot in `Presence.facts` itself, and the
 * rare rest is told apart by sign: the complement of `special(TEST, test number)` or
 * `special(ALL_PRESENT | ANY_PRESENT, offset of its fact list)`. The loop then reads no
 * operation code.
 */
const TEST = 0;
/** Its fact list in `lists` (a count, then slots) holds when each (any) of its facts does. */
const ALL_PRESENT = 1;
const ANY_PRESENT = 2;
const special = (kind: number, index: number): number => ~((index << 2) | kind);

/**
 * How far from a rule's entry (in instructions on the shortest path) an `or` of lookups is
 * still read as a fact group. A group costs a write each time one of its facts is first set in
 * an event, whether or not a rule reads it then; a list costs a loop each time it is read.
 * Short-circuiting means instructions near the entry run on most candidate runs and deep ones
 * rarely, so groups pay near the entry and lists deeper down.
 */
const GROUP_DEPTH = 2;
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
  /** `anyPresent` lookups, emitted with a placeholder: `build` makes each a group or a list. */
  private readonly groupLookups: { readonly at: number; readonly slots: readonly number[] }[] = [];
  private readonly entries: number[] = [];
  private readonly tests: CompiledCondition[] = [];
  /** Fact lists of ALL_PRESENT instructions: a count, then the facts' slots. */
  private readonly lists: number[] = [];
  /** The fact groups (presence.ts) of `anyPresent` lookups, each a sorted set of slots, by key. */
  private readonly groups = new Map<string, { readonly id: number; readonly slots: readonly number[] }>();

  /** Emits a decision; returns its entry (an instruction, or ACCEPT/REJECT when constant). */
  add(decision: Decision): number {
    const entry = this.emit(orderDecision(decision), ACCEPT, REJECT);
    if (entry >= 0) this.entries.push(entry);
    return entry;
  }

  /**
   * `needles`: how many needles the presence table has; fact groups take the slots after
   * theirs (presence.ts `groupSlot`). Build the presence with the program's `groups`.
   */
  build(needles: number): Program {
    const code = Int32Array.from(this.code);
    const depth = this.depths();
    for (const { at, slots } of this.groupLookups) {
      if (depth[at / 3]! <= GROUP_DEPTH) {
        code[at] = groupSlot(needles, this.groupOf(slots));
      } else {
        code[at] = special(ANY_PRESENT, this.lists.length);
        this.lists.push(slots.length, ...slots);
      }
    }
    const groups = [...this.groups.values()].map((g) => g.slots);
    return new Program(code, Int32Array.from(this.lists), this.tests, groups);
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
        return this.instruction(factSlot(d.needle, d.where), onTrue, onFalse);
      case 'anyPresent':
        this.groupLookups.push({ at: this.code.length, slots: d.facts.map((f) => factSlot(f.needle, f.where)) });
        return this.instruction(0, onTrue, onFalse);
      case 'allPresent': {
        const at = this.lists.length;
        this.lists.push(d.facts.length, ...d.facts.map((f) => factSlot(f.needle, f.where)));
        return this.instruction(special(ALL_PRESENT, at), onTrue, onFalse);
      }
      case 'test':
        this.tests.push(d.test);
        return this.instruction(special(TEST, this.tests.length - 1), onTrue, onFalse);
    }
  }

  /** Per instruction, the fewest instructions run before it from any entry (breadth first). */
  private depths(): Int32Array {
    const depth = new Int32Array(this.code.length / 3).fill(0x7fffffff);
    let level = [...this.entries];
    for (let d = 0; level.length > 0; d++) {
      const nextLevel: number[] = [];
      for (const at of level) {
        if (at < 0 || depth[at / 3]! <= d) continue;
        depth[at / 3] = d;
        nextLevel.push(this.code[at + 1]!, this.code[at + 2]!);
      }
      level = nextLevel;
    }
    return depth;
  }

  /** The same alternatives, in any order, in any rule, are one group. */
  private groupOf(facts: readonly number[]): number {
    const slots = [...new Set(facts)].sort((a, b) => a - b);
    const key = slots.join(',');
    let group = this.groups.get(key);
    if (group === undefined) this.groups.set(key, (group = { id: this.groups.size, slots }));
    return group.id;
  }

  private instruction(arg: number, onTrue: number, onFalse: number): number {
    this.code.push(arg, onTrue, onFalse);
    return this.code.length - 3;
  }
}

/** Instructions as three integers each (see `special`): what to look at, successor if true, if false. */
export class Program {
  constructor(
    private readonly code: Int32Array,
    private readonly lists: Int32Array,
    private readonly tests: readonly CompiledCondition[],
    /** The fact groups the program's lookups read, by number: each a list of fact slots. */
    readonly groups: readonly (readonly number[])[],
  ) {}

  /**
   * Whether the program ever reads a fact slot of a table for `needles` needles, directly, in
   * a fact list or through a group: the facts a scanner must record (presence.ts).
   */
  reads(needles: number): (slot: number) => boolean {
    const read = new Uint8Array(needles << 3);
    const note = (slot: number): void => {
      if (slot < read.length) read[slot] = 1;
    };
    for (let pc = 0; pc < this.code.length; pc += 3) {
      const arg = this.code[pc]!;
      if (arg >= 0) note(arg);
      else if ((~arg & 3) !== TEST) {
        const at = ~arg >> 2;
        for (let i = at + 1; i <= at + this.lists[at]!; i++) note(this.lists[i]!);
      }
    }
    for (const group of this.groups) group.forEach(note);
    return (slot) => read[slot] === 1;
  }

  /** Runs from `entry`, with needle lookups answered by `presence`. */
  run(entry: number, scope: EvalScope, presence: Presence): boolean {
    const code = this.code;
    const facts = presence.facts;
    const stamp = presence.stamp;
    let pc = entry;
    while (pc >= 0) {
      const arg = code[pc]!;
      const holds = arg >= 0 ? facts[arg] === stamp : this.special(~arg, scope, facts, stamp);
      pc = code[holds ? pc + 1 : pc + 2]!;
    }
    return pc === ACCEPT;
  }

  private special(index: number, scope: EvalScope, facts: Int32Array, stamp: number): boolean {
    const at = index >> 2;
    const kind = index & 3;
    if (kind === TEST) return this.tests[at]!(scope);
    const lists = this.lists;
    const end = at + 1 + lists[at]!;
    // ALL stops at the first absent fact, ANY at the first present one.
    const stopAt = kind === ANY_PRESENT;
    for (let i = at + 1; i < end; i++) if ((facts[lists[i]!] === stamp) === stopAt) return stopAt;
    return !stopAt;
  }
}

/** A decision with no needle lookups, as a function of the scope. */
export function compileDecision(decision: Decision): CompiledCondition {
  const builder = new ProgramBuilder();
  const entry = builder.add(decision);
  if (entry === ACCEPT) return () => true;
  if (entry === REJECT) return () => false;
  const program = builder.build(0);
  const nothing = new Presence(0, program.groups);
  return (s) => program.run(entry, s, nothing);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { literals, match, not, and, or, type Condition } from '../../../../src/ir/condition.js';
import type { MatchOperator } from '../../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { ruleWith } from '../../kql/rule-factory.js';
import { HOSTILE_PIECES, WORDS } from '../../../property/arbitraries.js';
import { importSigma } from '../../../../src/targets/sigma/import.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { disagreements, referenceVerdict } from './helpers.js';

/**
 * Each operator under each case rule and quantifier, on a field Sysmon records as is: the
 * Sigma item it becomes (written from sigma.md "Modifiers": plain values whole and
 * case-insensitive, `cased`, `all`, `re` case-sensitive with `i`/`m`/`s`, `cidr`, `lt`..,
 * `exists`), and its verdicts, through the Sigma reader and evaluator, against the reference.
 */
type Case = readonly [op: MatchOperator, caseRule: 'insensitive' | 'sensitive', quantifier: 'any' | 'all', values: readonly string[], key: string, written: unknown];

const TERM = (n: string): string => `(?:^|[^0-9A-Za-z])${n}(?:[^0-9A-Za-z]|$)`;

const CASES: readonly Case[] = [
  ['equals', 'insensitive', 'any', ['sc stop x'], 'CommandLine', 'sc stop x'],
  ['equals', 'sensitive', 'any', ['sc stop x'], 'CommandLine|cased', 'sc stop x'],
  ['equals', 'insensitive', 'any', ['a', 'b'], 'CommandLine', ['a', 'b']],
  ['contains', 'insensitive', 'any', ['stop'], 'CommandLine|contains', 'stop'],
  ['contains', 'sensitive', 'any', ['stop'], 'CommandLine|contains|cased', 'stop'],
  ['contains', 'insensitive', 'all', ['stop', 'WinDefend'], 'CommandLine|contains|all', ['stop', 'WinDefend']],
  ['contains', 'sensitive', 'all', ['stop', 'WinDefend'], 'CommandLine|contains|cased|all', ['stop', 'WinDefend']],
  ['startswith', 'insensitive', 'any', ['C:\\'], 'CommandLine|startswith', 'C:\\\\'],
  ['startswith', 'sensitive', 'any', ['sc'], 'CommandLine|startswith|cased', 'sc'],
  ['endswith', 'insensitive', 'any', ['*'], 'CommandLine|endswith', '\\*'],
  ['endswith', 'sensitive', 'all', ['exe', 'e'], 'CommandLine|endswith|cased|all', ['exe', 'e']],
  ['wildcard', 'insensitive', 'any', ['sc*stop?'], 'CommandLine', 'sc*stop?'],
  ['wildcard', 'sensitive', 'any', ['*\\*'], 'CommandLine|cased', '*\\*'],
  ['wildcard', 'insensitive', 'all', ['*a*', '*b*'], 'CommandLine|all', ['*a*', '*b*']],
  ['term', 'insensitive', 'any', ['stop'], 'CommandLine|re|i', TERM('stop')],
  ['term', 'sensitive', 'any', ['stop'], 'CommandLine|re', TERM('stop')],
  ['term', 'insensitive', 'all', ['sc', 'stop'], 'CommandLine|re|i|all', [TERM('sc'), TERM('stop')]],
  ['term', 'insensitive', 'any', ['sc', 'stop', '.x', 'stop'], 'CommandLine|re|i', [TERM('(?:sc|stop)'), '\\.x(?:[^0-9A-Za-z]|$)']],
  ['termprefix', 'insensitive', 'any', ['Stop-'], 'CommandLine|re|i', '(?:^|[^0-9A-Za-z])Stop-'],
  ['termsuffix', 'sensitive', 'any', ['.ps1'], 'CommandLine|re', '\\.ps1(?:[^0-9A-Za-z]|$)'],
  ['regex', 'sensitive', 'any', ['s[ct] +stop'], 'CommandLine|re', 's[ct] +stop'],
  ['regex', 'insensitive', 'any', ['^sc'], 'CommandLine|re|i', '^sc'],
  ['exists', 'insensitive', 'any', [], 'CommandLine|exists', true],
];

function selectionOf(text: string): Record<string, unknown> {
  const doc = parse(text) as { detection: { selection: Record<string, unknown>; condition: string } };
  expect(doc.detection.condition).toBe('selection');
  return doc.detection.selection;
}

/** Events around the values: equal, cased, inside words, around line breaks, missing, null, empty. */
function eventsFor(values: readonly string[]): LogicalEvent[] {
  const texts = new Set<string>(['', 'x', 'SC STOP X', 'sc stop x', 'xsc stopx', 'sc\nstop', 'a b', 'WinDefend stop', 'C:\\x', 'c:\\', 'a*', 'x.ps1', 'x.ps1y']);
  for (const v of values) {
    for (const t of [v, v.toUpperCase(), v.toLowerCase(), `x${v}`, `${v}x`, ` ${v} `, `${v}\n`, `é${v}É`, v.slice(1), v.slice(0, -1)]) texts.add(t);
  }
  const events: LogicalEvent[] = [...texts].map((t) => ({ kind: 'process_creation', 'process.command_line': t }));
  events.push({ kind: 'process_creation' }, { kind: 'process_creation', 'process.command_line': null });
  return events;
}

describe.each(CASES)('%s %s %s %j', (op, caseRule, quantifier, values, key, written) => {
  const rule = ruleWith({ condition: match({ field: 'process.command_line', op, values: literals(values), caseRule, quantifier }) });
  it(`is written as ${key}`, () => {
    const out = emitSigma(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(selectionOf(out.text)).toEqual({ [key]: written });
  });
  it('gives the reference verdicts, and so does its negation', () => {
    expect(disagreements(rule, eventsFor(values))).toEqual([]);
    expect(disagreements({ ...rule, condition: not(rule.condition) }, eventsFor(values))).toEqual([]);
  });
});

describe('non-string operators on their Sysmon fields', () => {
  it.each([
    ['destination.ip', 'cidr', ['10.0.0.0/8', 'fe80::/10'], 'DestinationIp|cidr', ['10.0.0.0/8', 'fe80::/10'], ['10.1.2.3', '11.0.0.1', 'fe80::1', '::1', 'x']],
    ['destination.port', 'gte', ['1024'], 'DestinationPort|gte', 1024, [1023, 1024, 65535, '2000', 'x']],
    ['destination.port', 'lt', ['1.5'], 'DestinationPort|lt', 1.5, [1, 2, '1.4', '-3']],
    ['source.port', 'gt', ['-1'], 'SourcePort|gt', -1, [0, -2, '-1']],
  ] as const)('%s %s %j → %s', (field, op, values, key, written, samples) => {
    const rule = ruleWith({ logsources: ['network_connection'], condition: match({ field, op, values: literals(values) }) });
    const out = emitSigma(rule, { lenient: false });
    expect(selectionOf(out.text)).toEqual({ [key]: written });
    const events: LogicalEvent[] = [{ kind: 'network_connection' }, ...samples.map((s) => ({ kind: 'network_connection', [field]: s }) as LogicalEvent)];
    expect(disagreements(rule, events)).toEqual([]);
  });
});

/**
 * A property over every exact field and operator: random predicates on Sysmon's one-to-one
 * fields (strings, numbers, networks, regexes), nested and/or/not, hostile values and events.
 */
const EXACT_FIELDS = ['process.executable', 'process.command_line', 'process.parent.executable', 'process.parent.command_line', 'process.pe.original_file_name', 'process.pe.description', 'process.pe.product', 'process.pe.company', 'process.pe.file_version', 'process.working_directory', 'host.name'];
const piece = fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...WORDS));
const hostile = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
const regexArb = fc.constantFrom('^sc', 'stop$', 's.op', '[a-c]+', 'a|B', '\\d', '\\s+', 'é', '(?:sc|net) stop', '\\\\', 'x*', '^$');

const predicateArb: fc.Arbitrary<Condition> = fc
  .record({
    field: fc.constantFrom(...EXACT_FIELDS),
    op: fc.constantFrom<MatchOperator>('equals', 'contains', 'startswith', 'endswith', 'wildcard', 'term', 'termprefix', 'termsuffix', 'regex', 'exists', 'lt', 'gt'),
    values: fc.array(hostile, { minLength: 1, maxLength: 3 }),
    regexes: fc.array(regexArb, { minLength: 1, maxLength: 2 }),
    numbers: fc.array(fc.integer({ min: -5, max: 5000 }).map(String), { minLength: 1, maxLength: 2 }),
    quantifier: fc.constantFrom('any' as const, 'all' as const),
    caseRule: fc.constantFrom('insensitive' as const, 'sensitive' as const),
    multiline: fc.boolean(),
    dotAll: fc.boolean(),
  })
  .map((r) => {
    if (r.op === 'exists') return match({ field: r.field, op: 'exists' });
    if (r.op === 'lt' || r.op === 'gt') return match({ field: 'process.pid', op: r.op, values: literals(r.numbers), quantifier: r.quantifier });
    const values = r.op === 'regex' ? r.regexes : r.values;
    return match({
      field: r.field,
      op: r.op,
      values: literals(values),
      quantifier: r.quantifier,
      caseRule: r.caseRule,
      ...(r.op === 'regex' ? { regexFlags: { multiline: r.multiline, dotAll: r.dotAll } } : {}),
    });
  });

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    predicateArb,
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map(and),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map(or),
    tie('c').map(not),
  ),
})).c;

const eventArb: fc.Arbitrary<LogicalEvent> = fc
  .record({
    texts: fc.array(fc.option(hostile, { nil: undefined }), { minLength: EXACT_FIELDS.length, maxLength: EXACT_FIELDS.length }),
    pid: fc.option(fc.oneof(fc.integer({ min: -10, max: 6000 }), hostile), { nil: undefined }),
  })
  .map(({ texts, pid }) => {
    const e: Record<string, string | number> = { kind: 'process_creation' };
    EXACT_FIELDS.forEach((f, i) => {
      const v = texts[i];
      if (v !== undefined) e[f] = v;
    });
    if (pid !== undefined) e['process.pid'] = pid;
    return e as unknown as LogicalEvent;
  });

it('random exact rules agree with the reference on hostile events, and import back to the same verdicts', () => {
  fc.assert(
    fc.property(conditionArb, fc.array(eventArb, { minLength: 1, maxLength: 10 }), (condition, events) => {
      const rule = ruleWith({ condition });
      const { text, approximations } = emitSigma(rule, { lenient: false });
      expect(approximations).toEqual([]);
      expect(disagreements(rule, events)).toEqual([]);
      const imported = importSigma(parseSigma(text, 'x.yml'), 'x.yml');
      expect(events.filter((e) => referenceVerdict(imported, e) !== referenceVerdict(rule, e))).toEqual([]);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: 4242 },
  );
});

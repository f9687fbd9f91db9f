import { and, constant, literals, match, not, or, type Condition, type RegexFlags } from '../../ir/condition.js';
import { checkPortableRegex } from '../../semantics/regex.js';
import type { CaseRule } from '../../ir/match-operator.js';
import { foldAscii } from '../../semantics/fold.js';
import type { GlobToken } from '../../semantics/wildcard.js';
import type { SigmaDetectionItem } from './ast.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { canonicalDecimalAtMost } from './decimal-range.js';
import { needleReadsData, regexReadsData, renderingCanHold, type PlainOp } from './details-rendering.js';
import { EMPTY_DETAILS } from './taxonomy.js';
import { valueAlternatives } from './value-pattern.js';

/**
 * Value tests on Sysmon's `Details`, imported where the rule model can say them exactly.
 *
 * Sysmon writes the data of a value write as text, except that it renders (taxonomy.ts
 * `renderDetails`): a REG_DWORD whose data is a canonical decimal in range as
 * `DWORD (0x0000000a)`, a REG_QWORD likewise as `QWORD (0x<high>-0x<low>)`, and any REG_BINARY
 * data as `Binary Data`. Everything else is the data itself. So a test on Details is a test on
 * `registry.data` exactly when the value cannot be confused with a rendering:
 *
 * - a needle (equals, contains, startswith, endswith) that no rendering can hold there (a
 *   backslash, a dot, `-enc`, ...; checked against the renderings as templates) and that is
 *   not digits alone reads the data itself, on every write that is not binary (a number that
 *   Sysmon renders has only digits as data, so it cannot hold the needle either):
 *   `registry.data <op> V and not registry.data.type equals REG_BINARY`;
 * - equality with a rendering: `DWORD (0x00000001)` is a REG_DWORD whose data is `1`, or a
 *   non-binary write whose data is that very text (Sysmon writes text data as it is);
 *   `Binary Data` likewise is any REG_BINARY write with data, or that text; `(Empty)` is empty
 *   data or that text, on a write that is not binary (Details is never "");
 * - equality with digits: the data, on a write whose type would not render them;
 * - digits that start or end the value (no rendering starts or ends with a digit): the data,
 *   on a write that is not binary and whose data Sysmon does not render as a number.
 * - a regex every match of which needs a character no rendering holds: the data, on a write
 *   that is not binary.
 * Anything else (`Details|contains: 'DWORD'`, digits inside, other regexes, globs) is refused by the
 * caller, naming the field. Undefined means "not exactly importable".
 */
export function importDetails(item: SigmaDetectionItem): Condition | undefined {
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan)) return undefined;
  if (plan.operation.kind === 'regex') {
    const regex = plan.operation;
    const perValue: Condition[] = [];
    for (const v of item.values) {
      const c = typeof v.value === 'string' ? detailsRegex(v.value, regex.caseInsensitive, { multiline: regex.multiline, dotAll: regex.dotAll }) : undefined;
      if (!c) return undefined;
      perValue.push(c);
    }
    const condition = plan.all ? and(perValue) : or(perValue);
    return plan.negated ? not(condition) : condition;
  }
  if (plan.operation.kind !== 'string') return undefined;
  const op = plan.operation;
  const caseRule: CaseRule = op.cased ? 'sensitive' : 'insensitive';
  const perValue: Condition[] = [];
  for (const v of item.values) {
    if (typeof v.value !== 'string' && typeof v.value !== 'number') return undefined;
    const forms: Condition[] = [];
    for (const tokens of valueAlternatives(String(v.value), op)) {
      const form = asPlainTest(tokens);
      const c = form && detailsTest(form.op, form.value, caseRule);
      if (!c) return undefined;
      forms.push(c);
    }
    perValue.push(or(forms));
  }
  const condition = plan.all ? and(perValue) : or(perValue);
  return plan.negated ? not(condition) : condition;
}

/**
 * A regex on Details reads the data when every match needs a character no rendering holds (a
 * backslash, a dot, ...): it then matches no rendering, nor the digits of a rendered number.
 * Undefined otherwise, and for a regex outside the portable subset (the caller refuses it).
 */
function detailsRegex(pattern: string, caseInsensitive: boolean, flags: RegexFlags): Condition | undefined {
  if (checkPortableRegex(pattern) || !regexReadsData(pattern, flags.dotAll)) return undefined;
  return and([
    match({ field: 'registry.data', op: 'regex', values: literals([pattern]), caseRule: caseInsensitive ? 'insensitive' : 'sensitive', regexFlags: flags }),
    not(match({ field: 'registry.data.type', op: 'equals', values: literals(['REG_BINARY']) })),
  ]);
}

/** A glob that is one text, `*text`, `text*` or `*text*`; undefined for any other glob. */
export function asPlainTest(tokens: readonly GlobToken[]): { op: PlainOp; value: string } | undefined {
  const [a, b, c] = tokens;
  const textOf = (t: GlobToken | undefined): string | undefined => (t?.kind === 'text' ? t.text : undefined);
  if (tokens.length === 0) return { op: 'equals', value: '' };
  if (tokens.length === 1 && textOf(a) !== undefined) return { op: 'equals', value: textOf(a) as string };
  if (tokens.length === 2 && a?.kind === 'any' && textOf(b) !== undefined) return { op: 'endswith', value: textOf(b) as string };
  if (tokens.length === 2 && b?.kind === 'any' && textOf(a) !== undefined) return { op: 'startswith', value: textOf(a) as string };
  if (tokens.length === 3 && a?.kind === 'any' && c?.kind === 'any' && textOf(b) !== undefined) return { op: 'contains', value: textOf(b) as string };
  return undefined;
}

const DWORD = /^DWORD \(0x([0-9a-f]{8})\)$/;
const QWORD = /^QWORD \(0x([0-9a-f]{8})-0x([0-9a-f]{8})\)$/;
const BINARY = 'Binary Data';
const DWORD_MAX = 0xffffffffn;
const QWORD_MAX = 0xffffffffffffffffn;

function detailsTest(op: PlainOp, value: string, caseRule: CaseRule): Condition | undefined {
  const data = (o: PlainOp, v: string, rule: CaseRule = caseRule): Condition => match({ field: 'registry.data', op: o, values: literals([v]), caseRule: rule });
  const typeIs = (t: string): Condition => match({ field: 'registry.data.type', op: 'equals', values: literals([t]) });
  const notBinary = not(typeIs('REG_BINARY'));
  // Sysmon writes empty data as (Empty): Details is never "".
  if (op === 'equals' && value === '') return constant(false);
  if (needleReadsData(op, value)) return and([data(op, value), notBinary]);
  // A canonical decimal (the data of a rendered number) holds only digits.
  const digitsOnly = /^[0-9]+$/.test(value);
  // Digits no rendering holds in that place (`startswith: '4'`: every rendering starts with a
  // letter or a parenthesis) read the data, unless Sysmon rendered the data as a number.
  if (op !== 'equals' && !renderingCanHold(op, value)) return and([data(op, value), notBinary, not(renderedNumber())]);
  if (op !== 'equals') return undefined;
  if (digitsOnly) {
    // Digits are the data itself unless Sysmon renders them: a canonical decimal in a number
    // type's range (DWORD up to 2^32-1, QWORD up to 2^64-1), or any binary data.
    const n = /^(0|[1-9][0-9]*)$/.test(value) ? BigInt(value) : undefined;
    const rendering = ['REG_BINARY', ...(n !== undefined && n <= QWORD_MAX ? ['REG_QWORD'] : []), ...(n !== undefined && n <= DWORD_MAX ? ['REG_DWORD'] : [])];
    return and([data('equals', value), not(match({ field: 'registry.data.type', op: 'equals', values: literals(rendering) }))]);
  }
  // As Sysmon writes them (lower-case hex); an insensitive test also reads them in upper case.
  const rendered = caseRule === 'insensitive' ? renderingCase(value) : value;
  const asText = and([data('equals', value), notBinary]);
  const dword = DWORD.exec(rendered);
  if (dword) return or([and([typeIs('REG_DWORD'), data('equals', BigInt(`0x${dword[1] as string}`).toString(10), 'sensitive')]), asText]);
  const qword = QWORD.exec(rendered);
  if (qword) {
    const n = (BigInt(`0x${qword[1] as string}`) << 32n) | BigInt(`0x${qword[2] as string}`);
    return or([and([typeIs('REG_QWORD'), data('equals', n.toString(10), 'sensitive')]), asText]);
  }
  if (rendered === EMPTY_DETAILS) return and([match({ field: 'registry.data', op: 'equals', values: literals(['', value]), caseRule }), notBinary]);
  if (rendered === BINARY) return or([and([typeIs('REG_BINARY'), match({ field: 'registry.data', op: 'exists' })]), asText]);
  return undefined;
}

/**
 * A write whose data Sysmon shows as `DWORD (0x...)` / `QWORD (0x...-0x...)` (taxonomy.ts
 * `renderDetails`): a REG_DWORD or REG_QWORD whose data is a canonical decimal in its range.
 */
function renderedNumber(): Condition {
  const numberOf = (type: string, max: bigint): Condition =>
    and([
      match({ field: 'registry.data.type', op: 'equals', values: literals([type]) }),
      match({ field: 'registry.data', op: 'regex', values: literals([canonicalDecimalAtMost(max)]), caseRule: 'sensitive' }),
    ]);
  return or([numberOf('REG_DWORD', DWORD_MAX), numberOf('REG_QWORD', QWORD_MAX)]);
}

/** `dword (0X0000000A)` → `DWORD (0x0000000a)`: the spelling an insensitive test also accepts. */
function renderingCase(value: string): string {
  const folded = foldAscii(value);
  if (folded.startsWith('dword (0x') || folded.startsWith('qword (0x')) return folded.slice(0, 5).toUpperCase() + folded.slice(5);
  if (folded === foldAscii(BINARY)) return BINARY;
  if (folded === foldAscii(EMPTY_DETAILS)) return EMPTY_DETAILS;
  return value;
}

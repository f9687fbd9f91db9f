import { and, literals, match, not, or, type Condition } from '../../ir/condition.js';
import type { CaseRule } from '../../ir/match-operator.js';
import { foldAscii } from '../../semantics/fold.js';
import type { SigmaDetectionItem } from './ast.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { valueAlternatives } from './value-pattern.js';
import type { GlobToken } from '../../semantics/wildcard.js';

/**
 * Value tests on Sysmon's `Details`, imported where the rule model can say them exactly.
 *
 * Sysmon writes the data of a value write as text, except that it renders (taxonomy.ts
 * `renderDetails`): a REG_DWORD whose data is a canonical decimal in range as
 * `DWORD (0x0000000a)`, a REG_QWORD likewise as `QWORD (0x<high>-0x<low>)`, and any REG_BINARY
 * data as `Binary Data`. Everything else is the data itself. So a test on Details is a test on
 * `registry.data` exactly when the value cannot be confused with a rendering:
 *
 * - a needle (equals, contains, startswith, endswith) holding a character that no rendering
 *   holds — a backslash, a dot, most letters — reads the data itself, on every write that is
 *   not binary (a canonical decimal holds only digits, so it cannot hold the needle either):
 *   `registry.data <op> V and not registry.data.type equals REG_BINARY`;
 * - equality with a rendering: `DWORD (0x00000001)` is a REG_DWORD whose data is `1`, or a
 *   non-binary write whose data is that very text (Sysmon writes text data as it is);
 *   `Binary Data` likewise is any REG_BINARY write with data, or that text.
 * Anything else (`Details|contains: 'DWORD'`, digits alone, regexes, globs) is refused by the
 * caller, naming the field. Undefined means "not exactly importable".
 */
export function importDetails(item: SigmaDetectionItem): Condition | undefined {
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan) || plan.operation.kind !== 'string') return undefined;
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

type PlainOp = 'equals' | 'contains' | 'startswith' | 'endswith';

/** A glob that is one text, `*text`, `text*` or `*text*`; undefined for any other glob. */
function asPlainTest(tokens: readonly GlobToken[]): { op: PlainOp; value: string } | undefined {
  const [a, b, c] = tokens;
  const textOf = (t: GlobToken | undefined): string | undefined => (t?.kind === 'text' ? t.text : undefined);
  if (tokens.length === 1 && textOf(a) !== undefined) return { op: 'equals', value: textOf(a) as string };
  if (tokens.length === 2 && a?.kind === 'any' && textOf(b) !== undefined) return { op: 'endswith', value: textOf(b) as string };
  if (tokens.length === 2 && b?.kind === 'any' && textOf(a) !== undefined) return { op: 'startswith', value: textOf(a) as string };
  if (tokens.length === 3 && a?.kind === 'any' && c?.kind === 'any' && textOf(b) !== undefined) return { op: 'contains', value: textOf(b) as string };
  return undefined;
}

/** Every character any rendering can hold: `Binary Data`, `DWORD (0x`, `QWORD (0x`, hex digits, `-`, `)`. */
const RENDERING_CHARS = new Set(foldAscii('Binary DataDWORD (0xQWORD0123456789abcdefABCDEF-)'));

const DWORD = /^DWORD \(0x([0-9a-f]{8})\)$/;
const QWORD = /^QWORD \(0x([0-9a-f]{8})-0x([0-9a-f]{8})\)$/;
const BINARY = 'Binary Data';

function detailsTest(op: PlainOp, value: string, caseRule: CaseRule): Condition | undefined {
  const data = (o: PlainOp, v: string, rule: CaseRule = caseRule): Condition => match({ field: 'registry.data', op: o, values: literals([v]), caseRule: rule });
  const typeIs = (t: string): Condition => match({ field: 'registry.data.type', op: 'equals', values: literals([t]) });
  const notBinary = not(typeIs('REG_BINARY'));
  const outsideRenderings = [...foldAscii(value)].some((ch) => !RENDERING_CHARS.has(ch));
  if (outsideRenderings) return and([data(op, value), notBinary]);
  if (op !== 'equals') return undefined;
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
  if (rendered === BINARY) return or([and([typeIs('REG_BINARY'), match({ field: 'registry.data', op: 'exists' })]), asText]);
  return undefined;
}

/** `dword (0X0000000A)` → `DWORD (0x0000000a)`: the spelling an insensitive test also accepts. */
function renderingCase(value: string): string {
  const folded = foldAscii(value);
  if (folded.startsWith('dword (0x') || folded.startsWith('qword (0x')) return folded.slice(0, 5).toUpperCase() + folded.slice(5);
  if (folded === foldAscii(BINARY)) return BINARY;
  return value;
}

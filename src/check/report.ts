import type { LogicalEvent } from '../ir/value.js';
import { formatDisagreement, type AgreementStatus, type RuleAgreement, type TargetAgreement } from './agreement.js';
import { approximationLines } from './approximation-lines.js';

const GLYPH: Readonly<Record<AgreementStatus, string>> = {
  exact: '✓ exact',
  approximate: '≈ approx',
  wrong: '✗ WRONG',
  'not-expressible': '– n/e',
};

export const LEGEND =
  'legend: ✓ exact = every event agrees with the reference; ≈ approx = the emitter declared an approximation (witnesses below); ' +
  '✗ WRONG = an undeclared disagreement (a bug); – n/e = not expressible in strict mode (reason below)';

function cell(t: TargetAgreement): string {
  const n = t.disagreementCount;
  return t.status === 'approximate' || t.status === 'wrong' ? `${GLYPH[t.status]}${n > 0 ? ` (${n})` : ''}` : GLYPH[t.status];
}

/** The matrix a person reads in a second (rules × targets), then what stands behind each non-exact cell. */
export function formatAgreementText(results: readonly RuleAgreement[]): string {
  const targetIds = [...new Set(results.flatMap((r) => r.targets.map((t) => t.target)))];
  const header = ['rule', ...targetIds];
  const rows = results.map((r) => [r.rule, ...targetIds.map((id) => { const t = r.targets.find((x) => x.target === id); return t ? cell(t) : ''; })]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', LEGEND];
  const details = results.flatMap((r) => r.targets.filter((t) => t.status !== 'exact').map((t) => targetDetails(r.rule, t)));
  if (details.length > 0) out.push('', ...details.flat());
  out.push('', summaryLine(results));
  return out.join('\n') + '\n';
}

/** The lines behind one cell: the declared approximations, the reason, the witnesses. */
export function targetDetails(rule: string, t: TargetAgreement): string[] {
  const out = [`${rule} × ${t.target}: ${t.status}${t.reason ? ` — ${t.reason}` : ''}`];
  for (const line of approximationLines(t.approximations)) out.push(`  declared: ${line}`);
  if (t.disagreementCount > 0) {
    out.push(`  ${t.disagreementCount} of ${t.eventsChecked} events differ${t.witnesses.length < t.disagreementCount ? `; ${t.witnesses.length} distinct minimal witness(es):` : ':'}`);
    for (const w of t.witnesses) out.push(`    ${formatDisagreement(w, t.target)}`);
  } else if (t.status === 'approximate') {
    out.push(`  no event among ${t.eventsChecked} shows the approximation`);
  }
  return out;
}

export interface AgreementSummary {
  readonly exact: number;
  readonly approximate: number;
  readonly wrong: number;
  readonly notExpressible: number;
}

export function summarise(results: readonly RuleAgreement[]): AgreementSummary {
  const all = results.flatMap((r) => r.targets);
  const n = (s: AgreementStatus): number => all.filter((t) => t.status === s).length;
  return { exact: n('exact'), approximate: n('approximate'), wrong: n('wrong'), notExpressible: n('not-expressible') };
}

function summaryLine(results: readonly RuleAgreement[]): string {
  const s = summarise(results);
  const pairs = results.reduce((sum, r) => sum + r.targets.length, 0);
  // Counted per rule × target pair, so say so: "2 rules, 6 forms: 2 exact, 4 approximate".
  return `${results.length} rule(s), ${pairs} form(s): ${s.exact} exact, ${s.approximate} approximate, ${s.wrong} wrong, ${s.notExpressible} not expressible`;
}

/** The same facts for CI: stable keys, events as plain objects. */
export function formatAgreementJson(results: readonly RuleAgreement[]): string {
  const plain = (e: LogicalEvent): Record<string, unknown> => ({ ...e });
  return (
    JSON.stringify(
      {
        summary: summarise(results),
        rules: results.map((r) => ({
          rule: r.rule,
          ...(r.file !== undefined ? { file: r.file } : {}),
          targets: r.targets.map((t) => ({
            target: t.target,
            status: t.status,
            ...(t.reason !== undefined ? { reason: t.reason } : {}),
            approximations: t.approximations,
            eventsChecked: t.eventsChecked,
            disagreements: t.disagreementCount,
            witnesses: t.witnesses.map((w) => ({ probe: w.probe, event: plain(w.event), reference: w.reference, target: w.target })),
          })),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

export function hasWrong(results: readonly RuleAgreement[]): boolean {
  return results.some((r) => r.targets.some((t) => t.status === 'wrong'));
}

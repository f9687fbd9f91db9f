import { latestAttackVersion, resolveRevoked, tacticsFor, techniqueIn, techniqueSummary, techniqueUrl } from '../attack/index.js';
import { formatDisagreement, type TargetAgreement } from '../check/agreement.js';
import type { Rule } from '../ir/rule.js';
import { KIND_SCHEMAS } from '../targets/kql/schema.js';
import type { RuleBuild } from './plan.js';
import { OUTPUT_FORMS } from './output-forms.js';
import { approximationLines } from '../check/approximation-lines.js';

const RESULT_WORD: Readonly<Record<TargetAgreement['status'], string>> = {
  exact: '✓ exact',
  approximate: '≈ approximate',
  wrong: '✗ wrong',
  'not-expressible': '– not expressible',
};

/**
 * The rule's page, in the order a responder reads it: what it detects and why (technique,
 * description), how bad (severity, confidence), what it needs (data sources, tables), each
 * deployable query, what else fires like it, how to tune and investigate — and the proof that
 * the forms agree, with the events that tell them apart where they do not.
 */
export function renderRulePage(build: RuleBuild, all: readonly RuleBuild[]): string {
  const { rule } = build;
  const out: string[] = [`# ${rule.title}`, '', `\`${rule.name}\` · \`${rule.id}\` · status ${rule.status} · ${rule.date}${rule.modified ? ` (modified ${rule.modified})` : ''}`, ''];
  out.push('## ATT&CK', '', ...attackLines(rule), '');
  out.push('## Description', '', rule.description.trim(), '');
  out.push(`**Severity** ${rule.severity} · **Confidence** ${rule.confidence}`, '');
  out.push('## Data sources', '', ...bullets(rule.dataSources), '');
  out.push('## Required tables', '', ...bullets(rule.logsources.map((k) => `${KIND_SCHEMAS[k].table} (${k})`)), '');
  out.push('## Queries', '');
  for (const form of OUTPUT_FORMS) {
    if (!form.docs) continue;
    const outcome = build.forms.find((f) => f.format === form.format);
    out.push(`### ${form.docs.heading}`, '');
    if (!outcome || outcome.kind !== 'written') {
      out.push(`${outcome?.kind === 'failed' ? '**Not generated, the target failed**' : 'Not generated'}: ${outcome?.reason ?? 'no such form'}.`, '');
      continue;
    }
    if (outcome.approximations.length > 0) {
      out.push('> **Approximate.** This form does not say exactly what the rule says:');
      for (const line of approximationLines(outcome.approximations)) out.push(`> - ${line}`);
      out.push('');
    }
    out.push(`File: \`${outcome.path}\``, '', '```' + form.docs.fence, outcome.text.trimEnd(), '```', '');
  }
  const others = build.forms.filter((f) => !OUTPUT_FORMS.some((o) => o.docs && o.format === f.format));
  out.push('Deployable envelopes:', '');
  for (const f of others) {
    if (f.kind !== 'written') {
      out.push(`- ${f.format}: ${f.kind === 'failed' ? 'not generated, the target failed' : 'not generated'} (${f.reason})`);
      continue;
    }
    out.push(`- ${f.format}: \`${f.path}\`${f.approximations.length ? ' — approximate:' : ''}`);
    for (const a of f.approximations) out.push(`  - ${a.predicate}: ${a.reason}`);
  }
  out.push('');
  out.push('## False positives', '', ...bullets(rule.falsePositives), '');
  out.push('## Related detections', '', ...relatedLines(rule, all), '');
  if (rule.notes.investigation) out.push('## Investigation', '', rule.notes.investigation.trim(), '');
  if (rule.notes.tuning) out.push('## Tuning', '', rule.notes.tuning.trim(), '');
  if (rule.references.length > 0) out.push('## References', '', ...bullets(rule.references), '');
  out.push('## Agreement', '', ...agreementLines(build), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/**
 * The techniques as the seed documents open: id, name, tactics, what the technique is. A
 * technique revoked in the newest shipped version gets its replacement, described too, so a
 * reader of an older rule learns where the matrix moved.
 */
function attackLines(rule: Rule): string[] {
  const version = rule.attack.version;
  const latest = latestAttackVersion();
  const lines = ['| technique | name | tactics |', '|---|---|---|'];
  for (const id of rule.attack.techniques) {
    const t = techniqueIn(version, id);
    const tactics = tacticsFor(id, version).map((x) => `${x.name} (${x.id})`).join(', ');
    lines.push(`| [${id}](${techniqueUrl(id)}) | ${cellText(t?.name ?? 'unknown')} | ${cellText(tactics || '—')} |`);
  }
  lines.push('', `Written against ATT&CK v${version}.`);
  for (const id of rule.attack.techniques) {
    const heading = [id, techniqueIn(version, id)?.name].filter((x) => x !== undefined).join(' ');
    lines.push('', `**${heading}**`, '', techniqueSummary(id) ?? `See ${techniqueUrl(id)}.`);
    const moved = resolveRevoked(id, latest);
    if (!moved) continue;
    const replacement = techniqueIn(latest, moved.id);
    const tactics = tacticsFor(moved.id, latest).map((x) => `${x.name} (${x.id})`).join(', ');
    lines.push(
      '',
      `${id} is revoked in ATT&CK v${latest}; its replacement is [${moved.id}](${techniqueUrl(moved.id)}) ${replacement?.name ?? ''}${tactics ? ` (${tactics})` : ''}: ${techniqueSummary(moved.id) ?? `see ${techniqueUrl(moved.id)}.`}`,
    );
  }
  return lines;
}

function relatedLines(rule: Rule, all: readonly RuleBuild[]): string[] {
  if (rule.related.length === 0) return ['None listed.'];
  return rule.related.map((rel) => {
    const other = all.find((b) => b.rule.name === rel.ref || b.rule.id === rel.ref.toLowerCase());
    return other ? `- [${other.rule.title}](${other.rule.name}.md) (${rel.type})` : `- ${rel.ref} (${rel.type})`;
  });
}

function agreementLines(build: RuleBuild): string[] {
  const a = build.agreement;
  const lines = [
    'Every form was parsed by its language\'s parser and run with its language\'s semantics on the rule\'s tests and on boundary events synthesised from its literals, then compared with the rule\'s reference evaluator.',
    '',
    '| target | result | events | differing |',
    '|---|---|---|---|',
  ];
  for (const t of a.targets) lines.push(`| ${t.target} | ${RESULT_WORD[t.status]} | ${t.eventsChecked} | ${t.disagreementCount} |`);
  for (const t of a.targets) {
    if (t.status === 'exact') continue;
    lines.push('', `**${t.target}**: ${RESULT_WORD[t.status]}${t.reason ? ` — ${t.reason}` : ''}`);
    for (const ap of t.approximations) lines.push(`- declared: ${ap.predicate}: ${ap.reason}`);
    if (t.witnesses.length > 0) {
      lines.push('', 'Events that tell this form apart from the rule:', '', '```');
      for (const w of t.witnesses) lines.push(formatDisagreement(w, t.target));
      lines.push('```');
    }
  }
  return lines;
}

function bullets(items: readonly string[]): string[] {
  return items.length === 0 ? ['None listed.'] : items.map((i) => `- ${i}`);
}

function cellText(s: string): string {
  return s.replace(/\|/g, '\\|');
}

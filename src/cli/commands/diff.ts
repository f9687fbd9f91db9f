import type { Command } from 'commander';
import { diffRules, formatEvent, nativeDecider, readRuleAs, ruleNow, type Decider, type RuleDiff } from '../../check/index.js';
import { targetById } from '../../targets/registry.js';
import { formatDiagnostic } from '../../diagnostics.js';
import { readTextFile } from '../../rule/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { parseReportFormat } from '../report-format.js';
import { detectLanguage, parseLanguage } from '../language.js';

/** `unirule diff A B`: the events on which exactly one of two rules (any languages) fires. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('find events on which exactly one of two rules fires (unirule YAML, KQL, Sigma or EQL)')
    .argument('<a>', 'first rule file')
    .argument('<b>', 'second rule file')
    .option('--format <format>', 'text | json', 'text')
    .option('--lang-a <lang>', 'language of A: ir | kql | sigma | eql (default: from the file)')
    .option('--lang-b <lang>', 'language of B (default: from the file)')
    .action((fileA: string, fileB: string, opts: { format: string; langA?: string; langB?: string }) => {
      parseReportFormat(opts.format);
      const read = (file: string, lang: string | undefined) => {
        const text = readTextFile(file);
        const language = lang ? parseLanguage(lang) : detectLanguage(file, text);
        // The import is what the events are synthesised from; what it could not carry over is
        // said, as translate does. The verdicts come from the text itself (below).
        return { file, text, language, rule: readRuleAs(file, text, language, (d) => process.stderr.write(formatDiagnostic(d) + '\n')) };
      };
      const a = read(fileA, opts.langA);
      const b = read(fileB, opts.langB);
      // Windows are compared as settings, so `now` only places the synthesised timestamps.
      const now = a.language === 'ir' ? ruleNow(a.rule) : b.language === 'ir' ? ruleNow(b.rule) : Date.UTC(2026, 0, 1);
      // A query is run by its own language's evaluator, so an importer's mistake cannot hide a difference.
      const decider = (side: typeof a): Decider | undefined => (side.language === 'ir' ? undefined : nativeDecider(targetById(side.language), side.text, side.file, now));
      const diff = diffRules(a.rule, b.rule, now, { a: decider(a), b: decider(b) });
      const header = { a: { file: fileA, language: a.language, rule: a.rule.name }, b: { file: fileB, language: b.language, rule: b.rule.name } };
      process.stdout.write(opts.format === 'json' ? JSON.stringify({ ...header, ...diff }, null, 2) + '\n' : formatDiff(header, diff));
      process.exitCode = diff.differingEvents > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}

interface Side {
  readonly file: string;
  readonly language: string;
}

function formatDiff(h: { a: Side; b: Side }, d: RuleDiff): string {
  const out = [`A: ${h.a.file} (${h.a.language})`, `B: ${h.b.file} (${h.b.language})`];
  out.push(d.differingEvents === 0 ? `no difference on ${d.eventsCompared} events` : `${d.differingEvents} of ${d.eventsCompared} events fire exactly one rule:`);
  for (const g of d.groups) {
    out.push('', `${g.predicate}:`);
    for (const w of g.witnesses) out.push(`  only ${w.fires} fires: ${formatEvent(w.event)}`);
  }
  for (const n of d.notes) out.push('', `note: ${n}`);
  return out.join('\n') + '\n';
}

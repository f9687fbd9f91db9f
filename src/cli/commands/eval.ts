import type { Command } from 'commander';
import { formatDiagnostic, SourceError } from '../../diagnostics.js';
import { compileRule } from '../../evaluate/reference-evaluator.js';
import { openInput, readNdjson, toLogicalEvent } from '../../events/index.js';
import { isEventKind } from '../../ir/event-kind.js';
import type { JsonObject, JsonValue } from '../../ir/value.js';
import type { Rule } from '../../ir/rule.js';
import { loadRuleText, readTextFile } from '../../rule/index.js';
import { targetById } from '../../targets/registry.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { detectLanguage, parseLanguage, type Language } from '../language.js';
import { Progress } from '../progress.js';
import { parseInstant } from '../../semantics/instant.js';
import { parseSigma } from '../../targets/sigma/parse.js';
import { parseBadLinePolicy, writeJsonLine } from '../json-lines.js';

interface EvalOptions {
  now?: string;
  lang?: string;
  onBadLine: string;
  placeholder: string[];
}

/** `unirule eval RULE EVENTS`: a rule or query over NDJSON events, matches out as JSON lines. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run a rule (unirule YAML, KQL, Sigma or EQL) over NDJSON events')
    .argument('<rule>', 'rule or query file')
    .argument('<events>', 'NDJSON events, - for stdin')
    .option('--now <iso>', 'the instant time windows and ago() are measured from (default: now)')
    .option('--lang <lang>', 'ir | kql | sigma | eql (default: from the file)')
    .option('--on-bad-line <policy>', 'stop | skip: what a malformed event line does', 'stop')
    .option('--placeholder <name=value>', 'Sigma expand: a value for %name% (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (ruleFile: string, eventsFile: string, opts: EvalOptions) => {
      const now = parseNow(opts.now);
      const policy = parseBadLinePolicy(opts.onBadLine);
      const text = readTextFile(ruleFile);
      const lang: Language = opts.lang ? parseLanguage(opts.lang) : detectLanguage(ruleFile, text);
      const placeholders = parsePlaceholders(opts.placeholder, lang);
      const progress = new Progress();
      let seen = 0;
      let matched = 0;
      const records = readNdjson(openInput(eventsFile), eventsFile, {
        onBadLine: policy,
        report: (d) => process.stderr.write(formatDiagnostic({ ...d, severity: 'warning' }) + ' (skipped)\n'),
      });
      if (lang === 'ir') {
        const { rule, warnings } = loadRuleText(text, ruleFile);
        // As `validate` and `translate` do: a rule that cannot match, or names a revoked
        // technique, is said before its (perhaps empty) results.
        for (const w of warnings) process.stderr.write(formatDiagnostic(w) + '\n');
        const evaluate = compileRule(rule);
        for await (const { line, value } of records) {
          seen++;
          let event;
          try {
            event = toLogicalEvent(value, eventsFile, line);
          } catch (err) {
            if (policy === 'stop' || !(err instanceof SourceError)) throw err;
            process.stderr.write(err.message.replace(': error:', ': warning:') + ' (skipped)\n');
            continue;
          }
          const verdict = evaluate(event, { now });
          if (verdict.matched) {
            matched++;
            await writeJsonLine(resultRow(rule, event, verdict.derived));
          }
          progress.update(() => `${seen} events, ${matched} matches`);
        }
      } else {
        // The target's own parser and semantics, as `check` uses them. A query may sort or
        // join across events (KQL sort/take, EQL sequences), so its run sees the whole input.
        const target = targetById(lang);
        const parsed = placeholders ? parseSigma(text, ruleFile, { placeholders }) : target.parse(text, ruleFile);
        const events: JsonObject[] = [];
        let logicalShaped = 0;
        for await (const { line, value } of records) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            const err = SourceError.at(eventsFile, line, 1, 'an event must be a JSON object');
            if (policy === 'stop') throw err;
            process.stderr.write(err.message.replace(': error:', ': warning:') + ' (skipped)\n');
            continue;
          }
          if (isEventKind((value as JsonObject)['kind'])) logicalShaped++;
          events.push(value as JsonObject);
          seen++;
          progress.update(() => `${seen} events read`);
        }
        for (const row of target.run(parsed, events, { now })) {
          matched++;
          await writeJsonLine(row);
        }
        // A query reads its own schema; logical events (with `kind`) carry none of its field
        // names, so they would quietly never match. Say so, and how to convert them.
        if (logicalShaped > 0) {
          process.stderr.write(
            `${eventsFile}: warning: ${logicalShaped} of ${seen} event(s) are in the rule model's shape (they have \`kind\`), not ${SHAPE_OF[lang]}; ` +
              `convert them with \`unirule events --from ir --to ${lang} ${eventsFile}\`\n`,
          );
        }
      }
      progress.done();
      process.exitCode = EXIT_OK;
    });
}

/** The event shape each query language reads (README `events`). */
const SHAPE_OF: Readonly<Record<Exclude<Language, 'ir'>, string>> = {
  kql: 'Defender rows',
  sigma: 'Sysmon-shaped Sigma events',
  eql: 'ECS documents',
};

/** The rule's output fields when it names them (as KQL's project would), else the event plus derived values. */
function resultRow(rule: Rule, event: Readonly<Record<string, JsonValue | undefined>>, derived: Readonly<Record<string, JsonValue>>): JsonObject {
  const all: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(event)) if (v !== undefined) all[k] = v;
  for (const [k, v] of Object.entries(derived)) all[k] = v;
  if (rule.output.fields.length === 0) return all;
  const row: Record<string, JsonValue> = {};
  for (const f of rule.output.fields) row[f] = all[f] ?? null;
  return row;
}

function parseNow(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const ms = parseInstant(text);
  if (ms === undefined) throw new UsageError(`--now ${JSON.stringify(text)} is not an ISO-8601 instant`);
  return ms;
}

/** `--placeholder Servers=srv1 --placeholder Servers=srv2` → { Servers: ['srv1', 'srv2'] } (Sigma's expand). */
function parsePlaceholders(given: readonly string[], lang: Language): Record<string, string[]> | undefined {
  if (given.length === 0) return undefined;
  if (lang !== 'sigma') throw new UsageError('--placeholder gives values for Sigma expand placeholders; the rule is not Sigma');
  const out: Record<string, string[]> = {};
  for (const g of given) {
    const eq = g.indexOf('=');
    if (eq <= 0) throw new UsageError(`--placeholder ${JSON.stringify(g)} must be NAME=VALUE`);
    const name = g.slice(0, eq).replace(/^%|%$/g, '');
    out[name] = [...(Object.prototype.hasOwnProperty.call(out, name) ? (out[name] as string[]) : []), g.slice(eq + 1)];
  }
  return out;
}

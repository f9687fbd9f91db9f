import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { formatDiagnostic, SourceError } from '../../diagnostics.js';
import { checkNativeEvent, eventObject, openInput, readNdjsonBatches, type BadLinePolicy } from '../../events/index.js';
import { isEventKind } from '../../ir/event-kind.js';
import type { Rule } from '../../ir/rule.js';
import type { JsonObject } from '../../ir/value.js';
import { loadRuleSet, loadRuleText, readTextFile } from '../../rule/index.js';
import { targetById } from '../../targets/registry.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { detectLanguage, parseLanguage, type Language } from '../language.js';
import { Progress } from '../progress.js';
import { parseInstant } from '../../semantics/instant.js';
import { parseSigma } from '../../targets/sigma/parse.js';
import { JsonLineBuffer, parseBadLinePolicy, skippedLine, writeJsonLine } from '../json-lines.js';
import { evaluateStream } from '../eval-stream.js';

interface EvalOptions {
  now?: string;
  lang?: string;
  onBadLine: string;
  placeholder: string[];
}

/**
 * `unirule eval RULE... EVENTS`: a rule or query over NDJSON events, matches out as JSON lines.
 * Several unirule rules (files or folders of them) run as one set over one pass of the events.
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run a rule (unirule YAML, KQL, Sigma or EQL), or a set of unirule rules, over NDJSON events')
    .usage('[options] RULE... EVENTS')
    // Commander takes a variadic argument only last, so the events file is split off here.
    .argument('<rule-and-events...>', 'RULE: a rule or query file; several unirule rules, or folders of them, run as one set. EVENTS: NDJSON events, - for stdin')
    .option('--now <iso>', 'the instant time windows and ago() are measured from (default: now)')
    .option('--lang <lang>', 'ir | kql | sigma | eql (default: from the file)')
    .option('--on-bad-line <policy>', 'stop | skip: what a malformed event line does', 'stop')
    .option('--placeholder <name=value>', 'Sigma expand: a value for %name% (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (paths: string[], opts: EvalOptions) => {
      if (paths.length < 2) throw new UsageError('eval needs a rule (or several, or a folder of them) and then the events file');
      const ruleFiles = paths.slice(0, -1);
      const eventsFile = paths[paths.length - 1]!;
      const now = parseNow(opts.now);
      const policy = parseBadLinePolicy(opts.onBadLine);
      if (isRuleSet(ruleFiles)) {
        await evaluateRuleSet(ruleFiles, eventsFile, opts, now, policy);
        return;
      }
      const ruleFile = ruleFiles[0]!;
      const text = readTextFile(ruleFile);
      const lang: Language = opts.lang ? parseLanguage(opts.lang) : detectLanguage(ruleFile, text);
      const placeholders = parsePlaceholders(opts.placeholder, lang);
      if (lang === 'ir') {
        const { rule, warnings } = loadRuleText(text, ruleFile);
        // As `validate` and `translate` do: a rule that cannot match, or names a revoked
        // technique, is said before its (perhaps empty) results.
        for (const w of warnings) process.stderr.write(formatDiagnostic(w) + '\n');
        await streamRules([rule], eventsFile, now, policy, false);
        return;
      }
      await runQuery(lang, text, ruleFile, eventsFile, placeholders, now, policy);
    });
}

/** The event shape each query language reads (README `events`). */
const SHAPE_OF: Readonly<Record<Exclude<Language, 'ir'>, string>> = {
  kql: 'Defender rows',
  sigma: 'Sysmon-shaped Sigma events',
  eql: 'ECS documents',
};

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

/** More than one rule path, or a folder: unirule rules evaluated as one set. */
function isRuleSet(paths: readonly string[]): boolean {
  return paths.length > 1 || (existsSync(paths[0]!) && statSync(paths[0]!).isDirectory());
}

async function evaluateRuleSet(paths: readonly string[], eventsFile: string, opts: EvalOptions, now: number, policy: BadLinePolicy): Promise<void> {
  if (opts.lang !== undefined && opts.lang !== 'ir') throw new UsageError(`a set of rules is read as unirule rules; --lang ${opts.lang} names one query, give it alone`);
  if (opts.placeholder.length > 0) throw new UsageError('--placeholder gives values for one Sigma rule; give that rule alone');
  const set = loadRuleSet(paths);
  for (const w of set.warnings) process.stderr.write(formatDiagnostic(w) + '\n');
  // A set is evaluated whole or not at all: a rule missing from it would pass for one that never matched.
  if (set.errors.length > 0) throw new SourceError(set.errors);
  // Nothing to run is a mistake in the paths, not a run that matched nothing.
  if (set.loaded.length === 0) throw SourceError.at(paths.join(' '), 1, 1, 'no rule files (.yml, .yaml) found here');
  await streamRules(set.loaded.map((l) => l.rule), eventsFile, now, policy, true);
}

/** Unirule rules over the events as a stream, a progress line on a terminal. */
async function streamRules(rules: readonly Rule[], eventsFile: string, now: number, policy: BadLinePolicy, tagged: boolean): Promise<void> {
  const progress = new Progress();
  await evaluateStream(rules, openInput(eventsFile), eventsFile, process.stdout, {
    now,
    onBadLine: policy,
    warn: (message) => process.stderr.write(message + '\n'),
    tagged,
    progress: (run) => progress.update(() => `${run.seen} events, ${run.matched} matches`),
  });
  progress.done();
  process.exitCode = EXIT_OK;
}

/**
 * A KQL, Sigma or EQL query by its own language's parser and semantics, as `check` uses them.
 * A query whose rows come event by event runs a chunk of input at a time; one that sorts, cuts
 * or joins across events (KQL sort/take, EQL head/tail, sequences and samples) sees the whole
 * input first.
 */
async function runQuery(lang: Exclude<Language, 'ir'>, text: string, ruleFile: string, eventsFile: string, placeholders: Record<string, string[]> | undefined, now: number, policy: BadLinePolicy): Promise<void> {
  const target = targetById(lang);
  const parsed = placeholders ? parseSigma(text, ruleFile, { placeholders }) : target.parse(text, ruleFile);
  // Compiled before the first event is read, so a query the evaluator refuses fails at once.
  const runChunk = target.chunkRunner(parsed, { now });
  const progress = new Progress();
  const rows = new JsonLineBuffer(process.stdout);
  // Every event when the query needs the whole input; else the chunk's.
  let events: JsonObject[] = [];
  let seen = 0;
  let logicalShaped = 0;
  const batches = readNdjsonBatches(openInput(eventsFile), eventsFile, {
    onBadLine: policy,
    report: (d) => process.stderr.write(skippedLine([d]) + '\n'),
  });
  // The rows of the events read so far, when the query runs a chunk at a time.
  const answerChunk = (): void => {
    if (runChunk === undefined) return;
    for (const row of runChunk(events)) rows.add(JSON.stringify(row));
    events = [];
  };
  try {
    for await (const batch of batches) {
      for (const { line, value, text } of batch) {
        let event: JsonObject;
        try {
          event = eventObject(value, eventsFile, line);
          // A typed field's value its schemas cannot hold is refused here too, as `events` and
          // an NDJSON run refuse it (events/native-event.ts); the query reads the row as it is.
          checkNativeEvent(target, event, eventsFile, line, text);
        } catch (err) {
          if (!(err instanceof SourceError)) throw err;
          if (policy === 'stop') {
            // The events before it are answered first, as a line-by-line run would.
            answerChunk();
            throw err;
          }
          process.stderr.write(skippedLine(err.diagnostics) + '\n');
          continue;
        }
        if (isEventKind(event['kind'])) logicalShaped++;
        seen++;
        events.push(event);
      }
      answerChunk();
      await rows.flush();
      progress.update(() => `${seen} events read`);
    }
  } finally {
    // What matched before a bad line stops the run is still written.
    await rows.flush();
  }
  if (runChunk === undefined) for (const row of target.run(parsed, events, { now })) await writeJsonLine(row);
  // A query reads its own schema; logical events (with `kind`) carry none of its field
  // names, so they would quietly never match. Say so, and how to convert them.
  if (logicalShaped > 0) {
    process.stderr.write(
      `${eventsFile}: warning: ${logicalShaped} of ${seen} event(s) are in the rule model's shape (they have \`kind\`), not ${SHAPE_OF[lang]}; ` +
        `convert them with \`unirule events --from ir --to ${lang} ${eventsFile}\`\n`,
    );
  }
  progress.done();
  process.exitCode = EXIT_OK;
}

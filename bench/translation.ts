import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../src/ir/rule.js';
import { clearRegexCache } from '../src/semantics/regex-cache.js';
import type { Target } from '../src/targets/contract.js';
import { generateRegistryRule } from './generate-registry-rules.js';
import { generateRule } from './generate-rules.js';
import { msText, rates, time, type Timing } from './measure.js';
import { Random } from './random.js';

/**
 * Translation throughput, one process, one core: every target emits every generated rule,
 * then parses and imports its own output; and the pipeline proper, Sigma in → every
 * target out, once the Sigma target can import. A target that throws (Sigma while it is being
 * written) is reported and skipped, never fatal.
 */
export function translationCorpus(count: number): Rule[] {
  const rng = new Random(7);
  // One rule in eight is a registry rule; the rest are process creation, as in the corpus.
  return Array.from({ length: count }, (_, i) => (i % 8 === 7 ? generateRegistryRule(rng, i) : generateRule(rng, i)));
}

export interface PhaseResult {
  readonly label: string;
  readonly rules: number;
  readonly failed: number;
  readonly timing?: Timing;
  /** Why the phase did not run at all. */
  readonly skipped?: string;
  readonly firstError?: string;
}

/**
 * Runs `step` on every item; a step that throws counts as a failure, the first error kept.
 * Starts from an empty compiled-regex cache: phases run over the same texts, and a program
 * compiled in an earlier phase would otherwise make a later one look cheaper than it is cold.
 */
function phase<T>(label: string, items: readonly T[], step: (item: T, index: number) => void): PhaseResult {
  clearRegexCache();
  let failed = 0;
  let firstError: string | undefined;
  const { timing } = time(label, () => {
    items.forEach((item, i) => {
      try {
        step(item, i);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    });
  });
  if (failed === items.length) return { label, rules: items.length, failed, skipped: firstError ?? 'every rule failed' };
  return { label, rules: items.length, failed, timing, ...(firstError === undefined ? {} : { firstError }) };
}

export function benchTranslation(targets: readonly Target<unknown>[], rules: readonly Rule[]): PhaseResult[] {
  const results: PhaseResult[] = [];
  const texts = new Map<string, (string | undefined)[]>();
  for (const target of targets) {
    const out = new Array<string | undefined>(rules.length);
    results.push(phase(`emit → ${target.id}`, rules, (r, i) => {
      out[i] = target.emit(r, { lenient: true }).text;
    }));
    texts.set(target.id, out);
  }
  for (const target of targets) {
    const own = (texts.get(target.id) ?? []).filter((t): t is string => t !== undefined);
    if (own.length === 0) {
      results.push({ label: `parse + import ${target.id}`, rules: 0, failed: 0, skipped: 'nothing was emitted' });
      continue;
    }
    results.push(phase(`parse + import ${target.id}`, own, (text, i) => {
      const name = `bench-${i}${target.extension}`;
      target.importRule(target.parse(text, name), name);
    }));
  }
  const sigma = targets.find((t) => t.id === 'sigma');
  const sigmaTexts = (texts.get('sigma') ?? []).filter((t): t is string => t !== undefined);
  if (sigma && sigmaTexts.length > 0) {
    const pipeline = (text: string, i: number): void => {
      const name = `bench-${i}.yml`;
      const rule = sigma.importRule(sigma.parse(text, name), name);
      for (const t of targets) t.emit(rule, { lenient: true });
    };
    // In this process the code has run all the phases above first: warm, but trained on the
    // generated rules' objects too. The fresh-process figures (benchFreshPipeline) are the
    // ones a user's translate run sees.
    results.push(phase(`Sigma → parse, import, emit to all ${targets.length}, after the phases above`, sigmaTexts, pipeline));
  } else {
    results.push({ label: 'Sigma → parse, import, emit to all', rules: 0, failed: 0, skipped: 'the sigma target emitted nothing' });
  }
  return results;
}

export function formatPhase(p: PhaseResult): string {
  if (p.skipped !== undefined || p.timing === undefined) return `${p.label}: skipped (${p.skipped ?? 'no timing'})`;
  const ok = p.rules - p.failed;
  const failures = p.failed > 0 ? `, ${p.failed} failed (first: ${p.firstError})` : '';
  return `${p.label}: ${ok} rules in ${msText(p.timing)} — ${rates(ok, p.timing, ' rules')}, ${(p.timing.cpuMs / ok).toFixed(3)} CPU ms/rule${failures}`;
}

/**
 * Sigma in → every target out in a fresh process, as `unirule translate` runs over a corpus:
 * the first pass (what a 2,000-rule run costs, compilation included) and a second pass over
 * the same texts in that process (the cost once the engine has compiled the code). Optionally
 * on one CPU only (`taskset -c 0`, where available), so that V8's helper threads cannot run
 * beside the main thread.
 */
export function benchFreshPipeline(texts: readonly string[], oneCore: boolean): PhaseResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'unirule-bench-'));
  try {
    const file = join(dir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    const script = fileURLToPath(new URL('./fresh-pipeline.js', import.meta.url));
    // No --expose-gc: a forced full collection between the passes (measure.ts `time`) throws
    // away much of what the engine learned (the second pass measured 0.67 instead of 0.40 CPU
    // ms/rule with it), which a user's run never does.
    const args = [script, file];
    const run = oneCore ? spawnSync('taskset', ['-c', '0', process.execPath, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, args, { encoding: 'utf8' });
    const where = oneCore ? ', fresh process, one core' : ', fresh process';
    if (run.status !== 0) return [{ label: `Sigma → parse, import, emit to all${where}`, rules: 0, failed: 0, skipped: (run.stderr || run.error?.message || 'failed').trim().split('\n')[0] ?? 'failed' }];
    const [first, second] = JSON.parse(run.stdout) as [Timing, Timing];
    return [
      { label: `Sigma → parse, import, emit to all 3${where}, first pass`, rules: texts.length, failed: 0, timing: first },
      { label: `Sigma → parse, import, emit to all 3${where}, second pass`, rules: texts.length, failed: 0, timing: second },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a fresh one-core translate run costs as the corpus grows. The first pass over a corpus
 * pays V8's start-up work (compiling the code lazily, then optimising what is hot) on top of
 * the per-rule work; that start-up is about the same for any corpus large enough to warm the
 * code, so two first passes of different sizes separate the two: the marginal cost is the
 * difference per added rule, and the rest of the smaller pass is start-up. `larger` must start
 * with the smaller corpus (translationCorpus's rules do not depend on the count).
 */
export function freshCostBySize(smaller: readonly PhaseResult[], larger: readonly PhaseResult[]): string | undefined {
  const a = smaller[0];
  const b = larger[0];
  if (a?.timing === undefined || b?.timing === undefined || b.rules <= a.rules) return undefined;
  const marginalMs = (b.timing.cpuMs - a.timing.cpuMs) / (b.rules - a.rules);
  const startupMs = a.timing.cpuMs - a.rules * marginalMs;
  return (
    `fresh process, one core, first passes of ${a.rules} and ${b.rules} rules (CPU): ` +
    `start-up ${startupMs.toFixed(0)} ms + ${(marginalMs * 1000).toFixed(0)} µs per rule, ` +
    `i.e. ${(1000 / marginalMs / 1000).toFixed(1)} k rules/s once started; a ${b.rules}-rule run averages ${((b.rules * 1000) / b.timing.cpuMs / 1000).toFixed(1)} k rules/s`
  );
}

/** The Sigma texts of the corpus, emitted once (the input of the fresh-process pipeline). */
export function sigmaTextsOf(targets: readonly Target<unknown>[], rules: readonly Rule[]): string[] {
  const sigma = targets.find((t) => t.id === 'sigma');
  if (sigma === undefined) return [];
  return rules.map((r) => sigma.emit(r, { lenient: true }).text);
}

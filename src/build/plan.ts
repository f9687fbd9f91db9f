import { checkRule, type RuleAgreement } from '../check/agreement.js';
import type { Rule } from '../ir/rule.js';
import { emitStrictElseLenient, message } from '../check/target-form.js';
import { NotExpressibleError, type Approximation, type EmitResult, type Target } from '../targets/contract.js';
import { renderRulePage } from './docs-page.js';
import { docsPath, ELASTIC_NDJSON_FORMAT, ELASTIC_NDJSON_PATH, OUTPUT_FORMS, type OutputForm } from './output-forms.js';
import { approximationLines } from '../check/approximation-lines.js';

/**
 * What became of one form of one rule: written; skipped (no target writes the format, or not
 * even the lenient emitter can say the rule); or failed (the emitter threw something other
 * than "not expressible" — a bug or an unfinished target, reported, never a crash of build).
 */
export type FormOutcome =
  | { readonly format: string; readonly kind: 'written'; readonly path: string; readonly text: string; readonly approximations: readonly Approximation[] }
  | { readonly format: string; readonly kind: 'skipped'; readonly reason: string }
  | { readonly format: string; readonly kind: 'failed'; readonly reason: string };

export interface RuleBuild {
  readonly rule: Rule;
  readonly forms: readonly FormOutcome[];
  readonly agreement: RuleAgreement;
}

export interface BuildPlan {
  /** Path below the output folder → content; sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  readonly rules: readonly RuleBuild[];
}

/**
 * Every file `build` writes, computed in memory first (so `--check` and a failed safety check
 * write nothing). A form the target cannot say strictly is written leniently with its
 * approximations named in the file's header comment and on the docs page: a deployable rule
 * that is known to differ, and says where, beats a missing one. A form even the lenient
 * emitter refuses is skipped, with the reason on the docs page.
 */
export function planBuild(rules: readonly Rule[], targets: readonly Target<unknown>[]): BuildPlan {
  const files = new Map<string, string>();
  const builds: RuleBuild[] = [];
  const ndjson: string[] = [];
  const idByName = new Map(rules.map((r) => [r.name, r.id]));
  for (const rule of rules) {
    const forms: FormOutcome[] = [];
    // Formats that link rules by id (Sigma `related`) can then name the other shipped rules.
    const emitted = withRelatedIds(rule, idByName);
    for (const form of OUTPUT_FORMS) {
      const outcome = emitForm(emitted, form, targets);
      forms.push(outcome);
      if (outcome.kind === 'written') files.set(outcome.path, outcome.text);
    }
    const line = emitFormat(emitted, ELASTIC_NDJSON_FORMAT, targets);
    if ('text' in line) ndjson.push(line.text.endsWith('\n') ? line.text : line.text + '\n');
    forms.push(
      'text' in line
        ? { format: ELASTIC_NDJSON_FORMAT, kind: 'written', path: ELASTIC_NDJSON_PATH, text: line.text, approximations: line.approximations }
        : { format: ELASTIC_NDJSON_FORMAT, kind: line.failed ? 'failed' : 'skipped', reason: line.reason },
    );
    builds.push({ rule, forms, agreement: checkRule(rule, targets) });
  }
  if (ndjson.length > 0) files.set(ELASTIC_NDJSON_PATH, ndjson.join(''));
  for (const b of builds) files.set(docsPath(b.rule), renderRulePage(b, builds));
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), rules: builds };
}

/** The rule with each `related` reference that names a rule of the set replaced by its id. */
export function withRelatedIds(rule: Rule, idByName: ReadonlyMap<string, string>): Rule {
  if (!rule.related.some((r) => idByName.has(r.ref))) return rule;
  return { ...rule, related: rule.related.map((r) => ({ ...r, ref: idByName.get(r.ref) ?? r.ref })) };
}

function emitForm(rule: Rule, form: OutputForm, targets: readonly Target<unknown>[]): FormOutcome {
  const result = emitFormat(rule, form.format, targets);
  if (!('text' in result)) return { format: form.format, kind: result.failed ? 'failed' : 'skipped', reason: result.reason };
  const path = form.path(rule);
  const header = form.comment ? headerComment(rule, form.comment, result.approximations) : '';
  return { format: form.format, kind: 'written', path, text: header + result.text, approximations: result.approximations };
}

/**
 * Strict, else lenient with approximations, else the reason it cannot be said at all. The
 * emitter comes from the given targets (the one whose `formats` names the format). Any other
 * error from the target is caught here and returned as `failed`: one broken or unfinished
 * target must not stop the other targets' files from being written.
 */
export function emitFormat(rule: Rule, format: string, targets: readonly Target<unknown>[]): EmitResult | { readonly reason: string; readonly failed: boolean } {
  let emit: Target<unknown>['formats'][string] | undefined;
  let owner: Target<unknown> | undefined;
  try {
    owner = targets.find((t) => Object.prototype.hasOwnProperty.call(t.formats, format));
    emit = owner?.formats[format];
  } catch (err) {
    return { reason: `looking up the ${format} format failed: ${message(err)}`, failed: true };
  }
  if (!emit || !owner) return { reason: `no target writes the ${format} format yet`, failed: false };
  try {
    const result = emitStrictElseLenient(emit, rule);
    return result instanceof NotExpressibleError ? { reason: `${result.predicate}: ${result.reason}`, failed: false } : result;
  } catch (err) {
    return { reason: `the ${owner.id} target failed to write ${format}: ${message(err)}`, failed: true };
  }
}

function headerComment(rule: Rule, marker: string, approximations: readonly Approximation[]): string {
  const lines = [`Generated by unirule from the rule ${rule.name} (${rule.id}); edit the rule, not this file.`];
  if (approximations.length > 0) {
    lines.push('APPROXIMATE: this form does not say exactly what the rule says:');
    for (const line of approximationLines(approximations)) lines.push(`  - ${line}`);
    lines.push(`The events that tell the forms apart are on docs/${rule.name}.md.`);
  }
  return lines.map((l) => `${marker} ${l}`.replace(/[\r\n]+/g, ' ')).join('\n') + '\n';
}

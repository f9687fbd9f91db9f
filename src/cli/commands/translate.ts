import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FORMAT_SUFFIX, translateRule, translationFormats } from '../../build/index.js';
import { readRuleAs } from '../../check/index.js';
import { formatDiagnostic, SourceError } from '../../diagnostics.js';
import { findRuleFiles, readTextFile } from '../../rule/index.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../exit.js';
import { detectLanguage, parseLanguage } from '../language.js';
import { tuneEngineForTranslation } from '../engine-tuning.js';
import { Progress } from '../progress.js';

interface TranslateOptions {
  to: string;
  from?: string;
  lenient?: boolean;
  out?: string;
  force?: boolean;
}

/**
 * `unirule translate RULE... --to F[,F]`: files and folders in one process. A rule that fails
 * (unreadable, not importable, not expressible) is reported with its file and reason and the
 * rest go on; the exit code says whether any failed.
 */
export function registerTranslate(program: Command): void {
  program
    .command('translate')
    .description('translate rules (unirule YAML, KQL, Sigma, EQL) to kql, sentinel, defender, sigma, eql, elastic-toml, elastic-ndjson or ir')
    .argument('<rules...>', 'rule files or folders')
    .requiredOption('--to <formats>', 'comma-separated formats')
    .option('--from <lang>', 'ir | kql | sigma | eql (default: from each file)')
    .option('--lenient', 'write the nearest form where a format cannot say the rule exactly, and name the difference')
    .option('--out <dir>', 'write one file per rule and format here instead of printing')
    .option('--force', 'with --out: overwrite files that already exist there')
    .action((paths: string[], opts: TranslateOptions) => {
      tuneEngineForTranslation();
      const known = translationFormats();
      const formats = opts.to.split(',').map((f) => f.trim()).filter((f) => f !== '');
      for (const f of formats) if (!known.includes(f)) throw new UsageError(`unknown format \`${f}\`; use ${known.join(', ')}`);
      if (formats.length === 0) throw new UsageError('--to names no format');
      const from = opts.from ? parseLanguage(opts.from) : undefined;
      const files = findRuleFiles(paths, ['.yml', '.yaml', '.kql', '.eql']);
      const progress = new Progress();
      const written = new Map<string, string>();
      // The folder is made when the first file is written (a run that writes nothing makes none).
      let outMade = false;
      let failed = 0;
      const fail = (file: string, reason: string): void => {
        failed++;
        process.stderr.write(`${file}: error: ${reason}\n`);
      };
      files.forEach((file, i) => {
        progress.update(() => `translating ${i + 1}/${files.length}: ${file}`);
        let rule;
        try {
          const text = readTextFile(file);
          // What an import could not carry over is said, not dropped (file:line:col: warning: ...).
          rule = readRuleAs(file, text, from ?? detectLanguage(file, text), (d) => process.stderr.write(formatDiagnostic(d) + '\n'));
        } catch (err) {
          if (err instanceof SourceError) {
            // Already `file:line:col: error: ...`, one line per problem.
            failed++;
            process.stderr.write(err.message + '\n');
            return;
          }
          if (err instanceof UsageError) return fail(file, err.message);
          throw err;
        }
        for (const format of formats) {
          const t = translateRule(rule, format, opts.lenient === true);
          if (!t.ok) {
            fail(file, t.reason);
            continue;
          }
          for (const a of t.approximations) process.stderr.write(`${file}: warning: ${format} approximates ${a.predicate}: ${a.reason}\n`);
          if (opts.out === undefined) {
            if (files.length > 1 || formats.length > 1) process.stdout.write(`==> ${file} (${format}) <==\n`);
            process.stdout.write(t.text.endsWith('\n') ? t.text : t.text + '\n');
            continue;
          }
          const target = join(opts.out, `${rule.name}${FORMAT_SUFFIX[format] ?? `.${format}`}`);
          const earlier = written.get(target);
          if (earlier !== undefined) {
            fail(file, `${target} was already written from ${earlier} (two rules named ${rule.name})`);
            continue;
          }
          // A file already there may be the user's own work: replace it only when asked.
          if (existsSync(target) && readFileSync(target, 'utf8') !== t.text && opts.force !== true) {
            fail(file, `${target} already exists and differs; not overwritten (use --force to replace it)`);
            continue;
          }
          if (!outMade) mkdirSync(opts.out, { recursive: true });
          outMade = true;
          writeAtomically(target, t.text);
          written.set(target, file);
        }
      });
      progress.done();
      if (opts.out !== undefined) process.stdout.write(`${written.size} file(s) written to ${opts.out}, ${failed} failure(s)\n`);
      process.exitCode = failed > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}

/** Temp file + rename, so a reader never sees half a file and a crash leaves the old one. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
  renameSync(temp, path);
}

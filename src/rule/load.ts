import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError, type Diagnostic, type SourcePosition } from '../diagnostics.js';
import type { Rule } from '../ir/rule.js';
import { convertRule } from './convert-rule.js';
import type { RawRule } from './raw-rule.js';
import { checkRuleSchema } from './schema-check.js';
import { sigmaKeyOffset } from './sigma-sniff.js';
import { decodeUtf8 } from './strict-utf8.js';
import { MAX_RULE_FILE_BYTES, readYamlSource } from './yaml-source.js';

export interface LoadedRule {
  readonly file: string;
  readonly rule: Rule;
  /** Warnings only: a rule with an error is never returned. */
  readonly warnings: readonly Diagnostic[];
  /** Where `id:` and `name:` are written, for errors only the whole rule set can find. */
  readonly idAt: SourcePosition;
  readonly nameAt: SourcePosition;
}

/** Text of a rule file → IR; throws SourceError listing every error (with file:line:col). */
export function loadRuleText(text: string, file: string): LoadedRule {
  const foreign = foreignRuleFile(text, file);
  if (foreign) throw foreign;
  const source = readYamlSource(text, file);
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw SourceError.at(file, 1, 1, 'a rule file must be a YAML mapping (id, name, title, ...)');
  }
  const schemaProblems = checkRuleSchema(source);
  if (schemaProblems.length > 0) throw new SourceError(schemaProblems);
  const { rule, diagnostics } = convertRule(source.value as unknown as RawRule, source);
  if (!rule) throw new SourceError(diagnostics.filter((d) => d.severity === 'error').concat(diagnostics.filter((d) => d.severity === 'warning')));
  return { file, rule, warnings: diagnostics, idAt: source.positionOf(['id'], true), nameAt: source.positionOf(['name'], true) };
}

/**
 * A KQL, EQL or Sigma file given to a command that reads unirule rules (validate, test, check,
 * build) would otherwise be reported as a dozen YAML or schema errors about keys it was never
 * meant to have. Say once what it is and how to import it. Told apart as `eval` and `diff` do:
 * by extension, and a YAML file with Sigma's `detection`, `filter` or `correlation` key but no
 * unirule `condition` (sigma-sniff.ts).
 */
function foreignRuleFile(text: string, file: string): SourceError | undefined {
  const lower = file.toLowerCase();
  let what: string | undefined = /\.(kql|csl|kusto)$/.test(lower) ? 'a KQL query' : lower.endsWith('.eql') ? 'an EQL query' : undefined;
  let line = 1;
  if (what === undefined) {
    const at = sigmaKeyOffset(text);
    if (at === undefined) return undefined;
    what = 'a Sigma rule';
    line = text.slice(0, at).split('\n').length;
  }
  return SourceError.at(file, line, 1, `this is ${what}, not a unirule rule file; \`unirule translate ${file} --to ir\` imports it (eval, diff and translate read it as it is)`);
}

export function loadRuleFile(path: string): LoadedRule {
  return loadRuleText(readTextFile(path), path);
}

/** Reads a user file as UTF-8 with a size bound; a missing or unreadable file is an input error. */
export function readTextFile(path: string, maxBytes = MAX_RULE_FILE_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw SourceError.at(path, 1, 1, 'not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw SourceError.at(path, 1, 1, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (size > maxBytes) throw SourceError.at(path, 1, 1, `file is larger than ${maxBytes} bytes`);
  return decodeUtf8(readFileSync(path), path);
}

const RULE_EXTENSIONS = ['.yml', '.yaml'];

/**
 * Rule files under the given paths: a file as given, a folder walked for *.yml / *.yaml,
 * sorted so every run (and `output/`) sees rules in the same order.
 */
export function findRuleFiles(paths: readonly string[], extensions: readonly string[] = RULE_EXTENSIONS): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.some((e) => entry.name.endsWith(e))) found.push(full);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw SourceError.at(p, 1, 1, 'no such file or folder');
    }
    if (st.isDirectory()) walk(p);
    else found.push(p);
  }
  return [...new Set(found)];
}

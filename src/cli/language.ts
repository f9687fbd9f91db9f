import { parse as parseYaml } from 'yaml';
import { SIGMA_DOCUMENT_KEYS, sigmaKeyOffset } from '../rule/index.js';
import type { TargetId } from '../targets/contract.js';
import { UsageError } from './exit.js';

export type Language = 'ir' | TargetId;
export const LANGUAGES: readonly Language[] = ['ir', 'kql', 'sigma', 'eql'];

export function parseLanguage(text: string): Language {
  if ((LANGUAGES as readonly string[]).includes(text)) return text as Language;
  throw new UsageError(`unknown language \`${text}\`; use one of ${LANGUAGES.join(', ')}`);
}

/**
 * The language of a rule file when `--lang` is not given: `.kql` and `.eql` by extension; a
 * YAML file is Sigma when it has a key only Sigma documents have (`detection`, or `filter` /
 * `correlation` for a file of filters or correlations alone), otherwise a unirule rule.
 */
export function detectLanguage(file: string, text: string): Language {
  const lower = file.toLowerCase();
  if (lower.endsWith('.kql') || lower.endsWith('.csl') || lower.endsWith('.kusto')) return 'kql';
  if (lower.endsWith('.eql')) return 'eql';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) {
    return sigmaKeyOffset(text) !== undefined ? 'sigma' : sniffYaml(text);
  }
  throw new UsageError(`cannot tell the language of ${file} from its extension; give --lang ir|kql|sigma|eql`);
}

function sniffYaml(text: string): Language {
  try {
    const doc = parseYaml(text, { maxAliasCount: 100 }) as unknown;
    if (doc !== null && typeof doc === 'object' && SIGMA_DOCUMENT_KEYS.some((k) => k in doc)) return 'sigma';
  } catch {
    // Let the real loader report the syntax error with its position.
  }
  return 'ir';
}

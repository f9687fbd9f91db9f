import type { Rule } from '../ir/rule.js';
// SigmaHQ's file naming belongs to the Sigma target; build only places the file.
import { sigmaFileName } from '../targets/sigma/file-name.js';

export { sigmaFileName };

/**
 * The files `build` writes per rule: which target format, where, and how the file says in a
 * comment that it is generated (and what it approximates). JSON forms cannot hold comments;
 * their approximations are stated on the rule's docs page only.
 */
export interface OutputForm {
  /** The format name of `target.formats`. */
  readonly format: string;
  /** Path below the output folder, with `/` separators. */
  readonly path: (rule: Rule) => string;
  /** Line-comment marker of the file's language, or undefined for JSON. */
  readonly comment?: string;
  /** Shown on the docs page: the query in a fenced block of this language. */
  readonly docs?: { readonly heading: string; readonly fence: string };
}

export const OUTPUT_FORMS: readonly OutputForm[] = [
  { format: 'kql', path: (r) => `kql/${r.name}.kql`, comment: '//', docs: { heading: 'Microsoft Defender XDR (KQL)', fence: 'kusto' } },
  { format: 'sentinel', path: (r) => `sentinel/${r.name}.yaml`, comment: '#' },
  { format: 'defender', path: (r) => `defender/${r.name}.json` },
  { format: 'sigma', path: (r) => `sigma/${sigmaFileName(r)}`, comment: '#', docs: { heading: 'Sigma', fence: 'yaml' } },
  { format: 'eql', path: (r) => `eql/${r.name}.eql`, comment: '//', docs: { heading: 'Elastic (EQL)', fence: 'eql' } },
  { format: 'elastic-toml', path: (r) => `elastic/${r.name}.toml`, comment: '#' },
];

/** Every rule's Kibana import line, in rule order, in one file. */
export const ELASTIC_NDJSON_PATH = 'elastic/rules.ndjson';
export const ELASTIC_NDJSON_FORMAT = 'elastic-ndjson';
export const MANIFEST_PATH = '.unirule-manifest.json';

export function docsPath(rule: Rule): string {
  return `docs/${rule.name}.md`;
}

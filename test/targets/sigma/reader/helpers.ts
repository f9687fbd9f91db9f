import { SourceError } from '../../../../src/diagnostics.js';
import type { JsonObject } from '../../../../src/ir/value.js';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { parseSigma, type SigmaParseOptions } from '../../../../src/targets/sigma/parse.js';

export const NOW = Date.parse('2026-11-20T12:00:00Z');
export const FILE = 'rule.yml';

/** A process_creation rule around a detection block written at two-space indentation. */
export function rule(detection: string, logsource = 'category: process_creation\n  product: windows'): string {
  return `title: Test rule\nid: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9\nstatus: test\nlogsource:\n  ${logsource}\ndetection:\n${indent(detection)}\nlevel: high\n`;
}

function indent(block: string): string {
  return block
    .replace(/^\n+|\s+$/g, '')
    .split('\n')
    .map((l) => (l === '' ? '' : `  ${l}`))
    .join('\n');
}

/** Does the rule text match the event? */
export function matches(text: string, event: JsonObject, options: SigmaParseOptions = {}): boolean {
  return compileSigma(parseSigma(text, FILE, options), { now: NOW })(event).matched;
}

/** One field item `key: value` (value as YAML) under `selection`, over one event. */
export function itemMatches(key: string, valueYaml: string, event: JsonObject, options: SigmaParseOptions = {}): boolean {
  return matches(rule(`selection:\n  ${quoteKey(key)}: ${valueYaml}\ncondition: selection`), event, options);
}

function quoteKey(key: string): string {
  return key.startsWith('|') ? `'${key}'` : key;
}

export interface Problem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The first diagnostic of the SourceError the thunk throws (fails when it does not throw one). */
export function problemOf(thunk: () => unknown): Problem {
  try {
    thunk();
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const d = err.diagnostics[0];
    if (!d) throw new Error('SourceError without diagnostics');
    if (d.file !== FILE) throw new Error(`diagnostic names ${d.file}, not ${FILE}`);
    return { line: d.position.line, col: d.position.col, message: d.message };
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

export const parseProblem = (text: string, options: SigmaParseOptions = {}): Problem => problemOf(() => parseSigma(text, FILE, options));

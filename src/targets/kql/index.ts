import type { Target } from '../contract.js';
import type { KqlQuery } from './ast.js';
import { emitKql } from './emit.js';
import { emitDefenderDetection } from './defender.js';
import { emitSentinel } from './sentinel.js';
import { compileKql, kqlChunkRunner, runKql } from './evaluate.js';
import { importKql } from './import.js';
import { parseKql } from './parse.js';
import { projectEvent, unprojectRow } from './schema.js';

/**
 * KQL for Defender XDR advanced hunting (default flavour, `Timestamp`) and Sentinel (flavour
 * `sentinel`, `TimeGenerated`), on the Device* tables.
 */
export const kqlTarget: Target<KqlQuery> = {
  id: 'kql',
  extension: '.kql',
  windowInQuery: true,
  emit: (rule, options) => emitKql(rule, options),
  parse: (text, sourceName) => parseKql(text, sourceName),
  compile: (parsed, options) => compileKql(parsed, options),
  run: (parsed, events, options) => runKql(parsed, events, options),
  chunkRunner: (parsed, options) => kqlChunkRunner(parsed, options),
  formats: {
    kql: (rule, options) => emitKql(rule, options),
    sentinel: (rule, options) => emitSentinel(rule, options),
    defender: (rule, options) => emitDefenderDetection(rule, options),
  },
  importRule: (parsed, sourceName, warn) => importKql(parsed, sourceName, warn),
  project: projectEvent,
  unproject: unprojectRow,
};

import './link-assets.js';
import { readFileSync } from 'node:fs';
import { tuneEngineForTranslation } from '../src/cli/engine-tuning.js';
import { TARGETS } from '../src/targets/registry.js';
import { time, type Timing } from './measure.js';

/**
 * The pipeline as a user's `unirule translate` runs it: a fresh process that reads
 * Sigma texts, imports each and emits it to every target, twice over the same texts. Run as a
 * child of the bench (translation.ts `benchFreshPipeline`), so that no earlier phase has
 * compiled its code or taught the engine other object shapes. Prints the two timings as JSON.
 */
// As `unirule translate` does before it reads a rule.
tuneEngineForTranslation();
const texts = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as string[];
const sigma = TARGETS.find((t) => t.id === 'sigma');
if (sigma === undefined) throw new Error('no sigma target');
const pass = (label: string): Timing =>
  time(label, () => {
    texts.forEach((text, i) => {
      const name = `bench-${i}.yml`;
      const rule = sigma.importRule(sigma.parse(text, name), name);
      for (const t of TARGETS) t.emit(rule, { lenient: true });
    });
  }).timing;
const first = pass('first pass');
const second = pass('second pass');
process.stdout.write(JSON.stringify([first, second]) + '\n');

import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { evaluateStream } from '../src/cli/eval-stream.js';
import { readNdjsonBatches } from '../src/events/index.js';
import type { Rule } from '../src/ir/rule.js';
import { bestAsync, msText, rates, type Timing } from './measure.js';

/**
 * What `unirule eval RULES EVENTS` costs end to end (src/cli/eval-stream.ts): the NDJSON read
 * from a file as a stream, checked as UTF-8, split into lines, parsed, made logical events,
 * evaluated by the rule set, and every match written as a JSON line — here into a sink that
 * drops it, so the figure does not depend on a disk or a pipe. Next to it, the reading alone
 * (the same stream up to JSON.parse), the floor of any streaming evaluator.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const REPEATS = 3;

export async function benchStream(rules: readonly Rule[], lines: readonly string[], floor: Timing, print: (s: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'unirule-bench-'));
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  try {
    const reading = await bestAsync('reading', REPEATS, async () => {
      let n = 0;
      for await (const batch of readNdjsonBatches(createReadStream(file), file, { onBadLine: 'stop' })) n += batch.length;
      return n;
    });
    print(`stream reading only (file → UTF-8 check → lines → JSON.parse): ${msText(reading.timing)} — ${rates(reading.result, reading.timing, ' events')}`);
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const run = await bestAsync('eval', REPEATS, async () => {
      bytes = 0;
      return evaluateStream(rules, createReadStream(file), file, sink, { now: NOW, onBadLine: 'stop', warn: () => undefined, tagged: true });
    });
    const { seen, matched } = run.result;
    print(
      `unirule eval, ${rules.length} rules, end to end: ${msText(run.timing)} — ${rates(seen, run.timing, ' events')}, ${matched} rows (${(bytes / 2 ** 20).toFixed(0)} MiB of JSON lines); ` +
        `${(run.timing.cpuMs / floor.cpuMs).toFixed(2)}× the JSON.parse floor in CPU time (${(run.timing.ms / floor.ms).toFixed(2)}× wall), ` +
        `${(run.timing.cpuMs / reading.timing.cpuMs).toFixed(2)}× the stream reading (${(run.timing.ms / reading.timing.ms).toFixed(2)}× wall)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import type { Command } from 'commander';
import { SourceError } from '../../diagnostics.js';
import { eventObject, nativeToLogical, openInput, readNdjsonBatches, toLogicalEvent } from '../../events/index.js';
import type { JsonValue, LogicalEvent } from '../../ir/value.js';
import { targetById } from '../../targets/registry.js';
import { EXIT_OK } from '../exit.js';
import { JsonLineBuffer, parseBadLinePolicy, skippedLine } from '../json-lines.js';
import { parseLanguage } from '../language.js';

/**
 * `unirule events --from L --to L EVENTS`: NDJSON between shapes — a logical event (`ir`), a
 * Defender row (`kql`), a Sysmon-shaped Sigma event, an ECS document (`eql`) — through the
 * logical event: the source target's unprojection, then the destination's projection.
 */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('convert NDJSON events between shapes: ir (logical), kql (Defender), sigma (Sysmon), eql (ECS)')
    .argument('<events>', 'NDJSON events, - for stdin')
    .requiredOption('--from <lang>', 'ir | kql | sigma | eql')
    .requiredOption('--to <lang>', 'ir | kql | sigma | eql')
    .option('--on-bad-line <policy>', 'stop | skip', 'stop')
    .action(async (file: string, opts: { from: string; to: string; onBadLine: string }) => {
      const from = parseLanguage(opts.from);
      const to = parseLanguage(opts.to);
      const policy = parseBadLinePolicy(opts.onBadLine);
      // Typed fields are checked in every shape (events/native-event.ts), with the same errors.
      const schema = from === 'ir' ? undefined : targetById(from);
      const toLogical = (value: JsonValue, line: number, text: string): LogicalEvent =>
        schema === undefined ? toLogicalEvent(value, file, line, text) : nativeToLogical(schema, eventObject(value, file, line), file, line, text);
      const fromLogical = (event: LogicalEvent): object => (to === 'ir' ? event : targetById(to).project(event));
      const batches = readNdjsonBatches(openInput(file), file, {
        onBadLine: policy,
        report: (d) => process.stderr.write(skippedLine([d]) + '\n'),
      });
      const lines = new JsonLineBuffer(process.stdout);
      try {
        for await (const batch of batches) {
          for (const { line, value, text } of batch) {
            let out: object;
            try {
              out = fromLogical(toLogical(value, line, text));
            } catch (err) {
              if (policy === 'stop' || !(err instanceof SourceError)) throw err;
              process.stderr.write(skippedLine(err.diagnostics) + '\n');
              continue;
            }
            lines.add(JSON.stringify(out));
          }
          await lines.flush();
        }
      } finally {
        // The events converted before a bad line stops the run are still written.
        await lines.flush();
      }
      process.exitCode = EXIT_OK;
    });
}


import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { SourceError, type Diagnostic } from '../diagnostics.js';
import type { JsonValue } from '../ir/value.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { Utf8LineChecker } from './utf8-lines.js';

/**
 * NDJSON read as a stream: memory stays bounded by the longest line, not the input, so a
 * multi-gigabyte export evaluates like a small one. A line longer than the bound is reported
 * and skipped without being buffered whole.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type BadLinePolicy = 'stop' | 'skip';

export interface NdjsonRecord {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly value: JsonValue;
}

export interface NdjsonOptions {
  readonly onBadLine: BadLinePolicy;
  /** Called for each bad line that is skipped (policy `skip`). */
  readonly report?: (d: Diagnostic) => void;
  readonly maxLineBytes?: number;
}

export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

export async function* readNdjson(input: Readable, sourceName: string, options: NdjsonOptions): AsyncGenerator<NdjsonRecord> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const utf8 = new Utf8LineChecker();
  let pending = '';
  let line = 0;
  let overlong = false;

  const bad = (at: number, col: number, message: string): void => {
    const d: Diagnostic = { file: sourceName, position: { line: at, col }, severity: 'error', message };
    if (options.onBadLine === 'stop') throw new SourceError([d]);
    options.report?.(d);
  };

  function* finishLine(text: string): Generator<NdjsonRecord> {
    line++;
    // Taken for every line, so the checker holds nothing for lines already finished.
    const badByte = utf8.take(line);
    if (overlong) {
      overlong = false;
      bad(line, 1, `line is longer than ${max} bytes`);
      return;
    }
    const body = (line === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    if (body.trim() === '') return;
    if (badByte !== undefined) {
      bad(line, badByte, 'line is not valid UTF-8');
      return;
    }
    let value: JsonValue;
    try {
      value = JSON.parse(body) as JsonValue;
    } catch (err) {
      bad(line, jsonErrorColumn(err, body), `not JSON: ${err instanceof Error ? err.message.replace(/ in JSON at position \d+.*$/, '') : String(err)}`);
      return;
    }
    yield { line, value };
  }

  try {
    for await (const chunk of input) {
      if (typeof chunk !== 'string') utf8.feed(chunk as Uint8Array);
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      let start = 0;
      let nl: number;
      while ((nl = pending.indexOf('\n', start)) >= 0) {
        yield* finishLine(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = start === 0 ? pending : pending.slice(start);
      if (pending.length > max) {
        // Keep counting the line but drop its text: the bound holds however long it gets.
        overlong = true;
        pending = '';
      }
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw SourceError.at(sourceName, line + 1, 1, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  utf8.end();
  pending += decoder.decode();
  if (pending.length > 0 || overlong) yield* finishLine(pending);
}

/** 1-based column of the first JSON error (V8's message gives a position only sometimes). */
function jsonErrorColumn(_err: unknown, body: string): number {
  return jsonErrorOffset(body) + 1;
}

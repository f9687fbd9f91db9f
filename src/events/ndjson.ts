import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { SourceError, type Diagnostic } from '../diagnostics.js';
import type { JsonValue } from '../ir/value.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { Utf8ChunkDecoder } from './utf8-chunks.js';
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
  /** The line's text (without a byte order mark or line end), for errors that point into it. */
  readonly text: string;
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

/**
 * The records of each chunk read, together: a consumer handles a batch at a time and awaits
 * once per chunk of input rather than once per line, which for short events would be most of
 * the cost of reading them.
 */
export async function* readNdjsonBatches(input: Readable, sourceName: string, options: NdjsonOptions): AsyncGenerator<NdjsonRecord[]> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const decoder = new Utf8ChunkDecoder();
  const utf8 = new Utf8LineChecker();
  let pending = '';
  let line = 0;
  let overlong = false;

  // Under `stop`, the error waits until the lines before it in the chunk have been yielded:
  // a consumer sees every event up to the bad line, as it would reading line by line.
  let stop: SourceError | undefined;
  const bad = (at: number, col: number, message: string): void => {
    const d: Diagnostic = { file: sourceName, position: { line: at, col }, severity: 'error', message };
    if (options.onBadLine === 'stop') stop = new SourceError([d]);
    else options.report?.(d);
  };

  const finishLine = (text: string, batch: NdjsonRecord[]): void => {
    line++;
    // Taken for every line, so the checker holds nothing for lines already finished.
    const badByte = utf8.take(line);
    if (overlong) {
      overlong = false;
      bad(line, 1, `line is longer than ${max} bytes`);
      return;
    }
    const body = lineBody(text, line === 1);
    if (isBlank(body)) return;
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
    batch.push({ line, value, text: body });
  };

  try {
    for await (const chunk of input) {
      if (typeof chunk !== 'string') utf8.feed(chunk as Uint8Array);
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array);
      const batch: NdjsonRecord[] = [];
      let start = 0;
      let nl: number;
      while (stop === undefined && (nl = pending.indexOf('\n', start)) >= 0) {
        finishLine(pending.slice(start, nl), batch);
        start = nl + 1;
      }
      if (stop !== undefined) {
        if (batch.length > 0) yield batch;
        throw stop;
      }
      pending = start === 0 ? pending : pending.slice(start);
      if (pending.length > max) {
        // Keep counting the line but drop its text: the bound holds however long it gets.
        overlong = true;
        pending = '';
      }
      if (batch.length > 0) yield batch;
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw SourceError.at(sourceName, line + 1, 1, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  utf8.end();
  pending += decoder.end();
  if (pending.length > 0 || overlong) {
    const batch: NdjsonRecord[] = [];
    finishLine(pending, batch);
    if (batch.length > 0) yield batch;
    if (stop !== undefined) throw stop;
  }
}

/** A line without the first line's byte order mark and a Windows line end's carriage return. */
function lineBody(text: string, first: boolean): string {
  const from = first && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const to = text.charCodeAt(text.length - 1) === 0x0d ? text.length - 1 : text.length;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/** Whether a line holds only white space (skipped); an event line starts with `{` and is asked once. */
function isBlank(body: string): boolean {
  return body.length === 0 || (body.charCodeAt(0) !== 0x7b && body.trim() === '');
}

/** 1-based column of the first JSON error (V8's message gives a position only sometimes). */
function jsonErrorColumn(_err: unknown, body: string): number {
  return jsonErrorOffset(body) + 1;
}

import { Buffer } from 'node:buffer';
import { wholeSequencesEnd } from './utf8-lines.js';

/**
 * A byte stream decoded chunk by chunk, each up to its last whole UTF-8 sequence; the bytes of
 * a character cut by the chunk's end wait for the next one. The runtime's own buffer decoding
 * is several times faster than a streaming TextDecoder on Node 20, which is most of the cost
 * of reading a large NDJSON file. Bad bytes decode to U+FFFD; whether a line held any is
 * Utf8LineChecker's to say (the reader refuses such a line), so how many U+FFFD they give does
 * not matter, and a line feed is never part of a sequence, so lines stay where they were.
 * A byte order mark is kept: the reader drops it from the first line.
 */
export class Utf8ChunkDecoder {
  private carry: Buffer | undefined;

  decode(chunk: Uint8Array): string {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry !== undefined) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    const end = wholeSequencesEnd(bytes, 0);
    // A copy: a stream may reuse the memory of the chunk it handed over.
    if (end < bytes.length) this.carry = Buffer.from(bytes.subarray(end));
    return bytes.toString('utf8', 0, end);
  }

  /** What is left at the end of the stream: an unfinished character, decoded as bad bytes. */
  end(): string {
    const rest = this.carry?.toString('utf8') ?? '';
    this.carry = undefined;
    return rest;
  }
}

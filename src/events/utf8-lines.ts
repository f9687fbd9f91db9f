import { isUtf8 } from 'node:buffer';

/**
 * Which lines of a byte stream are not valid UTF-8, and where. The NDJSON reader decodes with
 * replacement (a bad byte must not stop the whole stream) and asks this checker, fed the same
 * bytes, whether a line held bad bytes: looking for U+FFFD in the decoded text instead would
 * refuse events that contain a real, correctly encoded U+FFFD, as real logs do.
 *
 * Well-formed sequences are those of RFC 3629 (no overlong forms, surrogates or code points
 * past U+10FFFF); a line feed never occurs inside one, so byte lines are text lines.
 */
export class Utf8LineChecker {
  /** 1-based line of the next byte. */
  private line = 1;
  /** UTF-16 code units decoded so far on this line (the column of a bad byte is this + 1). */
  private units = 0;
  /** Continuation bytes still expected, and the allowed range of the next one. */
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  /** Units the pending sequence will decode to, and the column where it started. */
  private pendingUnits = 0;
  private startCol = 0;
  private atStreamStart = true;
  private readonly bad = new Map<number, number>();

  feed(bytes: Uint8Array): void {
    let i = 0;
    if (this.atStreamStart && bytes.length > 0) {
      this.atStreamStart = false;
      // A byte order mark is not part of the first line's text (the reader drops it too).
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    }
    if (this.need === 0) i = this.skipValid(bytes, i);
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.need > 0) {
        if (b >= this.lo && b <= this.hi) {
          this.lo = 0x80;
          this.hi = 0xbf;
          if (--this.need === 0) this.units += this.pendingUnits;
          continue;
        }
        // A sequence cut short: the error is where it began; this byte starts afresh.
        this.mark(this.startCol);
        this.need = 0;
        this.units++;
      }
      this.start(b);
    }
  }

  /**
   * Nearly every chunk is valid UTF-8 throughout, which the runtime checks far faster than a
   * loop here can (Node's `isUtf8` holds to the same RFC 3629 rules). Such bytes, up to the
   * last whole sequence, only move the line and column on; returns where the byte-by-byte
   * reading must go on: at a sequence cut by the chunk's end, or at once if anything is bad.
   */
  private skipValid(bytes: Uint8Array, from: number): number {
    const whole = wholeSequencesEnd(bytes, from);
    if (whole === from || !isUtf8(bytes.subarray(from, whole))) return from;
    const lastFeed = bytes.lastIndexOf(0x0a, whole - 1);
    if (lastFeed >= from) {
      for (let at = bytes.indexOf(0x0a, from); at >= 0 && at < whole; at = bytes.indexOf(0x0a, at + 1)) this.line++;
      this.units = utf16Units(bytes, lastFeed + 1, whole);
    } else {
      this.units += utf16Units(bytes, from, whole);
    }
    return whole;
  }

  /** The 1-based column of the first bad byte on `line`, if it had one; forgets the line. */
  take(line: number): number | undefined {
    const col = this.bad.get(line);
    this.bad.delete(line);
    return col;
  }

  /** At the end of the stream, an unfinished sequence is bad too. */
  end(): void {
    if (this.need > 0) this.mark(this.startCol);
    this.need = 0;
  }

  private start(b: number): void {
    if (b === 0x0a) {
      this.line++;
      this.units = 0;
      return;
    }
    if (b < 0x80) {
      this.units++;
      return;
    }
    this.startCol = this.units + 1;
    if (b >= 0xc2 && b <= 0xdf) this.expect(1, 0x80, 0xbf, 1);
    else if (b >= 0xe0 && b <= 0xef) this.expect(2, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf, 1);
    else if (b >= 0xf0 && b <= 0xf4) this.expect(3, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf, 2);
    else {
      this.mark(this.startCol);
      this.units++;
    }
  }

  private expect(need: number, lo: number, hi: number, units: number): void {
    this.need = need;
    this.lo = lo;
    this.hi = hi;
    this.pendingUnits = units;
  }

  private mark(col: number): void {
    if (!this.bad.has(this.line)) this.bad.set(this.line, col);
  }
}

/**
 * Where the last complete UTF-8 sequence of `bytes` ends: before a lead byte whose
 * continuation bytes are still to come in the next chunk (at most three bytes back).
 */
export function wholeSequencesEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const b = bytes[end - back]!;
    if (b < 0x80) return end;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? end - back : end;
    }
  }
  return end;
}

/** UTF-16 code units that valid UTF-8 bytes decode to: one per sequence, two for four-byte ones. */
function utf16Units(bytes: Uint8Array, from: number, to: number): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b >= 0xc0) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

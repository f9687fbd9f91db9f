import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { cachedRe2Size, clearRegexCache, compileRe2 } from '../../src/semantics/regex-cache.js';

describe('compiled regexes are shared by pattern and flags, within a bound', () => {
  it('gives the same program for the same pattern and flags, another for other flags', () => {
    const a = compileRe2('ab+c');
    expect(compileRe2('ab+c')).toBe(a);
    const multi = compileRe2('ab+c', RE2JS.MULTILINE);
    expect(multi).not.toBe(a);
    expect(multi.matcher('x\nabbc').find()).toBe(true);
  });

  it('throws the compiler’s error for an invalid pattern, every time', () => {
    let first: unknown;
    try {
      RE2JS.compile('a(b');
    } catch (err) {
      first = err;
    }
    expect(() => compileRe2('a(b')).toThrow((first as Error).message);
    expect(() => compileRe2('a(b')).toThrow((first as Error).message);
  });

  it('keeps at most 1024 programs however many distinct patterns it sees', () => {
    for (let i = 0; i < 3000; i++) compileRe2(`x${i}y`, i % 2 === 0 ? 0 : RE2JS.DOTALL);
    expect(cachedRe2Size().entries).toBe(1024);
    // A recently used pattern survives; the oldest do not (a fresh program is built).
    const recent = compileRe2('x2999y', RE2JS.DOTALL);
    expect(compileRe2('x2999y', RE2JS.DOTALL)).toBe(recent);
  });

  it('keeps the cached patterns under 128 K characters together', () => {
    for (let i = 0; i < 100; i++) compileRe2(`${'a'.repeat(4000)}${i}`);
    expect(cachedRe2Size().chars).toBeLessThanOrEqual(128 * 1024);
    expect(cachedRe2Size().entries).toBeGreaterThan(0);
  });

  it('starts empty after clearRegexCache, and compiles a fresh program for a pattern it held', () => {
    const before = compileRe2('cl(ea)r');
    clearRegexCache();
    expect(cachedRe2Size()).toEqual({ entries: 0, chars: 0 });
    const after = compileRe2('cl(ea)r');
    expect(after).not.toBe(before);
    expect(cachedRe2Size()).toEqual({ entries: 1, chars: 7 });
  });
});

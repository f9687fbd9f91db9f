import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../../src/build/output-dir.js';
import { SourceError } from '../../src/diagnostics.js';

/**
 * Issue 6: build never deletes or overwrites a file it did not write (it keeps a manifest), and
 * writes atomically (temp file + rename). These tests watch the folder from outside.
 */
const fresh = () => mkdtempSync(join(tmpdir(), 'unirule-safe-'));
const plan = (entries: Record<string, string>) => new Map(Object.entries(entries));
const MANIFEST = '.unirule-manifest.json';

function refusal(f: () => unknown): SourceError {
  try {
    f();
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function readFd(fd: number): string {
  const buf = Buffer.alloc(1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  return buf.subarray(0, n).toString('utf8');
}

describe('atomic replacement', () => {
  // rename(2) swaps the directory entry: a reader holding the old file keeps the old text and
  // sees no mix; writing in place (truncate + write) would show the new text through the old fd.
  it('a reader that opened the old file keeps reading the old text; the path holds the new text', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'old text\n' }));
    const before = statSync(join(dir, 'kql/a.kql')).ino;
    const fd = openSync(join(dir, 'kql/a.kql'), 'r');
    try {
      writeOutput(dir, plan({ 'kql/a.kql': 'new text, longer than the old\n' }));
      expect(readFd(fd)).toBe('old text\n');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(join(dir, 'kql/a.kql'), 'utf8')).toBe('new text, longer than the old\n');
    expect(statSync(join(dir, 'kql/a.kql')).ino).not.toBe(before);
  });

  it('a file that happens to have a temporary-looking name is left alone, and no temporary file stays', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'kql'));
    const decoy = join(dir, 'kql', `a.kql.unirule-tmp-${process.pid}`);
    writeFileSync(decoy, 'someone else\n');
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    expect(readFileSync(decoy, 'utf8')).toBe('someone else\n');
    expect(readdirSync(join(dir, 'kql')).sort()).toEqual(['a.kql', `a.kql.unirule-tmp-${process.pid}`]);
  });
});

describe('never overwrites or deletes what it did not write', () => {
  it('a file where a generated folder must be: refused before anything is written', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'kql'), 'a file named kql\n');
    const e = refusal(() => writeOutput(dir, plan({ 'docs/a.md': '# A\n', 'kql/a.kql': 'A\n', 'kql/b.kql': 'B\n' })));
    expect(e.diagnostics.map((d) => d.file)).toEqual([join(dir, 'kql')]);
    expect(e.message).toContain('is not a folder');
    expect(readFileSync(join(dir, 'kql'), 'utf8')).toBe('a file named kql\n');
    expect(existsSync(join(dir, 'docs'))).toBe(false);
    expect(existsSync(join(dir, MANIFEST))).toBe(false);
  });

  it('an output folder that is a file: refused', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'out'), 'x\n');
    expect(() => writeOutput(join(dir, 'out'), plan({ 'kql/a.kql': 'A\n' }))).toThrow(/output folder is a file/);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('x\n');
  });

  it('a generated file no longer produced but changed by hand is not deleted: refused, naming it', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'kql/old.kql': 'old\n' }));
    writeFileSync(join(dir, 'kql/old.kql'), 'old, with my notes\n');
    const e = refusal(() => writeOutput(dir, plan({ 'kql/a.kql': 'A2\n' })));
    expect(e.message).toContain(`${join(dir, 'kql/old.kql')}:1:1: error: is no longer generated but was changed`);
    expect(readFileSync(join(dir, 'kql/old.kql'), 'utf8')).toBe('old, with my notes\n');
    // Refused as a whole: the file that could have been updated was not.
    expect(readFileSync(join(dir, 'kql/a.kql'), 'utf8')).toBe('A\n');
  });

  it('a generated file replaced by a folder: refused', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    unlinkSync(join(dir, 'kql/a.kql'));
    mkdirSync(join(dir, 'kql/a.kql'));
    expect(() => writeOutput(dir, plan({ 'kql/a.kql': 'A2\n' }))).toThrow(/is not a file/);
  });

  it('a file not in the manifest is never deleted, even under a generated folder', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    writeFileSync(join(dir, 'kql/mine.kql'), 'mine\n');
    const r = writeOutput(dir, plan({}));
    expect(r.removed).toEqual(['kql/a.kql']);
    expect(readFileSync(join(dir, 'kql/mine.kql'), 'utf8')).toBe('mine\n');
  });

  // A build interrupted after its files but before its manifest: the files hold exactly what
  // would be written, so taking them into the manifest changes nothing of anyone's.
  it('files already holding exactly the planned text are adopted without being written', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'docs/a.md': '# A\n' }));
    unlinkSync(join(dir, MANIFEST));
    const r = writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'docs/a.md': '# A\n' }));
    expect(r.written).toEqual([]);
    expect(r.unchanged).toBe(2);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(['docs/a.md', 'kql/a.kql']);
  });

  it('but a file not in the manifest that differs from the plan is still refused', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    unlinkSync(join(dir, MANIFEST));
    expect(() => writeOutput(dir, plan({ 'kql/a.kql': 'A2\n' }))).toThrow(/was not written by unirule build/);
    expect(readFileSync(join(dir, 'kql/a.kql'), 'utf8')).toBe('A\n');
  });
});

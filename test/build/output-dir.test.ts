import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, manifestText, sha256, writeOutput } from '../../src/build/output-dir.js';
import { SourceError } from '../../src/diagnostics.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'unirule-out-'));
const plan = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('build output folder: manifest, safety, atomic writes', () => {
  it('writes every planned file and a manifest of their sha256', () => {
    const dir = fresh();
    const r = writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'docs/a.md': '# A\n' }));
    expect(r.written.sort()).toEqual(['docs/a.md', 'kql/a.kql']);
    expect(readFileSync(join(dir, 'kql/a.kql'), 'utf8')).toBe('A\n');
    const manifest = JSON.parse(readFileSync(join(dir, '.unirule-manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(manifest.files['kql/a.kql']).toBe(sha256('A\n'));
    // sha256 of "A\n", computed independently (printf 'A\n' | sha256sum).
    expect(sha256('A\n')).toBe('06f961b802bc46ee168555f066d28f4f0e9afdf3f88174c1ee6f9de004fc30a0');
  });

  it('leaves no temporary files behind', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    expect(readdirSync(join(dir, 'kql'))).toEqual(['a.kql']);
  });

  it('a second run with the same plan writes nothing', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    const r = writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    expect(r.written).toEqual([]);
    expect(r.unchanged).toBe(1);
  });

  it('never overwrites a file it did not write: error naming it, nothing written', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'kql'));
    writeFileSync(join(dir, 'kql/a.kql'), 'mine\n');
    let error: unknown;
    try {
      writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'kql/b.kql': 'B\n' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain(join(dir, 'kql/a.kql'));
    expect(readFileSync(join(dir, 'kql/a.kql'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'kql/b.kql'))).toBe(false);
  });

  it('refuses to overwrite a generated file changed by hand', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    writeFileSync(join(dir, 'kql/a.kql'), 'edited\n');
    expect(() => writeOutput(dir, plan({ 'kql/a.kql': 'A2\n' }))).toThrow(/changed since unirule build wrote it/);
  });

  it('removes files it wrote before that are no longer produced, and their empty folders', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'eql/old.eql': 'old\n' }));
    const r = writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    expect(r.removed).toEqual(['eql/old.eql']);
    expect(existsSync(join(dir, 'eql'))).toBe(false);
  });

  it('leaves other people\'s files in the folder alone', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'README.txt'), 'keep\n');
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n' }));
    writeOutput(dir, plan({}));
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toBe('keep\n');
  });

  it('--check names missing, stale and extra files and writes nothing', () => {
    const dir = fresh();
    writeOutput(dir, plan({ 'kql/a.kql': 'A\n', 'kql/gone.kql': 'G\n' }));
    const s = checkOutput(dir, plan({ 'kql/a.kql': 'A changed\n', 'kql/new.kql': 'N\n' }));
    expect(s.missing).toEqual(['kql/new.kql']);
    expect(s.stale).toEqual(['kql/a.kql', '.unirule-manifest.json']);
    expect(s.extra).toEqual(['kql/gone.kql']);
    expect(existsSync(join(dir, 'kql/new.kql'))).toBe(false);
  });

  it('--check on a fresh folder finds nothing', () => {
    const dir = fresh();
    const files = plan({ 'kql/a.kql': 'A\n' });
    writeOutput(dir, files);
    expect(checkOutput(dir, files)).toEqual({ missing: [], stale: [], extra: [] });
  });

  it('a manifest entry that climbs out of the folder is refused', () => {
    const dir = fresh();
    writeFileSync(join(dir, '.unirule-manifest.json'), JSON.stringify({ files: { '../x': 'abc' } }));
    expect(() => writeOutput(dir, plan({}))).toThrow(/bad entry/);
  });

  it('the manifest text is sorted and stable', () => {
    expect(manifestText(plan({ 'b': '1', 'a': '2' }))).toBe(manifestText(plan({ 'a': '2', 'b': '1' })));
  });
});

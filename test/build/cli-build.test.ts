import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'test/cli/fixtures/service-stop.yml';
const unirule = (args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('unirule build', () => {
  it('builds, then --check passes; a changed file makes --check exit 1 naming it', () => {
    const out = mkdtempSync(join(tmpdir(), 'unirule-build-'));
    expect(unirule(['build', RULE, '--out', out]).code).toBe(0);
    expect(unirule(['build', RULE, '--out', out, '--check']).code).toBe(0);
    const kql = join(out, 'kql/cli-fixture-service-stop.kql');
    writeFileSync(kql, readFileSync(kql, 'utf8') + '| take 1\n');
    const r = unirule(['build', RULE, '--out', out, '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`stale   ${out}/kql/cli-fixture-service-stop.kql`);
  });

  it('a file build did not write is in the way: exit 2 naming it', () => {
    const out = mkdtempSync(join(tmpdir(), 'unirule-build-'));
    mkdirSync(join(out, 'docs'));
    writeFileSync(join(out, 'docs/cli-fixture-service-stop.md'), 'my notes\n');
    const r = unirule(['build', RULE, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(out, 'docs/cli-fixture-service-stop.md')}:1:1: error: was not written by unirule build`);
    expect(readFileSync(join(out, 'docs/cli-fixture-service-stop.md'), 'utf8')).toBe('my notes\n');
  });

  it('--check on an empty folder names the missing files', () => {
    const out = mkdtempSync(join(tmpdir(), 'unirule-build-'));
    const r = unirule(['build', RULE, '--out', out, '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`missing ${out}/docs/cli-fixture-service-stop.md`);
  });
});

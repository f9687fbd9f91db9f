import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * README examples run for real: every `$ unirule ...` line in a ```console block is run from
 * the project root (through the built bin), its exit code compared with the `# exit N` (or
 * `# exit N or M`) comment (0 when there is none), and the lines shown under it must be
 * printed, in that order, as whole lines. `...` marks lines left out; a block without `...`
 * must print exactly what it shows.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Example {
  readonly command: string;
  readonly args: readonly string[];
  readonly exits: readonly number[];
  readonly shown: readonly string[];
  readonly elided: boolean;
}

function readmeExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const blocks = markdown.split(/^```console\n/m).slice(1).map((b) => b.slice(0, b.indexOf('\n```')));
  for (const block of blocks) {
    let current: { command: string; args: string[]; exits: number[]; shown: string[]; elided: boolean } | undefined;
    for (const line of block.split('\n')) {
      const m = /^\$ unirule (.*?)(?:\s+# exit (\d+)(?: or (\d+))?.*)?$/.exec(line);
      if (m) {
        if (current) out.push(current);
        const command = m[1] as string;
        current = { command, args: command.split(/\s+/).filter((a) => a !== ''), exits: m[2] === undefined ? [0] : [m[2], m[3]].filter((x) => x !== undefined).map(Number), shown: [], elided: false };
        continue;
      }
      if (!current) throw new Error(`README: output before any command: ${line}`);
      if (line === '...') current.elided = true;
      else current.shown.push(line);
    }
    if (current) out.push(current);
  }
  return out;
}

const examples = readmeExamples(readFileSync(`${ROOT}README.md`, 'utf8'));

describe('README examples', () => {
  it('there are some', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.map((e) => [e.command, e] as const))('unirule %s', (_c, e) => {
    const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...e.args], { cwd: ROOT, encoding: 'utf8' });
    expect(e.exits, r.stderr).toContain(r.status);
    const printed = r.stdout.replace(/\n$/, '').split('\n').filter((l, i, all) => !(all.length === 1 && l === ''));
    if (!e.elided) {
      expect(printed).toEqual(e.shown);
      return;
    }
    let at = 0;
    for (const want of e.shown) {
      const found = printed.indexOf(want, at);
      expect(found, `"${want}" after line ${at} of:\n${r.stdout}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/main.js';

/** `unirule eval RULE.yml EVENTS --lang sigma`, run in-process: Sigma's own parser and semantics. */
const dir = mkdtempSync(join(tmpdir(), 'unirule-sigma-eval-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => vi.restoreAllMocks());

const ruleText = `title: Service stop
id: 5f1a0c4e-3b2d-4e8f-9a7b-1c2d3e4f5a6b
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\sc.exe'
    CommandLine|contains|windash: ' -stop'
  servers:
    Computer|expand: '%Servers%'
  condition: selection and not servers
`;
const events = [
  { EventID: 1, Image: 'C:\\Windows\\System32\\sc.exe', CommandLine: 'sc \u2013stop WinDefend', Computer: 'ws1', n: 1 },
  { EventID: 1, Image: 'C:\\Windows\\System32\\sc.exe', CommandLine: 'sc /stop x', Computer: 'SRV1', n: 2 },
  { EventID: 13, Image: 'C:\\Windows\\System32\\sc.exe', CommandLine: 'sc -stop x', Computer: 'ws2', n: 3 },
  { EventID: 1, Image: 'C:\\Windows\\System32\\sc.exe', CommandLine: 'sc query', Computer: 'ws3', n: 4 },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

describe('unirule eval --lang sigma', () => {
  const rulePath = write('stop.yml', ruleText);
  const eventsPath = write('events.ndjson', `${events}\n`);

  it('prints the matching events, with --placeholder resolving expand', async () => {
    const r = await run(['eval', rulePath, eventsPath, '--lang', 'sigma', '--placeholder', 'Servers=srv1', '--placeholder', 'Servers=srv2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1]);
  });

  it('detects Sigma from the detection key without --lang', async () => {
    const r = await run(['eval', rulePath, eventsPath, '--placeholder', '%Servers%=none']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 2]);
  });

  it('a placeholder without a value is an input error naming it, exit 2', async () => {
    const r = await run(['eval', rulePath, eventsPath, '--lang', 'sigma']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${rulePath}:11:23: error: placeholder %Servers% has no value`);
  });

  it('--placeholder on a rule that is not Sigma is a usage error', async () => {
    const r = await run(['eval', rulePath, eventsPath, '--lang', 'kql', '--placeholder', 'A=b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not Sigma/);
  });

  it('--placeholder without = is a usage error', async () => {
    const r = await run(['eval', rulePath, eventsPath, '--placeholder', 'Servers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NAME=VALUE/);
  });
});

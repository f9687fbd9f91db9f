/**
 * A minimal valid rule file around one condition, for the lint tests: everything but the
 * condition (and what `extra` adds before it) is fixed, so a finding can only come from there.
 */
export function ruleWith(kind: string, predicate: string, extra = ''): string {
  return `id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
name: lint
title: Lint
date: 2026-11-22
status: experimental
severity: high
confidence: high
attack:
  version: "19"
  techniques: [T1489]
logsources: [${kind}]
${extra}condition:
${predicate}
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: any
      expect: no_match
      event: { kind: ${kind} }
`;
}

/**
 * `line:col` (1-based) where `needle` starts on the first line holding it, or on the last with
 * `last`: a value repeated in a rule's tests is found in its condition by the first.
 */
export function positionOf(text: string, needle: string, last = false): string {
  const lines = text.split('\n');
  let line = -1;
  lines.forEach((l, i) => {
    if (l.includes(needle) && (last || line < 0)) line = i;
  });
  return `${line + 1}:${(lines[line] as string).indexOf(needle) + 1}`;
}

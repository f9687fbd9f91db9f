/**
 * A rule file (the rule model's YAML) with one test case whose event is written as given:
 * for the tests of how the loader reads a test event (a joined field given instead of its parts).
 */
export function oneCaseRuleFile(logsource: string, technique: string, condition: string, event: string): string {
  return [
    'id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c12',
    'name: one-case',
    'title: t',
    'description: d',
    'author: [a]',
    'date: 2026-11-22',
    'status: experimental',
    'severity: low',
    'confidence: low',
    `attack: { version: "18", techniques: [${technique}] }`,
    `logsources: [${logsource}]`,
    `condition: ${condition}`,
    'tests:',
    "  now: '2026-11-20T12:00:00Z'",
    '  cases:',
    '    - name: c',
    '      expect: match',
    '      reason: r',
    `      event: ${event}`,
    '',
  ].join('\n');
}

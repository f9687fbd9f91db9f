import type { EventKind } from '../../ir/event-kind.js';
import type { Rule } from '../../ir/rule.js';
import { SIGMA_KINDS } from './taxonomy.js';

/**
 * SigmaHQ's file name for a rule (sigma.md "A rule"): `<category prefix>_<product>_<what>.yml`,
 * e.g. `proc_creation_win_sc_stop_service.yml`, `registry_set_win_defender_disabled.yml`. The
 * prefix is the rule's first log source (a multi-document file is named after its first
 * document); `<what>` is the rule's name, whose words are joined with `_` as SigmaHQ does.
 */
export function sigmaFileName(rule: Pick<Rule, 'name' | 'logsources'>): string {
  const kind: EventKind = rule.logsources[0] ?? 'process_creation';
  const what = rule.name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .join('_');
  return `${SIGMA_KINDS[kind].filePrefix}_win_${what || 'rule'}.yml`;
}

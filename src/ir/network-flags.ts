import { foldAscii } from '../semantics/fold.js';

/**
 * Two facts of a network connection that Sysmon event 3 writes as a `true`/`false` flag and the
 * rule model, after ECS, as a named value:
 * - `network.direction`: Sysmon `Initiated` is `true` when the acting process opened the
 *   connection and `false` when it accepted one; ECS says `egress` and `ingress`.
 * - `network.type`: Sysmon `DestinationIsIpv6` (and `SourceIsIpv6`, the same for one
 *   connection) is `true` for IPv6 and `false` for IPv4; ECS says `ipv6` and `ipv4`.
 * The pairs are the ones Elastic's own Sysmon ingest pipeline writes (elastic/integrations,
 * packages/windows/data_stream/sysmon_operational/elasticsearch/ingest_pipeline/default.yml:
 * `Initiated == "true"` → `network.direction: egress`, `"false"` → `ingress`;
 * `SourceIsIpv6 == "false"` → `network.type: ipv4`, `"true"` → `ipv6`).
 *
 * ECS allows other directions (inbound, outbound, internal, external, unknown) and Elastic
 * Defend has written `outgoing`/`incoming` (Elastic's detection rules test
 * `network.direction : ("outgoing", "egress")`); Sysmon has no spelling for them, so a rule
 * on them has no Sigma form.
 */
export interface NetworkFlag {
  /** The logical field. */
  readonly field: string;
  /** The Sysmon field that writes it as a flag (the one the writer tests). */
  readonly sysmonField: string;
  /** Other Sysmon fields that write the same flag with the same value on every event. */
  readonly sameFlagFields: readonly string[];
  /** Sysmon's `true` and `false` spellings, with the logical value each stands for. */
  readonly values: readonly (readonly [sysmon: 'true' | 'false', logical: string])[];
}

export const NETWORK_DIRECTION: NetworkFlag = {
  field: 'network.direction',
  sysmonField: 'Initiated',
  sameFlagFields: [],
  values: [
    ['true', 'egress'],
    ['false', 'ingress'],
  ],
};

export const NETWORK_TYPE: NetworkFlag = {
  field: 'network.type',
  sysmonField: 'DestinationIsIpv6',
  // Both ends of one connection speak one IP version: Sysmon writes the two flags alike, and
  // Elastic's pipeline derives network.type from SourceIsIpv6.
  sameFlagFields: ['SourceIsIpv6'],
  values: [
    ['true', 'ipv6'],
    ['false', 'ipv4'],
  ],
};

/** Every Sysmon field that writes the flag, the writer's own first. */
export function flagFieldNames(flag: NetworkFlag): readonly string[] {
  return [flag.sysmonField, ...flag.sameFlagFields];
}

/** The Sysmon flag for a logical value in any ASCII case, or undefined when Sysmon has none. */
export function flagOf(flag: NetworkFlag, logical: string): 'true' | 'false' | undefined {
  const f = foldAscii(logical);
  return flag.values.find(([, l]) => l === f)?.[0];
}

/** The logical value a Sysmon flag (in any ASCII case) stands for, or undefined for other text. */
export function valueOfFlag(flag: NetworkFlag, sysmon: string): string | undefined {
  const f = foldAscii(sysmon);
  return flag.values.find(([s]) => s === f)?.[1];
}

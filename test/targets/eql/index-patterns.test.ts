import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, type EventKind } from '../../../src/ir/event-kind.js';
import { ECS_KINDS, INDEX_PATTERNS } from '../../../src/targets/eql/schema.js';

/*
 * What Elastic's Sysmon pipeline (elastic/integrations, windows sysmon_operational ingest
 * pipeline; Winlogbeat's Sysmon module does the same) writes for each Sysmon event the rule
 * model reads: event.category and the event.type values, and where the kind's own object goes.
 */
const SYSMON_PIPELINE: Readonly<Record<EventKind, { category: string; types: readonly string[] }>> = {
  process_creation: { category: 'process', types: ['start'] }, // event 1
  network_connection: { category: 'network', types: ['start', 'connection', 'protocol'] }, // event 3
  image_load: { category: 'process', types: ['change'] }, // event 7, module under file.*
  file_event: { category: 'file', types: ['creation'] }, // event 11
  registry_set: { category: 'registry', types: ['change'] }, // event 13 (also configuration)
  file_delete: { category: 'file', types: ['deletion'] }, // events 23 and 26
  registry_add: { category: 'registry', types: ['change'] }, // event 12, as event 13
  registry_delete: { category: 'registry', types: ['change'] }, // event 12, as event 13
  driver_load: { category: 'driver', types: ['start'] }, // event 6, driver under file.*
};
const SYSMON_INDICES = ['winlogbeat-*', 'logs-windows.sysmon_operational-*'];

describe('a kind lists the Sysmon indices only where its query reads what the pipeline writes there', () => {
  it.each(EVENT_KINDS.map((k) => [k] as const))('%s', (kind) => {
    const fits = ECS_KINDS[kind].category === SYSMON_PIPELINE[kind].category && SYSMON_PIPELINE[kind].types.includes(ECS_KINDS[kind].type);
    for (const index of SYSMON_INDICES) expect(INDEX_PATTERNS[kind].includes(index)).toBe(fits);
  });

  it('image loads come from Elastic Defend library events alone', () => {
    expect(INDEX_PATTERNS.image_load).toEqual(['logs-endpoint.events.library-*']);
  });

  it("driver loads come from the Sysmon pipeline alone: Elastic Defend's driver events hold the driver under dll.*, not file.*", () => {
    expect(INDEX_PATTERNS.driver_load).toEqual(SYSMON_INDICES);
  });
});

import { describe, expect, it } from 'vitest';
import { latestAttackVersion, ruleTacticIds } from '../../../../src/attack/index.js';
import { importSigmaDocuments } from '../../../../src/targets/sigma/import.js';
import { impliedTactics, readTag, tagReading } from '../../../../src/targets/sigma/tag-reading.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { FILE } from './helpers.js';

/**
 * Tag readings are remembered per tag (tag-reading.ts): the remembered answer must be the one a
 * fresh reading gives, however often and in whatever order tags are asked.
 */
const TAGS = [
  'attack.t1059', // a technique
  'attack.t1059.001', // a sub-technique
  'attack.t1562.004', // revoked in the newest shipped version (data/attack)
  'attack.t1053.004', // deprecated
  'attack.t9999', // unknown
  'attack.execution', // a tactic
  'attack.defense_evasion', // a tactic, older spelling
  'attack.s0001', // software
  'attack.nothing', // no tactic of that name
  'car.2016-04-005',
  'tlp.white',
];

describe('a remembered tag reading is a fresh reading', () => {
  it.each(TAGS)('%s', (tag) => {
    const fresh = readTag(tag);
    expect(tagReading(tag)).toEqual(fresh);
    expect(tagReading(tag)).toEqual(fresh);
  });

  it('implied tactics are ruleTacticIds of the techniques, remembered or not', () => {
    for (const techniques of [[], ['T1059'], ['T1059', 'T1547.001'], ['T1547.001', 'T1059']]) {
      const want = ruleTacticIds({ version: latestAttackVersion(), techniques });
      expect([...impliedTactics(techniques)]).toEqual(want);
      expect([...impliedTactics(techniques)]).toEqual(want);
    }
  });

  it('importing the same rule twice gives the same attack and the same warnings', () => {
    const text = `title: Tags twice\nid: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9\ntags:\n${TAGS.map((t) => `  - ${t.toUpperCase()}\n`).join('')}logsource:\n  category: process_creation\n  product: windows\ndetection:\n  sel:\n    CommandLine|contains: 'evil'\n  condition: sel\n`;
    const first = importSigmaDocuments(parseSigma(text, FILE), FILE);
    const second = importSigmaDocuments(parseSigma(text, FILE), FILE);
    expect(second.rule.attack).toEqual(first.rule.attack);
    expect(second.warnings).toEqual(first.warnings);
    // Messages quote the tag as written, not the lower-case key of the table.
    expect(first.warnings.some((w) => w.message.includes('tag ATTACK.T9999:'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { inNetwork, parseNetwork } from '../../src/semantics/cidr.js';
import { foldAscii, foldRepeated } from '../../src/semantics/fold.js';
import { toNumber } from '../../src/semantics/numeric.js';

describe('case folding is ASCII only', () => {
  it.each([
    ['SC.EXE', 'sc.exe'],
    ['ÉCOLE', 'École'],
    ['\u212a', '\u212a'],
    ['ẞ', 'ẞ'],
  ])('%j folds to %j', (value, expected) => {
    expect(foldAscii(value)).toBe(expected);
    // Asked twice: the second answer comes from the memo.
    expect(foldRepeated(value)).toBe(expected);
    expect(foldRepeated(value)).toBe(expected);
  });

  it('the memo of folded strings answers as folding does, past its bounds', () => {
    // More distinct strings than the memo keeps, some longer than it keeps, each asked twice
    // in interleaved order, so answers come from a full, a fresh and a bypassed memo.
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? `Ab${'X'.repeat(600)}${i}É` : `C:\\Windows\\CMD${i}.EXE é É`));
    for (let round = 0; round < 2; round++) for (const v of values) expect(foldRepeated(v)).toBe(foldAscii(v));
  });
});

describe('CIDR membership', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.1.255', '192.168.1.0/24', true],
    ['192.168.2.0', '192.168.1.0/24', false],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['1.2.3.4', '1.2.3.4', true],
    ['fe80::1', 'fe80::/10', true],
    ['fec0::1', 'fe80::/10', false],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.0/104', true],
    // The other family, or text that is no address, never matches.
    ['10.0.0.1', '::/0', false],
    ['not-an-ip', '10.0.0.0/8', false],
    ['010.0.0.1', '10.0.0.0/8', false],
  ])('%s in %s → %s', (address, network, expected) => {
    const net = parseNetwork(network);
    expect(net).toBeDefined();
    expect(inNetwork(address, net!)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '10.0.0/8', '::/129', 'x/8'])('%j is not a network', (text) => {
    expect(parseNetwork(text)).toBeUndefined();
  });
});

describe('numbers', () => {
  it.each([
    [4, 4],
    ['4', 4],
    [' 4 ', 4],
    ['-1.5', -1.5],
    ['1e3', 1000],
    ['0x10', undefined],
    ['', undefined],
    ['four', undefined],
    [true, undefined],
  ] as const)('%j reads as %s', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { approximationLines } from '../../src/check/approximation-lines.js';

describe('declared approximations as lines', () => {
  it('one line per reason; predicates sharing a reason are listed under it once, in order', () => {
    const lines = approximationLines([
      { predicate: 'derived field A', reason: 'no computed fields' },
      { predicate: 'process.name equals "sc.exe"', reason: 'read off Image' },
      { predicate: 'derived field B', reason: 'no computed fields' },
      { predicate: 'derived field A', reason: 'no computed fields' },
    ]);
    expect(lines).toEqual(['no computed fields (derived field A; derived field B)', 'process.name equals "sc.exe": read off Image']);
  });
});

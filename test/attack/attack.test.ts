import { describe, expect, it } from 'vitest';
import { latestAttackVersion, resolveRevoked, tacticsFor, techniqueIn } from '../../src/attack/index.js';

// Facts from the ATT&CK Enterprise releases v18.1 and v19 (the shipped data/attack files).
describe('ATT&CK data', () => {
  it('ships v19 as the newest version', () => {
    expect(latestAttackVersion()).toBe('19');
  });
  it('knows T1562 Impair Defenses in v18 under Defense Evasion', () => {
    expect(techniqueIn('18', 'T1562')?.name).toBe('Impair Defenses');
    expect(tacticsFor('T1562', '18').map((t) => t.id)).toEqual(['TA0005']);
    expect(resolveRevoked('T1562', '18')).toBeUndefined();
  });
  it('follows the v19 revocation of T1562 to T1685', () => {
    expect(resolveRevoked('T1562', '19')?.id).toBe('T1685');
    expect(resolveRevoked('T1562.002', '19')?.id).toBe('T1685.001');
  });
  it('places T1489 Service Stop under Impact', () => {
    expect(techniqueIn('18', 'T1489')?.name).toBe('Service Stop');
    expect(tacticsFor('T1489', '18').map((t) => t.name)).toEqual(['Impact']);
  });
  it('does not know made-up ids', () => {
    expect(techniqueIn('18', 'T9999')).toBeUndefined();
  });
});

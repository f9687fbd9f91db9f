import { readFileSync } from 'node:fs';

/**
 * The shipped ATT&CK facts (data/attack/README.md). Read lazily and once per version: most
 * commands never ask, and the CLI should not pay for parsing two matrices at start-up.
 */
export interface Tactic {
  readonly id: string;
  readonly name: string;
  readonly shortname: string;
}

export interface Technique {
  readonly id: string;
  readonly name: string;
  /** Tactic shortnames, as ATT&CK's kill-chain phases name them. */
  readonly tactics: readonly string[];
  /** The parent technique of a sub-technique. */
  readonly parent?: string;
  /** Set exactly when the technique is revoked. */
  readonly revokedBy?: string;
  readonly deprecated: boolean;
}

export interface AttackMatrix {
  /** Major version, e.g. "19". */
  readonly version: string;
  /** Full version, e.g. "19.1". */
  readonly fullVersion: string;
  readonly tactics: readonly Tactic[];
  readonly techniques: ReadonlyMap<string, Technique>;
}

/** Major versions shipped in data/attack, oldest first. */
export const ATTACK_VERSIONS = ['18', '19'] as const;

const cache = new Map<string, AttackMatrix>();

export function attackMatrix(version: string): AttackMatrix | undefined {
  if (!(ATTACK_VERSIONS as readonly string[]).includes(version)) return undefined;
  let m = cache.get(version);
  if (!m) {
    const url = new URL(`../../data/attack/enterprise-v${version}.json`, import.meta.url);
    m = decodeMatrix(version, JSON.parse(readFileSync(url, 'utf8')) as unknown);
    cache.set(version, m);
  }
  return m;
}

type Row = [string, string, string?, string?, string?];

interface FileShape {
  readonly attack_version: string;
  readonly tactics: readonly [string, string, string][];
  readonly techniques: Readonly<Record<string, Row>>;
}

function decodeMatrix(version: string, raw: unknown): AttackMatrix {
  const file = raw as FileShape;
  const tactics = file.tactics.map(([id, name, shortname]) => Object.freeze({ id, name, shortname }));
  const techniques = new Map<string, Technique>();
  for (const [id, row] of Object.entries(file.techniques)) {
    const [name, tacticText, parent, revokedBy, flag] = row;
    techniques.set(
      id,
      Object.freeze({
        id,
        name,
        tactics: Object.freeze(tacticText ? tacticText.split(' ') : []),
        ...(parent ? { parent } : {}),
        ...(revokedBy ? { revokedBy } : {}),
        deprecated: flag === 'deprecated',
      }),
    );
  }
  return Object.freeze({ version, fullVersion: file.attack_version, tactics: Object.freeze(tactics), techniques });
}

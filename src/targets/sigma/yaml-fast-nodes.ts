import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * The nodes the fast front end builds are the `yaml` library's classes, so the Sigma reader
 * reads both paths alike; but the library's constructors tag each instance with
 * Object.defineProperty, which made building the nodes cost more than reading the text.
 * These subclasses carry the same tag on their prototype instead (copied from an instance, so
 * it is whatever this version of the library uses), and their constructors only assign
 * fields. isScalar/isMap/isSeq and instanceof hold for them as for the library's own nodes;
 * test/targets/sigma/reader/yaml-fast.test.ts compares them through those very checks.
 */
function tagPrototype(proto: object, sample: object): void {
  for (const symbol of Object.getOwnPropertySymbols(sample)) {
    Object.defineProperty(proto, symbol, { value: (sample as Record<symbol, unknown>)[symbol] });
  }
}

type Range = [number, number, number];

class FastScalar {
  constructor(
    readonly value: unknown,
    readonly range: Range,
  ) {}
}
class FastMap {
  readonly items: Pair[] = [];
  range: Range = [0, 0, 0];
}
class FastSeq {
  readonly items: unknown[] = [];
  range: Range = [0, 0, 0];
  flow = false;
}
class FastPair {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}

for (const [fast, Library, sample] of [
  [FastScalar, Scalar, new Scalar(null)],
  [FastMap, YAMLMap, new YAMLMap()],
  [FastSeq, YAMLSeq, new YAMLSeq()],
  [FastPair, Pair, new Pair(null)],
] as const) {
  Object.setPrototypeOf(fast.prototype, Library.prototype);
  tagPrototype(fast.prototype, sample);
}

export const newScalar = (value: string | number | boolean | null, range: Range): Scalar => new FastScalar(value, range) as unknown as Scalar;
export const newMap = (): YAMLMap => new FastMap() as unknown as YAMLMap;
export const newSeq = (): YAMLSeq => new FastSeq() as unknown as YAMLSeq;
export const newPair = (key: Scalar, value: unknown): Pair => new FastPair(key, value) as unknown as Pair;

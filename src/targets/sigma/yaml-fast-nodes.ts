import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * The nodes the fast front end builds are the `yaml` library's classes, so the Sigma reader
 * reads both paths alike; but the library's constructors tag each instance with
 * Object.defineProperty, which made building the nodes cost more than reading the text.
 * These subclasses store the same tag with a plain assignment (an own property, as the
 * library's, so isScalar & co. find it without walking the prototype chain); the tag is copied
 * from an instance, so it is whatever this version of the library uses. isScalar/isMap/isSeq
 * and instanceof hold for them as for the library's own nodes; the differential test in
 * test/targets/sigma/reader/yaml-fast.test.ts compares them through those very checks.
 */
type Range = [number, number, number];
type Tagged = Record<symbol, unknown>;

function tagOf(sample: object): readonly [symbol, unknown] {
  const [symbol] = Object.getOwnPropertySymbols(sample);
  if (symbol === undefined) throw new Error('the yaml library no longer tags its nodes; yaml-fast-nodes.ts needs updating');
  return [symbol, (sample as Tagged)[symbol]];
}

const [TAG, SCALAR] = tagOf(new Scalar(null));
const [, MAP] = tagOf(new YAMLMap());
const [, SEQ] = tagOf(new YAMLSeq());
const [, PAIR] = tagOf(new Pair(null));

class FastScalar {
  constructor(
    readonly value: unknown,
    readonly range: Range,
  ) {
    (this as unknown as Tagged)[TAG] = SCALAR;
  }
}
class FastMap {
  readonly items: Pair[] = [];
  range: Range = [0, 0, 0];
  constructor() {
    (this as unknown as Tagged)[TAG] = MAP;
  }
}
class FastSeq {
  readonly items: unknown[] = [];
  range: Range = [0, 0, 0];
  flow = false;
  constructor() {
    (this as unknown as Tagged)[TAG] = SEQ;
  }
}
class FastPair {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {
    (this as unknown as Tagged)[TAG] = PAIR;
  }
}

// Methods and instanceof as the library's classes.
Object.setPrototypeOf(FastScalar.prototype, Scalar.prototype);
Object.setPrototypeOf(FastMap.prototype, YAMLMap.prototype);
Object.setPrototypeOf(FastSeq.prototype, YAMLSeq.prototype);
Object.setPrototypeOf(FastPair.prototype, Pair.prototype);

export const newScalar = (value: string | number | boolean | null, range: Range): Scalar => new FastScalar(value, range) as unknown as Scalar;
export const newMap = (): YAMLMap => new FastMap() as unknown as YAMLMap;
export const newSeq = (): YAMLSeq => new FastSeq() as unknown as YAMLSeq;
export const newPair = (key: Scalar, value: unknown): Pair => new FastPair(key, value) as unknown as Pair;

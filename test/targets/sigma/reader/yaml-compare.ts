import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { readFastYaml } from '../../../../src/targets/sigma/yaml-fast.js';

/**
 * The fast Sigma YAML front end against the `yaml` library, on one text: `declined`, `same`
 * (every document, node kind, value and the offsets the Sigma reader reads are the library's,
 * and the line table too), or a description of the first difference.
 */
export type Verdict = { readonly kind: 'declined' } | { readonly kind: 'same' } | { readonly kind: 'different'; readonly why: string };

export function compareWithLibrary(text: string): Verdict {
  const fast = readFastYaml(text);
  if (fast === undefined) return { kind: 'declined' };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length > 0) return { kind: 'different', why: `accepted, but the library reports: ${errors[0] as string}` };
  if (list.length !== fast.documents.length) return { kind: 'different', why: `${fast.documents.length} documents, the library ${list.length}` };
  if (JSON.stringify(lines.lineStarts) !== JSON.stringify(fast.lineStarts)) return { kind: 'different', why: `line starts ${JSON.stringify(fast.lineStarts)}, the library ${JSON.stringify(lines.lineStarts)}` };
  for (let i = 0; i < list.length; i++) {
    const lib = (list[i] as { contents: unknown }).contents;
    const mine = fast.documents[i] ?? null;
    const libEmpty = lib === null || (isScalar(lib) && lib.value === null);
    if (mine === null || libEmpty) {
      if (mine === null && libEmpty) continue;
      return { kind: 'different', why: `document ${i}: empty on one side only` };
    }
    const why = differs(mine, lib as Node, `document ${i}`);
    if (why) return { kind: 'different', why };
  }
  return { kind: 'same' };
}

function differs(a: unknown, b: unknown, path: string): string | undefined {
  if (isScalar(a) && isScalar(b)) {
    if (!Object.is(a.value, b.value)) return `${path}: value ${JSON.stringify(a.value)}, the library ${JSON.stringify(b.value)}`;
    if (a.range?.[0] !== b.range?.[0] || a.range?.[1] !== b.range?.[1]) return `${path}: range ${a.range?.slice(0, 2).join('-')}, the library ${b.range?.slice(0, 2).join('-')}`;
    return undefined;
  }
  if (isMap(a) && isMap(b)) {
    if (a.range?.[0] !== b.range?.[0]) return `${path}: map starts at ${a.range?.[0]}, the library ${b.range?.[0]}`;
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} keys, the library ${b.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const pa = a.items[i];
      const pb = b.items[i];
      const why = differs(pa?.key, pb?.key, `${path}.key${i}`) ?? differs(pa?.value ?? null, pb?.value ?? null, `${path}.${String((pb?.key as { value?: unknown })?.value)}`);
      if (why) return why;
    }
    return undefined;
  }
  if (isSeq(a) && isSeq(b)) {
    if (a.range?.[0] !== b.range?.[0]) return `${path}: list starts at ${a.range?.[0]}, the library ${b.range?.[0]}`;
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} entries, the library ${b.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const why = differs(a.items[i] ?? null, b.items[i] ?? null, `${path}[${i}]`);
      if (why) return why;
    }
    return undefined;
  }
  if (a === null && b === null) return undefined;
  return `${path}: ${kindOf(a)}, the library ${kindOf(b)}`;
}

function kindOf(n: unknown): string {
  return isScalar(n) ? 'a scalar' : isMap(n) ? 'a map' : isSeq(n) ? 'a list' : n === null ? 'nothing' : 'another node';
}

import fc from 'fast-check';
import { it } from 'vitest';
import { sigmaLikeYaml } from './yaml-documents.js';
import { compareWithLibrary } from './yaml-compare.js';
import { parseAllDocuments } from 'yaml';
it('debug', () => {
  const samples = fc.sample(sigmaLikeYaml(false), { numRuns: 200, seed: 5 });
  let n = 0, same = 0, libErr = 0;
  for (const s of samples) {
    const v = compareWithLibrary(s);
    const docs = parseAllDocuments(s, { uniqueKeys: true, strict: true, version: '1.2' });
    const e = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors.map((x) => x.message.split('\n')[0]));
    if (v.kind === 'same') same++;
    if (e.length) libErr++;
    if (v.kind !== 'same' && e.length === 0 && n++ < 5) console.log('-----\n' + s);
  }
  console.log({ same, libErr, total: samples.length });
});

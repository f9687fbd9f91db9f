import { createHash } from 'node:crypto';

/**
 * A stable id for each extra document of a multi-document Sigma file: a name-based UUID in the
 * manner of RFC 9562 version 5 (SHA-1 of namespace bytes and name), with the rule's own UUID as
 * the namespace and the event kind as the name. The same rule always yields the same ids, and
 * no two rules share one.
 */
export function documentId(ruleId: string, kind: string): string {
  const namespace = Buffer.from(ruleId.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(kind, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

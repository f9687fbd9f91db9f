import { foldAscii } from '../../semantics/fold.js';
import { requiredCodePoints } from '../../semantics/regex-required.js';

/**
 * What Sysmon's `Details` can show in place of a value write's data (taxonomy.ts
 * `renderDetails`): `DWORD (0x0000000a)`, `QWORD (0x<high>-0x<low>)`, `Binary Data` and
 * `(Empty)`. A test on Details whose value no rendering can hold, and that is not digits alone
 * (the data of a rendered number), reads the data itself on every write that is not binary;
 * the importer (import-details.ts) and the writer (emit-details.ts) both rest on this.
 */
export type PlainOp = 'equals' | 'contains' | 'startswith' | 'endswith';

/**
 * The renderings as templates, folded: `#` is one lower-case hex digit. Sysmon writes the
 * digits in lower case; an insensitive test folds both sides, so folding the value is enough.
 */
const TEMPLATES = ['binary data', '(empty)', 'dword (0x########)', 'qword (0x########-0x########)'];

/** Every character a rendering can hold, folded: the templates' own and every hex digit. */
const RENDERING_ALPHABET: ReadonlySet<string> = new Set([...TEMPLATES.join('').replace(/#/g, ''), ...'0123456789abcdef']);

/** Whether some rendering equals / starts with / ends with / contains the (folded) value. */
export function renderingCanHold(op: PlainOp, value: string): boolean {
  const v = foldAscii(value);
  const fits = (t: string, at: number): boolean => [...v].every((ch, i) => (t[at + i] === '#' ? /[0-9a-f]/.test(ch) : t[at + i] === ch));
  return TEMPLATES.some((t) => {
    if (v.length > t.length) return false;
    switch (op) {
      case 'equals':
        return v.length === t.length && fits(t, 0);
      case 'startswith':
        return fits(t, 0);
      case 'endswith':
        return fits(t, t.length - v.length);
      case 'contains':
        for (let at = 0; at + v.length <= t.length; at++) if (fits(t, at)) return true;
        return false;
    }
  });
}

/** A needle that tells the data from every rendering: Details `<op>` it is the data `<op>` it, on a write that is not binary. */
export function needleReadsData(op: PlainOp, value: string): boolean {
  return value !== '' && !/^[0-9]+$/.test(value) && !renderingCanHold(op, value);
}

/** A regex every match of which needs a character no rendering holds (a backslash, a dot, ...). */
export function regexReadsData(pattern: string, dotAll: boolean): boolean {
  const needed = requiredCodePoints(pattern, dotAll);
  return needed !== undefined && [...needed].some((cp) => !RENDERING_ALPHABET.has(foldAscii(String.fromCodePoint(cp))));
}

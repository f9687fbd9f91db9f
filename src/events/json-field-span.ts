/**
 * Where, in one NDJSON line that JSON.parse has accepted, the value of a field is written, as
 * 0-based offsets of its first character and of the one after its last. The field is named as
 * the logical event names it, dotted through nested objects (`process.pid` is
 * `{"process.pid": ..}` or `{"process": {"pid": ..}}`); the last occurrence wins, as it does
 * for JSON.parse. Only asked when a value is refused, so it walks the text again
 * rather than make the hot path keep positions. Undefined when the field is not found.
 */
export function jsonFieldSpan(text: string, field: string): readonly [start: number, end: number] | undefined {
  let i = 0;
  let found: readonly [number, number] | undefined;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const stringEnd = (): number => {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const skipScalar = (): void => {
    if (text[i] === '"') {
      i = stringEnd();
      return;
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i] as string)) i++;
  };
  const value = (path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deep');
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        const end = stringEnd();
        const key = JSON.parse(text.slice(i, end)) as string;
        i = end;
        ws();
        i++; // ':'
        value(path === '' ? key : `${path}.${key}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      while (i < text.length && text[i] !== ']') {
        // An array's items are not fields of their own: walk them under a name no field has.
        value('\0', depth + 1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else {
      skipScalar();
    }
    if (path === field) found = [start, i];
  };
  try {
    value('', 0);
  } catch {
    // Deeper than any event is let through: what was found before is still right.
  }
  return found;
}

/** Deeper than an event may nest (events/logical-event.ts refuses more before this is asked). */
const MAX_DEPTH = 128;

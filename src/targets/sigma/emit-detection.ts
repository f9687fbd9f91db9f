import type { ItemValue, SigmaItem } from './emit-logic.js';
import { isMapList, type Layout, type Map, type Search } from './emit-layout.js';
import { INDENT, modifiedKey, quote, stringEntry, yamlKey, type Block } from './emit-yaml.js';

/**
 * A laid-out detection written straight to YAML lines, the lines emit-yaml.ts writes for the
 * same content as a value tree: each identifier a map (`Field|mod: value`, several values as
 * a list under the key) or a list of maps (`- Field: value`, the map's other keys aligned under
 * the first), detection values in quotes (emit-yaml.ts `quote`), numbers and booleans as they
 * are, then `condition`. Every rule writes one, mostly before the engine has optimised the
 * writers: going without the tree saves making and walking an object per value.
 */
export class DetectionBlock implements Block {
  constructor(private readonly layout: Layout) {}

  writeLines(indent: string, out: string[]): void {
    const identifiers = this.layout.identifiers;
    const inner = indent + INDENT;
    for (let i = 0; i < identifiers.length; i++) {
      const identifier = identifiers[i] as readonly [string, Search];
      // Identifier names are the layout's, lower-case letters, digits and `_` after
      // `selection` or `filter` (emit-layout.ts): plain keys, written as they are.
      out.push(`${indent}${identifier[0]}:`);
      writeSearch(identifier[1], inner, out);
    }
    stringEntry(`${indent}condition:`, this.layout.condition, indent, out);
  }
}

/** A search at `indent`: a map's keys there, or each map of a list as a `- ` item there. */
function writeSearch(s: Search, indent: string, out: string[]): void {
  if (!isMapList(s)) {
    writeMap(s as Map, indent, indent, out);
    return;
  }
  const itemIndent = indent + '  ';
  const lead = `${indent}- `;
  for (let i = 0; i < s.length; i++) writeMap(s[i] as Map, itemIndent, lead, out);
}

/** A map's items, the first led by `firstLead` (`- ` when the map is a list item). */
function writeMap(m: Map, indent: string, firstLead: string, out: string[]): void {
  let lead = firstLead;
  for (let n = 0; n < m.length; n++) {
    const item = m[n] as SigmaItem;
    const k = `${lead}${item.modifiers.length === 0 ? yamlKey(item.field) : modifiedKey(item.field, item.modifiers)}:`;
    lead = indent;
    const values = item.values;
    if (values.length === 1) out.push(`${k} ${valueText(values[0] as ItemValue)}`);
    else {
      out.push(k);
      const valueLead = `${indent}${INDENT}- `;
      for (let v = 0; v < values.length; v++) out.push(valueLead + valueText(values[v] as ItemValue));
    }
  }
}

/** A detection value: text always quoted (sigma.md: values read the same in every YAML reader). */
function valueText(v: ItemValue): string {
  if (typeof v === 'string') return quote(v);
  return v === null ? 'null' : String(v);
}

import { parsePortableTree, type PortableNode, type RegexTree } from './portable-parse.js';

/**
 * The code points every match of a portable regex contains, whatever the value: a literal
 * character outside any optional part or alternative, or one every alternative requires.
 * Conservative: a class of several characters, `.`, and anything under a repeat that may be
 * skipped require nothing. Undefined when the pattern is not in the portable subset.
 *
 * The Sigma importer asks it whether a regex on Details can ever match one of Sysmon's
 * renderings (`DWORD (0x...)`): not when every match needs a character no rendering holds.
 */
export function requiredCodePoints(pattern: string, dotAll: boolean): ReadonlySet<number> | undefined {
  const parsed = parsePortableTree(pattern, { dotAll });
  return parsed.ok ? required(parsed.tree) : undefined;
}

function required(node: PortableNode): ReadonlySet<number> {
  switch (node.k) {
    case 'char':
      return new Set([node.cp]);
    case 'seq': {
      const all = new Set<number>();
      for (const item of node.items) for (const cp of required(item)) all.add(cp);
      return all;
    }
    case 'alt': {
      if (node.items.length === 0) return new Set();
      let common = new Set(required(node.items[0] as PortableNode));
      for (const item of node.items.slice(1)) {
        const next = required(item);
        common = new Set([...common].filter((cp) => next.has(cp)));
      }
      return common;
    }
    case 'repeat':
      return node.min >= 1 ? required(node.node) : new Set();
    case 'class': {
      const only = node.ranges.length === 1 ? node.ranges[0] : undefined;
      return !node.negated && only !== undefined && only[0] === only[1] ? new Set([only[0]]) : new Set();
    }
    case 'any':
    case 'bol':
    case 'eol':
      return new Set();
  }
}

/**
 * The longest run of literal characters every match of a tree spells out in one piece:
 * consecutive `char` items of the top-level sequence (a nested sequence reads as part of it).
 * Anything else — a repeat, a group of alternatives, a class, an anchor, a dialect's own
 * node — ends a run. '' when there is none. A value without the run cannot match, which a
 * string search tells far faster than the regex program.
 */
export function requiredRun<Extra extends { readonly k: string }>(tree: RegexTree<Extra>): string {
  let longest = '';
  let current = '';
  const visit = (node: RegexTree<Extra>): void => {
    if (node.k === 'seq') {
      for (const item of (node as { readonly items: readonly RegexTree<Extra>[] }).items) visit(item);
      return;
    }
    if (node.k === 'char') {
      current += String.fromCodePoint((node as { readonly cp: number }).cp);
      if (current.length > longest.length) longest = current;
      return;
    }
    current = '';
  };
  visit(tree);
  return longest;
}

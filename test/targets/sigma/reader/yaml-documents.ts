import fc from 'fast-check';

/**
 * Sigma-like YAML documents for the differential test of the fast front end: block maps and
 * lists (indented or not, compact `- key:` maps), scalars in every style with hostile text
 * (indicators, quotes, `: `, ` #`, escapes, unicode, words and numbers the core schema types),
 * comments and blank lines anywhere, several documents, and now and then a stray character.
 * Many of them are not valid YAML; the fast path must then decline, as the library refuses.
 */
const FRAGMENTS = [
  'a', 'Image', 'CommandLine', 'x y', ' ', '', "'", '"', "''", '#', ' #', '# ', ': ', ':', '-', '- ', '--', '---', '...',
  '*', '?', '? ', '|', '>', '!', '&', '%', '@', '`', '[', ']', '{', '}', ',', ', ', '\\', '\\\\', '\\n', '\\x41', '\\u00e9',
  '\\q', 'é', '🙂', '\u2028', '\t', '\n', 'null', 'Null', '~', 'true', 'TRUE', 'False', 'yes', '0', '1', '-1', '+1', '012',
  '0o17', '0x1F', '0x', '1.5', '.5', '5.', '1e3', '-.inf', '.NaN', '1_000', '<<', '=', 'C:\\Windows\\', '%Servers%',
  '|contains', '|re', '|all', 'key: value', 'a #b', '\\"',
];

const text = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
const word = fc.constantFrom('title', 'detection', 'selection', 'condition', 'Image|endswith', 'CommandLine|contains|all', 'tags', 'level', 'id', 'x');
/** Values as Sigma rules hold them, typed or not by the core schema. */
const value = fc.constantFrom('sc.exe', '\\sc.exe', 'C:\\Windows\\*', 'selection and not filter', '1 of sel_*', 'attack.t1059', '4', '-1', '0.5', 'true', 'null', '~', '', 'é 🙂', "it's", 'x: y', 'a # b');

/** `raw` is double-quoted with the text's backslashes kept as escapes, valid or not. */
type Style = 'plain' | 'single' | 'double' | 'raw' | 'literal' | 'folded';
interface ScalarGen {
  readonly kind: 'scalar';
  readonly text: string;
  readonly style: Style;
  readonly header: string;
}
interface MapGen {
  readonly kind: 'map';
  readonly entries: readonly (readonly [ScalarGen, Gen])[];
}
interface SeqGen {
  readonly kind: 'seq';
  readonly items: readonly Gen[];
  readonly flow: boolean;
  readonly indentless: boolean;
}
type Gen = ScalarGen | MapGen | SeqGen;

const scalar = (source: fc.Arbitrary<string>, styles: readonly Style[], headers: readonly string[]): fc.Arbitrary<ScalarGen> =>
  fc.record({ kind: fc.constant('scalar' as const), text: source, style: fc.constantFrom(...styles), header: fc.constantFrom(...headers) });

const ALL_STYLES: readonly Style[] = ['plain', 'plain', 'plain', 'single', 'single', 'double', 'raw', 'literal', 'folded'];
const QUOTED: readonly Style[] = ['single', 'double'];
const ALL_HEADERS = ['', '', '', '-', '-', '+', '2', ' # c'];

/**
 * Scalars and keys of a document. Hostile documents write any text in any style; well-formed
 * ones quote the hostile texts (without line breaks or tabs), so that most of them are valid
 * YAML and exercise the fast path rather than its refusals.
 */
function parts(hostile: boolean): { value: fc.Arbitrary<ScalarGen>; key: fc.Arbitrary<ScalarGen> } {
  if (hostile) {
    const key = scalar(fc.oneof({ weight: 8, arbitrary: word }, { weight: 1, arbitrary: text }), ['plain', 'plain', 'single', 'double', 'raw'], ['']);
    return { value: scalar(fc.oneof({ weight: 2, arbitrary: word }, { weight: 4, arbitrary: value }, { weight: 2, arbitrary: text }), ALL_STYLES, ALL_HEADERS), key };
  }
  const oneLine = text.map((t) => t.replace(/[\n\t]/g, ' '));
  return {
    value: fc.oneof(
      { weight: 4, arbitrary: scalar(fc.oneof(word, value.filter((v) => v !== 'x: y')), ['plain', 'plain', 'single', 'double', 'literal', 'folded'], ['', '-']) },
      { weight: 2, arbitrary: scalar(oneLine, QUOTED, ['']) },
    ),
    key: fc.oneof({ weight: 6, arbitrary: scalar(word, ['plain'], ['']) }, { weight: 1, arbitrary: scalar(oneLine, QUOTED, ['']) }),
  };
}

/** A map's entries; well-formed maps have no duplicate keys (an error the library reports). */
function entries(key: fc.Arbitrary<ScalarGen>, node: fc.Arbitrary<Gen>, hostile: boolean): fc.Arbitrary<(readonly [ScalarGen, Gen])[]> {
  const pair = fc.tuple(key, node);
  return hostile ? fc.array(pair, { minLength: 1, maxLength: 4 }) : fc.uniqueArray(pair, { minLength: 1, maxLength: 4, selector: ([k]) => k.text });
}

function tree(hostile: boolean): { node: fc.Arbitrary<Gen>; key: fc.Arbitrary<ScalarGen> } {
  const { value: leaf, key } = parts(hostile);
  const node = fc.letrec<{ node: Gen }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant('map' as const), entries: entries(key, tie('node'), hostile) }),
      fc.record({
        kind: fc.constant('seq' as const),
        items: fc.array(hostile ? tie('node') : fc.oneof(leaf, tie('node')), { minLength: 0, maxLength: 4 }),
        flow: fc.boolean(),
        indentless: fc.boolean(),
      }),
    ),
  })).node;
  return { node, key };
}

function quoteDouble(t: string, raw: boolean): string {
  const escaped = raw ? t : t.replace(/\\/g, '\\\\');
  return `"${escaped.replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

function inline(s: ScalarGen): string {
  switch (s.style) {
    case 'plain':
      return s.text;
    case 'single':
      return `'${s.text.replace(/'/g, "''")}'`;
    case 'double':
    case 'raw':
      return quoteDouble(s.text, s.style === 'raw');
    default:
      return s.text;
  }
}

/** The lines of a value written after `key:` or `-` (`lead`), its block content at `indent`. */
function valueLines(node: Gen, lead: string, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  if (node.kind === 'scalar') {
    if ((node.style === 'literal' || node.style === 'folded') && (hostileFlow || node.text !== '')) {
      const body = node.text.split('\n').map((l) => (l === '' ? '' : pad + l));
      return [`${lead} ${node.style === 'literal' ? '|' : '>'}${node.header}`, ...body];
    }
    return [`${lead} ${inline(node)}`];
  }
  if (node.kind === 'seq' && node.flow && (hostileFlow || node.items.every((i) => i.kind === 'scalar'))) {
    // Flow sequences hold one-line scalars (a block scalar's text is written plain).
    return [`${lead} [${node.items.map((i) => (i.kind === 'scalar' ? inline(i) : '[]')).join(', ')}]`];
  }
  if (node.kind === 'seq' && node.items.length === 0) return [`${lead} []`];
  const at = node.kind === 'seq' && node.indentless && lead.endsWith(':') ? indent - step : indent;
  return [lead, ...blockLines(node, at, step)];
}

function blockLines(node: MapGen | SeqGen, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (node.kind === 'map') {
    for (const [k, v] of node.entries) out.push(...valueLines(v, `${pad}${inline(k)}:`, indent + step, step));
    return out;
  }
  for (const item of node.items) {
    if (item.kind === 'map' && item.entries.length > 0) {
      // A compact map: `- key: value`, the other keys under the first.
      const lines = blockLines(item, indent + 2, step);
      out.push(`${pad}- ${(lines[0] as string).slice(indent + 2)}`, ...lines.slice(1));
    } else out.push(...valueLines(item, `${pad}-`, indent + step, step));
  }
  return out;
}

/** Whether flow sequences may nest and block scalars be empty (set while writing a hostile document). */
let hostileFlow = false;

const COMMENTS = ['# c', '#', '# x: y', "# '", '#- a'];

function document(hostile: boolean): fc.Arbitrary<string> {
  const { node, key } = tree(hostile);
  return fc
    .record({
      root: entries(key, node, hostile),
      step: hostile ? fc.constantFrom(2, 4, 4, 4, 1, 3) : fc.constantFrom(2, 4),
      comments: fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom(...COMMENTS), fc.boolean()), { maxLength: 3 }),
      blanks: fc.array(fc.nat(), { maxLength: 2 }),
    })
    .map(({ root, step, comments, blanks }) => {
      hostileFlow = hostile;
      const lines = blockLines({ kind: 'map', entries: root }, 0, step);
      for (const [at, indent, comment, trailing] of comments) {
        const i = at % (lines.length + 1);
        if (trailing && i < lines.length) lines[i] = `${lines[i] as string} ${comment}`;
        else lines.splice(i, 0, ' '.repeat(indent) + comment);
      }
      for (const at of blanks) lines.splice(at % (lines.length + 1), 0, '');
      return lines.join('\n');
    });
}

const STRAY = ['\t', ' ', ':', '-', '#', "'", '"', '\n', '\r', '&', '*', '!', '{', '[', '|', '>', '?', '%', '\ufeff', '---\n'];

/**
 * One to three documents, maybe a leading `---`, a final line break or not; hostile ones
 * (`hostile: true`) write any text in any style and may hold one stray character.
 */
export function sigmaLikeYaml(hostile: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      docs: fc.array(document(hostile), { minLength: 1, maxLength: 3 }),
      leading: fc.boolean(),
      final: fc.boolean(),
      stray: hostile ? fc.option(fc.tuple(fc.nat(), fc.constantFrom(...STRAY)), { freq: 3 }) : fc.constant(null),
    })
    .map(({ docs, leading, final, stray }) => {
      let out = (leading ? '---\n' : '') + docs.join('\n---\n') + (final ? '\n' : '');
      if (stray) {
        const at = stray[0] % (out.length + 1);
        out = out.slice(0, at) + stray[1] + out.slice(at);
      }
      return out;
    });
}

/**
 * Glob patterns over a whole value: `*` any run (also empty), `?` exactly one character.
 * The rule file and Sigma share one escaping table (sigma.md): `\*` and `\?` are literal,
 * `\\` is one backslash, and a backslash before anything else is itself literal.
 */
export type GlobToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'one' };

export function parseGlob(pattern: string): readonly GlobToken[] {
  const tokens: GlobToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += '\\';
      }
    } else if (ch === '*') {
      flush();
      if (tokens[tokens.length - 1]?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (ch === '?') {
      flush();
      tokens.push({ kind: 'one' });
    } else {
      text += ch;
    }
  }
  flush();
  return tokens;
}

/** Writes tokens back with the shared escaping, so parseGlob(formatGlob(t)) equals t. */
export function formatGlob(tokens: readonly GlobToken[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'any') out += '*';
    else if (t.kind === 'one') out += '?';
    else out += escapeGlobText(t.text);
  }
  return out;
}

/** Escapes literal text for a glob: every `*`, `?` and backslash gets a backslash. */
export function escapeGlobText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '*' || ch === '?') out += '\\' + ch;
    else if (ch === '\\') out += '\\\\';
    else out += ch;
  }
  return out;
}

/** True when the pattern holds no wildcard, i.e. it is an equality in disguise. */
export function globIsLiteral(tokens: readonly GlobToken[]): boolean {
  return tokens.every((t) => t.kind === 'text');
}

/**
 * Compiles a glob once into a matcher over already-folded strings. `?` consumes one character,
 * i.e. one Unicode code point (a surrogate pair counts once), as Lucene's wildcard automata
 * and the `.` of a regex do.
 *
 * A glob of literal runs and `*` only (nearly every rule's) is matched run by run: the first
 * run must start the value, the last must end it, and each run between is found, leftmost, after
 * the one before it. Taking each middle run as early as it occurs leaves the most room for the
 * rest, so no other placement can succeed where that one fails; the search is the engine's
 * `indexOf`, and the work is linear in the value. Any other glob runs the classic two-pointer
 * match (greedy, one backtrack point: at most value × pattern steps, never exponential).
 */
export function compileGlob(tokens: readonly GlobToken[]): (value: string) => boolean {
  return starRuns(tokens) ?? pointerMatcher(tokens);
}

/**
 * The run-by-run matcher of a glob without `?`, or undefined. A run that starts with a low
 * surrogate is left to the two-pointer match: `*` there advances by whole code points, so
 * such a run never matches the second half of a pair, as `indexOf` would.
 */
function starRuns(tokens: readonly GlobToken[]): ((value: string) => boolean) | undefined {
  const runs: string[] = [''];
  for (const t of tokens) {
    if (t.kind === 'one') return undefined;
    if (t.kind === 'any') runs.push('');
    else runs[runs.length - 1] += t.text;
  }
  if (runs.some((r) => isLowSurrogate(r.charCodeAt(0)))) return undefined;
  if (runs.length === 1) {
    const whole = runs[0]!;
    return (value) => value === whole;
  }
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  const middle = runs.slice(1, -1).filter((r) => r !== '');
  const least = first.length + last.length;
  return (value) => {
    if (value.length < least || !value.startsWith(first) || !value.endsWith(last)) return false;
    const end = value.length - last.length;
    let at = first.length;
    for (const run of middle) {
      const found = value.indexOf(run, at);
      if (found < 0 || found + run.length > end) return false;
      at = found + run.length;
    }
    return true;
  };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function pointerMatcher(tokens: readonly GlobToken[]): (value: string) => boolean {
  // A flat pattern of code units: ANY for `*`, ONE for `?`.
  const pat: number[] = [];
  for (const t of tokens) {
    if (t.kind === 'any') pat.push(ANY);
    else if (t.kind === 'one') pat.push(ONE);
    else for (let i = 0; i < t.text.length; i++) pat.push(t.text.charCodeAt(i));
  }
  return (value) => {
    let v = 0;
    let p = 0;
    let starP = -1;
    let starV = 0;
    while (v < value.length) {
      const pc = pat[p];
      if (pc === ONE) {
        v += codePointWidth(value, v);
        p++;
      } else if (pc !== undefined && pc === value.charCodeAt(v)) {
        v++;
        p++;
      } else if (pc === ANY) {
        starP = p++;
        starV = v;
      } else if (starP >= 0) {
        p = starP + 1;
        starV += codePointWidth(value, starV);
        v = starV;
      } else {
        return false;
      }
    }
    while (pat[p] === ANY) p++;
    return p === pat.length;
  };
}

/** 2 where a surrogate pair starts at `at`, else 1. */
function codePointWidth(value: string, at: number): number {
  const c = value.charCodeAt(at);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = value.charCodeAt(at + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

const ANY = -1;
const ONE = -2;

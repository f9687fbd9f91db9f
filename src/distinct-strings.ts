/**
 * Strings in the order first added, each once. Readers keep such a list per map (are its keys
 * distinct?) and per predicate (its values): mostly a handful of strings, each read fresh from
 * a file. A Set hashes every new string, which costs more than comparing it with a few others,
 * so a short list is searched as it is and indexed by a Set only once it grows past
 * INDEX_FROM entries (a long list stays linear in time).
 */
const INDEX_FROM = 16;

export class DistinctStrings {
  /** The strings, in the order first added. */
  readonly values: string[] = [];
  private index: Set<string> | undefined;

  /** Adds `value` unless it is there already; whether it was added. */
  add(value: string): boolean {
    if (this.index !== undefined) {
      if (this.index.has(value)) return false;
      this.index.add(value);
    } else {
      if (this.values.includes(value)) return false;
      if (this.values.length === INDEX_FROM) this.index = new Set(this.values).add(value);
    }
    this.values.push(value);
    return true;
  }
}

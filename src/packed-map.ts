/**
 * `array.map(fn)`, always as a packed array. V8's optimised code builds a map() result as a
 * holey array and its unoptimised code as a packed one, two hidden classes for what one call
 * site makes: code that reads such arrays, optimised while it had seen one of them, is
 * deoptimised and compiled again when the other arrives. The Sigma reader and importer hand
 * arrays from function to function, so a cold run paid that once per reader; pushing into
 * a literal gives one hidden class in both tiers.
 */
export function mapPacked<T, U>(array: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < array.length; i++) out.push(fn(array[i] as T, i));
  return out;
}

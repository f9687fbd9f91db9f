/**
 * Property-test settings. CI runs a fixed seed (reproducible); `npm run fuzz` sets
 * FUZZ_RUNS high and FUZZ_SEED=random for a longer, different search each time. fast-check
 * prints the seed and path of any counterexample, which then goes into regressions.test.ts.
 */
export function fuzzRuns(ciDefault: number): number {
  return Number(process.env.FUZZ_RUNS ?? ciDefault);
}

export function fuzzSeed(ciSeed: number): number {
  const given = process.env.FUZZ_SEED;
  if (given === undefined || given === '') return ciSeed;
  return given === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(given);
}

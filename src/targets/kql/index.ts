import type { Target } from '../contract.js';

// Placeholder until the kql target lands: every call says so.
const missing = (): never => {
  throw new Error('the kql target is not built yet');
};

export const kqlTarget: Target<unknown> = {
  id: 'kql',
  extension: '.kql',
  windowInQuery: false,
  emit: missing,
  parse: missing,
  compile: missing,
  run: missing,
  formats: {},
  importRule: missing,
  project: missing,
  unproject: missing,
};

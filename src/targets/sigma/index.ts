import type { Target } from '../contract.js';

// Placeholder until the sigma target lands: every call says so.
const missing = (): never => {
  throw new Error('the sigma target is not built yet');
};

export const sigmaTarget: Target<unknown> = {
  id: 'sigma',
  extension: '.sigma',
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

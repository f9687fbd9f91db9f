import type { Target } from '../contract.js';

// Placeholder until the eql target lands: every call says so.
const missing = (): never => {
  throw new Error('the eql target is not built yet');
};

export const eqlTarget: Target<unknown> = {
  id: 'eql',
  extension: '.eql',
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

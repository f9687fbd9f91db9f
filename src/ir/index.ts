export * from './condition.js';
export * from './derived.js';
export * from './event-kind.js';
export * from './fields.js';
export * from './match-operator.js';
export * from './normalize.js';
export * from './rule.js';
export * from './value.js';

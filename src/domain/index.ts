export * from './access.js';
export * from './errors.js';
export * from './events.js';
export * from './keys.js';
export * from './loop.js';
export * from './questions.js';
export * from './scoring/index.js';

export * from './errors.js';
export * from './scoring/index.js';

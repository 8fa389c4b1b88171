import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError, type DomainErrorCode } from '../../src/domain/errors.js';

describe('DomainError', () => {
  it('carries a code, a message and optional issues', () => {
    const e = new DomainError('invalid_input', 'bad forecast', [{ path: 'probability', message: 'must be at most 1' }]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('bad forecast');
    expect(e.issues).toEqual([{ path: 'probability', message: 'must be at most 1' }]);
    expect(isDomainError(e)).toBe(true);
  });

  it('has no issues unless given', () => {
    const code: DomainErrorCode = 'not_found';
    const e = new DomainError(code, 'no such question');
    expect(e.issues).toBeUndefined();
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError('not_found')).toBe(false);
  });
});

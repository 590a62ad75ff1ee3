import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { mapFormError } from './formErrors';

const validation = (fields: Array<{ field: string; message: string }>) =>
  new ApiError(422, 'validation_failed', 'Some fields are invalid.', { fields });

describe('form error mapping', () => {
  it('puts each field error next to its input and no general message', () => {
    const err = validation([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'password', message: 'is too short' },
    ]);
    expect(mapFormError(err, ['email', 'password'])).toEqual({
      fields: { email: 'must be a valid email address', password: 'is too short' },
      message: null,
    });
  });

  it('keeps the first message when a field has several', () => {
    const err = validation([
      { field: 'email', message: 'first' },
      { field: 'email', message: 'second' },
    ]);
    expect(mapFormError(err, ['email']).fields.email).toBe('first');
  });

  it('shows errors for fields the form does not have as the general message', () => {
    const err = validation([
      { field: 'email', message: 'bad' },
      { field: 'tenantId', message: 'unknown tenant' },
    ]);
    expect(mapFormError(err, ['email'])).toEqual({ fields: { email: 'bad' }, message: 'tenantId: unknown tenant' });
  });

  it('shows the message of other errors', () => {
    const err = new ApiError(401, 'invalid_credentials', 'Wrong email or password.');
    expect(mapFormError(err, ['email', 'password'])).toEqual({ fields: {}, message: 'Wrong email or password.' });
  });

  it('uses the describe function for the general message (translations)', () => {
    const err = new ApiError(401, 'invalid_credentials', 'Wrong email or password.');
    expect(mapFormError(err, ['email'], { describe: (e) => `t:${e.code}` }).message).toBe('t:invalid_credentials');
  });

  it('puts a code that belongs to one field next to that field', () => {
    const err = new ApiError(409, 'email_taken', 'Email taken.');
    expect(mapFormError(err, ['email'], { codeFields: { email_taken: 'email' } })).toEqual({
      fields: { email: 'Email taken.' },
      message: null,
    });
  });

  it('handles errors that are not ApiErrors', () => {
    expect(mapFormError(new Error('boom'), ['email'])).toEqual({ fields: {}, message: 'boom' });
  });
});

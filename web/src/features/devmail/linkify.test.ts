import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('splits text around links and leaves sentence punctuation out', () => {
    expect(linkify('Join here: http://localhost:8080/invite/abc. Thanks')).toEqual([
      { kind: 'text', text: 'Join here: ' },
      { kind: 'link', href: 'http://localhost:8080/invite/abc' },
      { kind: 'text', text: '. Thanks' },
    ]);
  });

  it('keeps query strings', () => {
    expect(linkify('https://x.test/reset-password?token=a_b-c')).toEqual([
      { kind: 'link', href: 'https://x.test/reset-password?token=a_b-c' },
    ]);
  });
});

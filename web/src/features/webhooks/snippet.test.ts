// The snippet runs in Node on the integrator's side: this test runs it there, with Node's crypto.
/// <reference types="node" />
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VERIFY_SNIPPET } from './components/SecretPanel';

type Verify = (body: string, header: string, secret: string) => boolean;

/** The snippet as shown on the page, run as it would run in a receiver (its import given by the test). */
function snippet(): Verify {
  const code = VERIFY_SNIPPET.replace(/^import .*$/m, '').replace('export function', 'function');
  return new Function('createHmac', 'timingSafeEqual', 'Buffer', `${code}\nreturn verifyParley;`)(createHmac, timingSafeEqual, Buffer) as Verify;
}

/** How Parley signs (crates/services/src/automations/delivery.rs `sign`). */
const sign = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('the "verify the signature" snippet', () => {
  const verify = snippet();
  const body = '{"id":"evt_1","type":"contact.created"}';
  const now = Math.floor(Date.now() / 1000);

  it('accepts a body signed with the secret, also as the second v1 of a rolled secret', () => {
    expect(verify(body, `t=${now},v1=${sign('whsec_a', now, body)}`, 'whsec_a')).toBe(true);
    expect(verify(body, `t=${now},v1=${sign('whsec_new', now, body)},v1=${sign('whsec_a', now, body)}`, 'whsec_a')).toBe(true);
  });

  it('refuses another secret, a changed body and an old timestamp', () => {
    expect(verify(body, `t=${now},v1=${sign('whsec_b', now, body)}`, 'whsec_a')).toBe(false);
    expect(verify(`${body} `, `t=${now},v1=${sign('whsec_a', now, body)}`, 'whsec_a')).toBe(false);
    const old = now - 3600;
    expect(verify(body, `t=${old},v1=${sign('whsec_a', old, body)}`, 'whsec_a')).toBe(false);
    expect(verify(body, 'v1=abc', 'whsec_a')).toBe(false);
  });
});

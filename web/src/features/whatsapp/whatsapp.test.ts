import { describe, expect, it } from 'vitest';
import { connectionInput, EMPTY_CONNECT_FORM } from './connectForm';
import { awaitsScan, connectionTone, templateTone, webhookTone } from './status';
import { problemsOf } from './webhookProblems';

describe('connection status', () => {
  it('colours each status', () => {
    expect(connectionTone('connected')).toBe('success');
    expect(connectionTone('pending')).toBe('warning');
    expect(connectionTone('need_scan')).toBe('accent');
    expect(connectionTone('needs_attention')).toBe('danger');
    expect(connectionTone('disconnected')).toBe('neutral');
    expect(connectionTone('unheard_of')).toBe('neutral');
  });

  it('polls only QR sessions that wait for their scan', () => {
    expect(awaitsScan({ kind: 'wasender', status: 'need_scan' })).toBe(true);
    expect(awaitsScan({ kind: 'wasender', status: 'pending' })).toBe(true);
    expect(awaitsScan({ kind: 'wasender', status: 'connected' })).toBe(false);
    expect(awaitsScan({ kind: 'cloud', status: 'pending' })).toBe(false);
  });

  it('colours template reviews and webhook deliveries', () => {
    expect(templateTone('APPROVED')).toBe('success');
    expect(templateTone('pending')).toBe('warning');
    expect(templateTone('REJECTED')).toBe('danger');
    expect(templateTone('PAUSED')).toBe('neutral');
    expect(webhookTone('processed')).toBe('success');
    expect(webhookTone('failed')).toBe('danger');
    expect(webhookTone('received')).toBe('neutral');
  });
});

describe('connect form', () => {
  const values = { ...EMPTY_CONNECT_FORM, name: ' Sales ', phoneNumberId: ' 123 ', wabaId: '456', accessToken: 'EAA', appSecret: 's', phoneNumber: '+1 555' };

  it('sends the Cloud API fields, without an empty verify token', () => {
    expect(connectionInput('cloud', values)).toEqual({ kind: 'cloud', name: 'Sales', phoneNumberId: '123', wabaId: '456', accessToken: 'EAA', appSecret: 's' });
    expect(connectionInput('cloud', { ...values, verifyToken: ' my-token ' })).toMatchObject({ verifyToken: 'my-token' });
  });

  it('sends only name and number for a QR session', () => {
    expect(connectionInput('wasender', values)).toEqual({ kind: 'wasender', name: 'Sales', phoneNumber: '+1 555' });
  });
});

describe('webhook problems', () => {
  it('reads {problem, detail} entries and skips what it cannot read', () => {
    expect(problemsOf([{ problem: 'unknown_type', detail: 'order' }, { problem: 'meta_error', detail: { code: 131051 } }, 'bare', 42, {}])).toEqual([
      { problem: 'unknown_type', detail: 'order' },
      { problem: 'meta_error', detail: '{"code":131051}' },
      { problem: 'bare', detail: null },
    ]);
    expect(problemsOf(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { connectionInput, EMPTY_CONNECT_FORM } from './connectForm';
import { awaitsScan, connectionTone, templateTone, webhookTone } from './status';
import { EMPTY_TEMPLATE_FORM, missingTemplateFields, templateComponents, templateInput, templateVariables } from './templateForm';
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

describe('template form', () => {
  it('finds each variable once, by number', () => {
    expect(templateVariables('Hi {{1}}, order {{2}} is ready, {{1}}.')).toEqual([1, 2]);
    // Meta matches sample values to variables by number, not by where they appear.
    expect(templateVariables('{{2}} before {{1}}, then {{10}} and {{2}}')).toEqual([1, 2, 10]);
    expect(templateVariables('No variables, {{ 1 }} or {{name}} are not ones')).toEqual([]);
  });

  it('leaves out an empty header and footer, and the example when there are no variables', () => {
    expect(templateComponents({ header: '  ', body: ' Thanks for your order. ', footer: '' }, {})).toEqual([{ type: 'BODY', text: 'Thanks for your order.' }]);
  });

  it('sends header, body with one sample per variable in order, and footer', () => {
    const components = templateComponents(
      { header: ' Order update ', body: 'Hi {{1}}, order {{2}} ships today. Bye {{1}}!', footer: ' Reply STOP to opt out ' },
      { 2: ' A-1042 ', 1: 'Sara', 3: 'unused' },
    );
    expect(components).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Order update' },
      { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships today. Bye {{1}}!', example: { body_text: [['Sara', 'A-1042']] } },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
    ]);
  });

  it('makes the create body from trimmed fields', () => {
    const form = { ...EMPTY_TEMPLATE_FORM, name: ' order_shipped ', language: ' en_US ', category: 'UTILITY' as const, body: 'Shipped.' };
    expect(templateInput(form, {})).toEqual({ name: 'order_shipped', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Shipped.' }] });
  });

  it('asks for the body first, then for every missing sample', () => {
    expect(missingTemplateFields({ ...EMPTY_TEMPLATE_FORM, body: '  ' }, {})).toEqual(['body']);
    expect(missingTemplateFields({ ...EMPTY_TEMPLATE_FORM, body: '{{1}} {{2}} {{3}}' }, { 1: 'x', 2: ' ' })).toEqual(['example2', 'example3']);
    expect(missingTemplateFields({ ...EMPTY_TEMPLATE_FORM, body: 'Hi {{1}}' }, { 1: 'Sara' })).toEqual([]);
  });
});

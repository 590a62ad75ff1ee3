import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { bannersFor } from './banners';
import { actionFor, promptFor } from './prompt';
import { makeOverview, meter } from './test/fixtures';

const quota = new ApiError(402, 'quota_exceeded', 'Your Starter plan allows 1 WhatsApp numbers; you have 1.', {
  limit: 'whatsAppNumbers',
  max: 1,
  used: 1,
  plan: 'Starter',
  upgradeTo: { id: 'growth', name: 'Growth' },
});
const feature = new ApiError(403, 'feature_not_in_plan', 'Chatbot flows is not part of your Starter plan.', {
  feature: 'chatbotFlows',
  plan: 'Starter',
  plansWithFeature: [{ id: 'growth', name: 'Growth' }, { id: 'scale', name: 'Scale' }, { nope: true }],
});

describe('error to upgrade prompt', () => {
  it('reads a quota refusal', () => {
    expect(promptFor(quota)).toEqual({
      kind: 'quota',
      limit: 'whatsAppNumbers',
      max: 1,
      used: 1,
      plan: 'Starter',
      upgradeTo: { id: 'growth', name: 'Growth' },
      message: quota.message,
    });
  });

  it('reads a feature refusal, skipping malformed plans', () => {
    expect(promptFor(feature)).toMatchObject({
      kind: 'feature',
      feature: 'chatbotFlows',
      plan: 'Starter',
      plansWithFeature: [
        { id: 'growth', name: 'Growth' },
        { id: 'scale', name: 'Scale' },
      ],
    });
  });

  it('reads a quota refusal without details or without a bigger plan', () => {
    expect(promptFor(new ApiError(402, 'quota_exceeded', 'Over.', { limit: 'contacts', max: 5, used: 5, plan: 'Free', upgradeTo: null }))).toMatchObject({
      upgradeTo: null,
    });
    expect(promptFor(new ApiError(402, 'quota_exceeded', 'Over.'))).toMatchObject({ kind: 'quota', limit: '', max: null, plan: null });
  });

  it('reads restricted and suspended workspaces, and nothing else', () => {
    expect(promptFor(new ApiError(402, 'workspace_restricted', 'Restricted.'))).toEqual({ kind: 'restricted', message: 'Restricted.' });
    expect(promptFor(new ApiError(402, 'workspace_suspended', 'Suspended.'))).toEqual({ kind: 'suspended', message: 'Suspended.' });
    expect(promptFor(new ApiError(403, 'forbidden', 'No.'))).toBeNull();
    expect(promptFor(new ApiError(422, 'validation_failed', 'Bad.'))).toBeNull();
    expect(promptFor(new Error('boom'))).toBeNull();
  });

  it('prompts for an action, never for a page load, and notices a suspension on both', () => {
    expect(actionFor(quota, 'mutation')).toMatchObject({ type: 'prompt', prompt: { kind: 'quota' } });
    expect(actionFor(feature, 'mutation')).toMatchObject({ type: 'prompt', prompt: { kind: 'feature' } });
    expect(actionFor(quota, 'query')).toEqual({ type: 'none' });
    expect(actionFor(new ApiError(402, 'workspace_suspended', 'S.'), 'query')).toEqual({ type: 'suspended' });
    expect(actionFor(new ApiError(402, 'workspace_suspended', 'S.'), 'mutation')).toEqual({ type: 'suspended' });
    expect(actionFor(new ApiError(500, 'internal_error', 'x'), 'mutation')).toEqual({ type: 'none' });
  });
});

describe('banners', () => {
  it('shows nothing when all is well or billing is off', () => {
    expect(bannersFor(makeOverview())).toEqual([]);
    expect(bannersFor(makeOverview({ mode: 'off', access: 'past_due' }))).toEqual([]);
  });

  it('counts a trial without a card down, amber from 3 days', () => {
    const trial = (days: number) => makeOverview({ status: 'trialing', hasPaymentMethod: false, trialDaysLeft: days });
    expect(bannersFor(trial(10))).toMatchObject([{ kind: 'trial', tone: 'info', days: 10 }]);
    expect(bannersFor(trial(3))).toMatchObject([{ kind: 'trial', tone: 'warning', days: 3 }]);
    expect(bannersFor(makeOverview({ status: 'trialing', hasPaymentMethod: true, trialDaysLeft: 2 }))).toEqual([]);
  });

  it('puts payment trouble first, in red', () => {
    const o = makeOverview({
      access: 'past_due',
      restrictsAt: '2026-03-10T00:00:00Z',
      usage: [meter('messagesPerMonth', 800, 1000, true)],
    });
    expect(bannersFor(o)).toMatchObject([
      { kind: 'pastDue', tone: 'danger', restrictsAt: '2026-03-10T00:00:00Z' },
      { kind: 'usage', tone: 'warning', key: 'messagesPerMonth', ratio: 0.8 },
    ]);
    expect(bannersFor(makeOverview({ access: 'restricted', suspendsAt: '2026-03-20T00:00:00Z' }))).toMatchObject([
      { kind: 'restricted', tone: 'danger', suspendsAt: '2026-03-20T00:00:00Z' },
    ]);
  });

  it('warns about monthly meters only, red from 90%, with an id per step', () => {
    const o = makeOverview({ usage: [meter('campaignsPerMonth', 9, 10, true), meter('contacts', 1000, 1000), meter('messagesPerMonth', 100, 1000, true)] });
    expect(bannersFor(o)).toMatchObject([{ kind: 'usage', key: 'campaignsPerMonth', tone: 'danger', id: 'usage:campaignsPerMonth:90' }]);
  });
});

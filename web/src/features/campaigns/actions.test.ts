import { describe, expect, it } from 'vitest';
import { allowedActions, campaignHref } from './actions';
import { refusalOf, issuesByStep, stepOfField } from './checks';
import { ApiError } from '../../api/errors';
import { progressIntoCampaign, progressIntoList, progressIntoStats } from './live';
import { counterValue, funnelOf } from './stats';
import { campaign, counts, progress, summary } from './test/fixtures';

describe('the actions a status allows', () => {
  it('are only those the API accepts', () => {
    expect(allowedActions('draft')).toEqual(['edit', 'delete']);
    expect(allowedActions('scheduled')).toEqual(['edit', 'cancel', 'delete']);
    expect(allowedActions('running')).toEqual(['pause', 'cancel']);
    expect(allowedActions('paused')).toEqual(['resume', 'cancel']);
    expect(allowedActions('completed')).toEqual(['delete']);
    expect(allowedActions('cancelled')).toEqual(['delete']);
    expect(allowedActions('failed')).toEqual(['delete']);
    expect(allowedActions('anything')).toEqual([]);
  });

  it('offer a retry only while failures a retry may fix are left', () => {
    expect(allowedActions('running', { retryable: 2 })).toEqual(['pause', 'retryFailed', 'cancel']);
    expect(allowedActions('paused', { retryable: 1 })).toEqual(['resume', 'retryFailed', 'cancel']);
    expect(allowedActions('completed', { retryable: 3 })).toEqual(['retryFailed', 'delete']);
    expect(allowedActions('cancelled', { retryable: 3 })).toEqual(['delete']);
  });

  it('open a draft in the wizard and any other campaign on its page', () => {
    expect(campaignHref({ id: 'c1', status: 'draft' })).toBe('/app/campaigns/c1/edit');
    expect(campaignHref({ id: 'c1', status: 'paused' })).toBe('/app/campaigns/c1');
  });
});

describe('the checks', () => {
  it('of a refused launch are grouped by the step the 409 names', () => {
    const e = new ApiError(409, 'campaign_not_ready', 'Not ready', {
      fields: [
        { field: 'template', message: 'order_update is paused.' },
        { field: 'audience', message: 'Nobody in this audience can be messaged.' },
        { field: 'audience', message: 'Upload the CSV.' },
        { field: 'scheduleAt', message: 'is in the past' },
        { field: 'somethingElse', message: 'Odd.' },
      ],
    });
    expect(refusalOf(e)).toEqual({
      template: ['order_update is paused.'],
      audience: ['Nobody in this audience can be messaged.', 'Upload the CSV.'],
      schedule: ['is in the past'],
      review: ['Odd.'],
    });
    expect(refusalOf(new ApiError(409, 'conflict', 'Already running'))).toBeNull();
    expect(refusalOf(new ApiError(422, 'validation_failed', 'Invalid', { fields: [{ field: 'name', message: 'x' }] }))).toBeNull();
    expect(refusalOf(new Error('x'))).toBeNull();
  });

  it('of the preview are split by severity and step, and each field of the draft belongs to a step', () => {
    const issues = [
      { code: 'template_required', severity: 'error', step: 'template', message: 'a' },
      { code: 'us_marketing_paused', severity: 'warning', step: 'audience', message: 'b' },
      { code: 'audience_empty', severity: 'error', step: 'audience', message: 'c' },
    ];
    expect(issuesByStep(issues, 'error').map(([s, l]) => [s, l.map((i) => i.code)])).toEqual([
      ['template', ['template_required']],
      ['audience', ['audience_empty']],
    ]);
    expect(issuesByStep(issues, 'warning')).toHaveLength(1);
    expect(['name', 'connectionIds', 'variables.body.2.value', 'headerMediaUrl', 'audience', 'quietStart', 'x'].map(stepOfField)).toEqual([
      'name',
      'number',
      'variables',
      'variables',
      'audience',
      'schedule',
      'review',
    ]);
  });
});

describe('campaign:progress', () => {
  it('changes the campaign in every cached page of the list, and nothing else', () => {
    const data = { pages: [{ items: [summary({ id: 'c1' }), summary({ id: 'c2' })], nextCursor: 'x' }], pageParams: [null] };
    const p = progress({ id: 'c2', status: 'paused', statusReason: 'WhatsApp stopped the campaign: (#131048) spam rate limit', progress: 0.75 });
    const next = progressIntoList(data, p);
    expect(next?.pages[0]?.items[1]).toMatchObject({ id: 'c2', status: 'paused', statusReason: p.statusReason, progress: p });
    expect(next?.pages[0]?.items[0]).toBe(data.pages[0]?.items[0]);
    expect(progressIntoList(data, progress({ id: 'other' }))).toBe(data);
  });

  it('changes the open campaign and its stats', () => {
    const p = progress({ id: 'c1', status: 'completed', actualCost: 1.25 });
    expect(progressIntoCampaign(campaign({ status: 'running' }), p)).toMatchObject({ status: 'completed', progress: p });
    expect(progressIntoCampaign(campaign({ id: 'other' }), p)?.status).toBe('draft');
    const stats = { actualCost: 0, currency: 'USD', estimatedCost: 2, failures: [], funnel: [], progress: progress() };
    expect(progressIntoStats(stats, p)).toMatchObject({ actualCost: 1.25, progress: p });
  });
});

describe('the funnel', () => {
  it('counts each person at the furthest step they reached', () => {
    const c = counts({ total: 10, sent: 2, delivered: 3, read: 1, replied: 2, clicked: 1, pending: 1, sending: 1, failed: 1 });
    expect(funnelOf(c)).toEqual({ sent: 8, delivered: 6, read: 3, replied: 2, clicked: 1 });
    expect(counterValue('sent', c)).toBe(8);
    expect(counterValue('pending', c)).toBe(2);
    expect(counterValue('failed', c)).toBe(1);
    expect(counterValue('total', c)).toBe(10);
  });
});

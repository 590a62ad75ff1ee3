import type { Campaign, CampaignCounts, CampaignProgress, CampaignSummary } from '../types';

export function counts(over: Partial<CampaignCounts> = {}): CampaignCounts {
  return { total: 0, pending: 0, sending: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0, skipped: 0, unknown: 0, held: 0, clicked: 0, retryable: 0, ...over };
}

export function progress(over: Partial<CampaignProgress> = {}): CampaignProgress {
  return { id: 'c1', status: 'running', progress: 0, rateNow: 0, etaSeconds: null, actualCost: 0, counts: counts(), ...over };
}

export function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'c1',
    name: 'Spring sale',
    status: 'draft',
    connectionIds: ['conn-1'],
    templateId: 'tpl-1',
    template: { id: 'tpl-1', name: 'order_update', language: 'en', category: 'utility', status: 'APPROVED', components: [{ type: 'BODY', text: 'Your order {{1}} is {{2}}.' }] },
    variables: {
      'body.1': { source: 'field', value: 'name', fallback: 'there' },
      'body.2': { source: 'constant', value: 'ready', fallback: null },
    },
    audience: { allContacts: false, csv: false, includeSegments: ['seg-1'], excludeSegments: [], includeLabels: [], excludeLabels: ['lab-1'] },
    csvRows: 0,
    csvColumns: [],
    trackedSlots: [],
    timezone: 'Europe/Lisbon',
    recipientTimezone: false,
    progress: progress({ status: over.status ?? 'draft' }),
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    ...over,
  };
}

export function summary(over: Partial<CampaignSummary> = {}): CampaignSummary {
  return {
    id: 'c1',
    name: 'Spring sale',
    status: 'running',
    audienceSize: 120,
    templateName: 'order_update',
    createdBy: 'Olivia Owner',
    createdAt: '2026-03-01T10:00:00Z',
    progress: progress({ id: over.id ?? 'c1', status: over.status ?? 'running', progress: 0.5, counts: counts({ total: 120, pending: 60, sent: 30, delivered: 20, read: 6, replied: 4, failed: 0 }) }),
    ...over,
  };
}

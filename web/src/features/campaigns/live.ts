//! How a `campaign:progress` event (the CampaignProgress object, with the campaign's `id`) changes what is cached:
//! pure functions over the list's pages, the campaign and its stats, so the pages follow without a refetch.
import type { InfiniteData } from '@tanstack/react-query';
import type { Campaign, CampaignList, CampaignProgress, CampaignStats } from './types';

export function progressIntoList(data: InfiniteData<CampaignList> | undefined, p: CampaignProgress): InfiniteData<CampaignList> | undefined {
  if (!data) return data;
  let changed = false;
  const pages = data.pages.map((page) => {
    if (!page.items.some((c) => c.id === p.id)) return page;
    changed = true;
    return { ...page, items: page.items.map((c) => (c.id === p.id ? { ...c, status: p.status, statusReason: p.statusReason ?? null, progress: p } : c)) };
  });
  return changed ? { ...data, pages } : data;
}

export function progressIntoCampaign(c: Campaign | undefined, p: CampaignProgress): Campaign | undefined {
  if (!c || c.id !== p.id) return c;
  return { ...c, status: p.status, statusReason: p.statusReason ?? null, progress: p };
}

export function progressIntoStats(s: CampaignStats | undefined, p: CampaignProgress): CampaignStats | undefined {
  if (!s) return s;
  return { ...s, progress: p, actualCost: p.actualCost };
}

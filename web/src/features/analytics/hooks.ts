//! The analytics page's state and data: the view kept in the URL, today in the workspace's time zone, each tab's
//! report (refreshed every minute while the range reaches today) and the weekly report's schedule.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useInboxSettings } from '../inbox';
import { analyticsApi, type ExportFormat } from './api';
import { apiQuery, includesToday, parseView, todayIn, viewRange, viewToParams, type View } from './query';
import { REPORT_OF, type ReportName, type Reports, type Tab } from './types';

export const analyticsKeys = {
  all: ['analytics'] as const,
  report: (name: ReportName, query: unknown) => ['analytics', name, query] as const,
  schedule: ['analytics', 'schedule'] as const,
};

/** How often figures of a range that reaches today are read again. */
export const LIVE_MS = 60_000;

/** The view in the URL and a way to change part of it (replacing the history entry: a range is no page to go back to). */
export function useView(): [View, (patch: Partial<View>) => void] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseView(params), [params]);
  const update = useCallback(
    (patch: Partial<View>) => setParams(viewToParams({ ...view, ...patch }), { replace: true }),
    [setParams, view],
  );
  return [view, update];
}

/**
 * Today in the workspace's time zone (the days the reports count), or null until the zone is known. The browser's
 * zone stands in when the settings cannot be read, so the page still works.
 */
export function useToday(): string | null {
  const settings = useInboxSettings();
  if (settings.isPending) return null;
  const zone = settings.data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return todayIn(zone);
}

/** A tab's report for the view; waits for today to be known. */
export function useReport<T extends Tab>(tab: T, view: View, today: string | null) {
  const name = REPORT_OF[tab] as (typeof REPORT_OF)[T];
  const query = today ? apiQuery(view, today, tab === 'overview') : null;
  const live = today !== null && includesToday(viewRange(view, today), today);
  return useQuery({
    queryKey: analyticsKeys.report(name, query),
    queryFn: () => analyticsApi.report(name, query ?? {}) as Promise<Reports[typeof name]>,
    enabled: query !== null,
    // Changing the range keeps the last figures on screen (dimmed) rather than a spinner.
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_MS : false,
  });
}

export function useExport() {
  return useMutation({
    mutationFn: ({ tab, view, today, format }: { tab: Tab; view: View; today: string; format: ExportFormat }) =>
      analyticsApi.exportFile({ report: REPORT_OF[tab], format, ...apiQuery(view, today, false) }),
  });
}

export function useSchedule(enabled: boolean) {
  return useQuery({ queryKey: analyticsKeys.schedule, queryFn: analyticsApi.schedule, enabled });
}

export function useScheduleActions() {
  const qc = useQueryClient();
  return {
    save: useMutation({ mutationFn: analyticsApi.saveSchedule, onSuccess: (s) => qc.setQueryData(analyticsKeys.schedule, s) }),
    remove: useMutation({ mutationFn: analyticsApi.deleteSchedule, onSuccess: () => qc.setQueryData(analyticsKeys.schedule, null) }),
  };
}

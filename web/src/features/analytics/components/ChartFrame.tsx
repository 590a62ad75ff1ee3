//! What every analytics chart shares: a box laid out left to right (Recharts measures and draws in LTR; in Arabic the
//! charts reverse their time/category axis and put the value axis on the right instead), the axis text style, the
//! palette, and the table of numbers under each chart.
import type { ReactNode } from 'react';
import { cn } from '../../../lib/cn';

/** A chart's box: a fixed height (ResponsiveContainer fills it), LTR inside. */
export function ChartFrame({ testId, height = 'h-64', label, children }: { testId: string; height?: string; label: string; children: ReactNode }) {
  return (
    <figure className={cn('w-full min-w-0', height)} data-testid={testId} dir="ltr" aria-label={label}>
      {children}
    </figure>
  );
}

/** The numbers a chart draws, folded away under it (for screen readers and for anyone who wants the figures). */
export function ChartNumbers({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="mt-3 rounded-xl border border-slate-100 bg-slate-50/50">
      <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-600 select-none">{summary}</summary>
      <div className="border-t border-slate-100 bg-white">{children}</div>
    </details>
  );
}

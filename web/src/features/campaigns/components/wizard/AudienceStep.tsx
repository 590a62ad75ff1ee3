import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Icon, Spinner } from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { cn } from '../../../../lib/cn';
import { formatNumber } from '../../../../lib/format';
import { LabelToggles } from '../../../crm/components/LabelToggles';
import { useSegments } from '../../../crm/hooks';
import { useLabels } from '../../../inbox';
import type { AudienceMode } from '../../form';
import { useDraftActions, usePreview } from '../../hooks';
import type { AudienceSummary, Campaign } from '../../types';
import { StepTitle } from './BasicsSteps';
import type { StepProps } from './types';

function SegmentChecks({ selected, onChange, testId }: { selected: string[]; onChange: (ids: string[]) => void; testId: string }) {
  const { t } = useTranslation();
  const segments = useSegments();
  if (segments.isPending) return <Spinner label={t('common.loading')} />;
  const list = segments.data ?? [];
  if (list.length === 0) return <p className="text-sm text-slate-500">{t('campaigns.wizard.audience.noSegments')}</p>;
  return (
    <div className="flex flex-wrap gap-1.5" role="group">
      {list.map((s) => {
        const on = selected.includes(s.id);
        return (
          <button
            key={s.id}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((x) => x !== s.id) : [...selected, s.id])}
            className={cn(
              'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition',
              on ? 'bg-primary-50 text-primary-800 ring-primary-600/30' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50',
            )}
            title={s.description ?? undefined}
            data-testid={testId}
            data-segment-id={s.id}
          >
            <Icon name={on ? 'check' : 'bolt'} className="size-3.5" />
            <span dir="auto">{s.name}</span>
          </button>
        );
      })}
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm font-medium text-slate-700">{title}</legend>
      {children}
    </fieldset>
  );
}

/** The uploaded CSV: the file goes up at once; its rows, invalid lines, duplicates and the first problems show. */
function CsvUpload({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { uploadCsv } = useDraftActions();
  const input = useRef<HTMLInputElement>(null);
  const n = (v: number) => formatNumber(v, i18n.language);
  const result = uploadCsv.data;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          data-testid="csv-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) uploadCsv.mutate({ id: campaign.id, file });
            e.target.value = '';
          }}
        />
        <Button variant="outline" onClick={() => input.current?.click()} loading={uploadCsv.isPending}>
          <Icon name="paperclip" className="size-4" />
          {campaign.csvRows > 0 ? t('campaigns.wizard.audience.csvReplace') : t('campaigns.wizard.audience.csvChoose')}
        </Button>
        <p className="text-xs text-slate-500">{t('campaigns.wizard.audience.csvHint')}</p>
      </div>
      {uploadCsv.isError && <Alert tone="danger">{errorText(uploadCsv.error)}</Alert>}
      {result ? (
        <div className="rounded-xl border border-slate-200 p-3 text-sm" data-testid="csv-result">
          <p className="flex flex-wrap gap-x-4 gap-y-1">
            <span>{t('campaigns.wizard.audience.csvRows', { count: result.rows, n: n(result.rows) })}</span>
            <span className={result.invalid > 0 ? 'text-danger-700' : undefined}>{t('campaigns.wizard.audience.csvInvalid', { count: result.invalid, n: n(result.invalid) })}</span>
            <span className={result.duplicates > 0 ? 'text-accent-700' : undefined}>{t('campaigns.wizard.audience.csvDuplicates', { count: result.duplicates, n: n(result.duplicates) })}</span>
          </p>
          {result.columns.length > 0 && (
            <p className="mt-1 text-xs text-slate-500">
              {t('campaigns.wizard.audience.csvColumns')} <span dir="ltr">{result.columns.join(', ')}</span>
            </p>
          )}
          {result.problems.length > 0 && (
            <ul className="mt-2 space-y-0.5 text-xs text-danger-700" data-testid="csv-problems">
              {result.problems.map((p, i) => (
                <li key={i}>{t('campaigns.wizard.audience.csvProblem', { line: p.line, message: p.message })}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        campaign.csvRows > 0 && (
          <p className="text-sm text-slate-600" data-testid="csv-saved">
            {t('campaigns.wizard.audience.csvRows', { count: campaign.csvRows, n: n(campaign.csvRows) })}
            {campaign.csvColumns.length > 0 && (
              <span className="text-slate-500">
                {' · '}
                <span dir="ltr">{campaign.csvColumns.join(', ')}</span>
              </span>
            )}
          </p>
        )
      )}
    </div>
  );
}

const LEFT_OUT = ['optedOut', 'suppressed', 'noPhone', 'usMarketing', 'missingVariable', 'csvInvalid', 'csvDuplicates'] as const;

/** The audience's final count and who is left out, and why (from the pre-send checks of the saved draft). */
export function AudienceCount({ summary, fetching }: { summary: AudienceSummary | undefined; fetching: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const out = summary ? LEFT_OUT.filter((k) => summary[k] > 0) : [];
  return (
    <div className="rounded-2xl bg-slate-50 p-4" data-testid="audience-count" aria-busy={fetching || undefined}>
      <p className="text-sm text-slate-600">{t('campaigns.wizard.audience.finalCount')}</p>
      <p className="mt-1 flex items-center gap-2 text-3xl font-semibold text-slate-900 tabular-nums">
        <span data-testid="final-count">{summary ? n(summary.finalCount) : '—'}</span>
        {fetching && <Spinner className="size-4 text-primary-500" />}
      </p>
      {summary && (
        <p className="mt-1 text-xs text-slate-500">{t('campaigns.wizard.audience.matched', { count: summary.matched, n: n(summary.matched) })}</p>
      )}
      {out.length > 0 && (
        <div className="mt-3 border-t border-slate-200 pt-3">
          <p className="mb-1.5 text-xs font-medium tracking-wide text-slate-500 uppercase">{t('campaigns.wizard.audience.leftOut')}</p>
          <ul className="space-y-1 text-sm" data-testid="left-out">
            {out.map((k) => (
              <li key={k} className="flex justify-between gap-3" data-reason={k}>
                <span className="text-slate-600">{t(`campaigns.leftOut.${k}`)}</span>
                <span className="font-medium text-slate-900 tabular-nums">{n(summary?.[k] ?? 0)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function AudienceStep({ form, update, campaign }: StepProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const labels = useLabels();
  const preview = usePreview(campaign?.id ?? '', campaign?.updatedAt ?? '', Boolean(campaign));
  const mode = (m: AudienceMode) => update({ audienceMode: m });
  return (
    <div>
      <StepTitle title={t('campaigns.wizard.audience.title')} hint={t('campaigns.wizard.audience.hint')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-5">
          <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label={t('campaigns.wizard.audience.title')}>
            {(['contacts', 'csv'] as const).map((m) => (
              <label
                key={m}
                className={cn(
                  'flex cursor-pointer items-start gap-3 rounded-xl border p-3 transition',
                  form.audienceMode === m ? 'border-primary-400 bg-primary-50/50 ring-2 ring-primary-500/15' : 'border-slate-200 hover:border-slate-300',
                )}
              >
                <input type="radio" name="audience-mode" className="mt-1 size-4" checked={form.audienceMode === m} onChange={() => mode(m)} data-testid={`audience-${m}`} />
                <span>
                  <span className="block font-medium text-slate-900">{t(`campaigns.wizard.audience.mode.${m}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`campaigns.wizard.audience.modeHint.${m}`)}</span>
                </span>
              </label>
            ))}
          </div>

          {form.audienceMode === 'contacts' ? (
            <div className="space-y-5">
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" className="size-4 rounded border-slate-300" checked={form.allContacts} onChange={(e) => update({ allContacts: e.target.checked })} data-testid="all-contacts" />
                {t('campaigns.wizard.audience.allContacts')}
              </label>
              {!form.allContacts && (
                <div className="space-y-4 rounded-xl border border-slate-200 p-4">
                  <p className="text-sm font-semibold text-slate-900">{t('campaigns.wizard.audience.include')}</p>
                  <Group title={t('campaigns.wizard.audience.segments')}>
                    <SegmentChecks selected={form.includeSegments} onChange={(ids) => update({ includeSegments: ids, excludeSegments: form.excludeSegments.filter((x) => !ids.includes(x)) })} testId="include-segment" />
                  </Group>
                  <Group title={t('campaigns.wizard.audience.labels')}>
                    <LabelToggles labels={labels.data ?? []} selected={form.includeLabels} onChange={(ids) => update({ includeLabels: ids, excludeLabels: form.excludeLabels.filter((x) => !ids.includes(x)) })} testId="include-label" />
                  </Group>
                </div>
              )}
              <div className="space-y-4 rounded-xl border border-slate-200 p-4">
                <p className="text-sm font-semibold text-slate-900">{t('campaigns.wizard.audience.exclude')}</p>
                <Group title={t('campaigns.wizard.audience.segments')}>
                  <SegmentChecks selected={form.excludeSegments} onChange={(ids) => update({ excludeSegments: ids, includeSegments: form.includeSegments.filter((x) => !ids.includes(x)) })} testId="exclude-segment" />
                </Group>
                <Group title={t('campaigns.wizard.audience.labels')}>
                  <LabelToggles labels={labels.data ?? []} selected={form.excludeLabels} onChange={(ids) => update({ excludeLabels: ids, includeLabels: form.includeLabels.filter((x) => !ids.includes(x)) })} testId="exclude-label" />
                </Group>
              </div>
            </div>
          ) : (
            campaign && <CsvUpload campaign={campaign} />
          )}
          <p className="text-xs text-slate-500">{t('campaigns.wizard.audience.always')}</p>
        </div>
        <div className="space-y-2 lg:sticky lg:top-4 lg:self-start">
          <AudienceCount summary={preview.data?.audience} fetching={preview.isFetching} />
          {preview.isError && <Alert tone="danger">{errorText(preview.error)}</Alert>}
        </div>
      </div>
    </div>
  );
}

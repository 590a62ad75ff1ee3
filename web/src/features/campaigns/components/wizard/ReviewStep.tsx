import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../../api/errors';
import type { TimeZone } from '../../../../api/types';
import { Alert, Button, ConfirmModal, Icon, Input, Select, Spinner, Table, TBody, TD, TH, THead, TR } from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { formatDateTime, formatNumber } from '../../../../lib/format';
import { useConnections } from '../../../whatsapp';
import { issuesByStep, refusalOf, type ByStep } from '../../checks';
import { zonedToIso } from '../../form';
import { countryName, formatDuration, formatMoney, formatRate } from '../../format';
import { useDraftActions, usePreview } from '../../hooks';
import { WIZARD_STEPS, type Campaign, type CampaignPreview, type WizardStep } from '../../types';
import { TemplatePreview } from '../TemplatePreview';
import { AudienceCount } from './AudienceStep';
import { StepTitle } from './BasicsSteps';
import { usePreviewValues } from './previewValues';
import type { StepProps } from './types';

function StepLink({ step, onGoTo }: { step: WizardStep; onGoTo: (s: WizardStep) => void }) {
  const { t } = useTranslation();
  if (step === 'review') return null;
  return (
    <button type="button" className="text-xs font-medium text-primary-700 underline-offset-2 hover:underline" onClick={() => onGoTo(step)} data-testid="issue-step-link">
      {t('campaigns.wizard.review.fixIn', { step: t(`campaigns.wizard.step.${step}`) })}
    </button>
  );
}

function Checks({ preview, refusal, onGoTo }: { preview: CampaignPreview | undefined; refusal: ByStep | null; onGoTo: (s: WizardStep) => void }) {
  const { t } = useTranslation();
  if (!preview) return null;
  const errors = issuesByStep(preview.issues, 'error');
  const warnings = issuesByStep(preview.issues, 'warning');
  const refused = WIZARD_STEPS.filter((s) => refusal?.[s]?.length);
  return (
    <section className="space-y-3" data-testid="pre-send-checks">
      <h3 className="text-sm font-semibold text-slate-900">{t('campaigns.wizard.review.checks')}</h3>
      {refused.length > 0 && (
        <Alert tone="danger" title={t('campaigns.wizard.review.refused')}>
          <ul className="space-y-2" data-testid="launch-refusal">
            {refused.map((s) => (
              <li key={s} data-step={s}>
                <p className="font-medium">{t(`campaigns.wizard.step.${s}`)}</p>
                <ul className="list-inside list-disc">
                  {refusal?.[s]?.map((m, i) => (
                    <li key={i} dir="auto">
                      {m}
                    </li>
                  ))}
                </ul>
                <StepLink step={s} onGoTo={onGoTo} />
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {errors.length === 0 && warnings.length === 0 && refused.length === 0 && (
        <Alert tone="success">
          <span data-testid="checks-ok">{t('campaigns.wizard.review.allGood')}</span>
        </Alert>
      )}
      {errors.length > 0 && (
        <Alert tone="danger" title={t('campaigns.wizard.review.errors')}>
          <ul className="space-y-2" data-testid="check-errors">
            {errors.map(([step, list]) => (
              <li key={step} data-step={step}>
                <ul className="list-inside list-disc">
                  {list.map((i) => (
                    <li key={i.code + i.message} data-code={i.code} data-testid="check-error" dir="auto">
                      {i.message}
                    </li>
                  ))}
                </ul>
                <StepLink step={step} onGoTo={onGoTo} />
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert tone="warning" title={t('campaigns.wizard.review.warnings')}>
          <ul className="space-y-2" data-testid="check-warnings">
            {warnings.map(([step, list]) => (
              <li key={step} data-step={step}>
                <ul className="list-inside list-disc">
                  {list.map((i) => (
                    <li key={i.code + i.message} data-code={i.code} dir="auto">
                      {i.message}
                    </li>
                  ))}
                </ul>
                <StepLink step={step} onGoTo={onGoTo} />
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </section>
  );
}

function Estimate({ preview }: { preview: CampaignPreview }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const e = preview.estimate;
  const money = (v: number) => formatMoney(v, e.currency, i18n.language);
  return (
    <section className="space-y-2" data-testid="cost-estimate">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{t('campaigns.wizard.review.cost')}</h3>
        <span className="text-xs text-slate-500">{t('campaigns.wizard.review.category', { category: e.category })}</span>
      </div>
      <div className="overflow-hidden rounded-xl border border-slate-200">
        <Table minWidth="min-w-[17rem]" dense>
          <THead>
            <tr>
              <TH>{t('campaigns.wizard.review.country')}</TH>
              <TH className="text-end">{t('campaigns.wizard.review.recipients')}</TH>
              <TH className="hidden text-end sm:table-cell">{t('campaigns.wizard.review.unitPrice')}</TH>
              <TH className="text-end">{t('campaigns.wizard.review.total')}</TH>
            </tr>
          </THead>
          <TBody>
            {e.lines.map((l) => (
              <TR key={l.country} data-testid="cost-line" data-country={l.country}>
                <TD>{countryName(l.country, i18n.language) ?? t('campaigns.wizard.review.elsewhere')}</TD>
                <TD className="text-end tabular-nums">{n(l.recipients)}</TD>
                <TD className="hidden text-end tabular-nums sm:table-cell">{money(l.unitPrice)}</TD>
                <TD className="text-end tabular-nums">{money(l.total)}</TD>
              </TR>
            ))}
            <tr className="bg-slate-50/70 font-semibold">
              <TD>{t('campaigns.wizard.review.total')}</TD>
              <TD className="text-end tabular-nums">{n(e.lines.reduce((s, l) => s + l.recipients, 0))}</TD>
              <TD className="hidden sm:table-cell" />
              <TD className="text-end text-slate-900 tabular-nums" data-testid="cost-total">
                {money(e.total)}
              </TD>
            </tr>
          </TBody>
        </Table>
      </div>
      <p className="text-xs text-slate-500">{t('campaigns.wizard.review.costHint')}</p>
    </section>
  );
}

/** Sends the template, filled for that number, to one phone now (nothing is recorded in the campaign). */
function TestSend({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { testSend } = useDraftActions();
  const connections = useConnections();
  const [phone, setPhone] = useState('');
  const [connectionId, setConnectionId] = useState(campaign.connectionIds[0] ?? '');
  const ours = (connections.data ?? []).filter((c) => campaign.connectionIds.includes(c.id));
  const error = testSend.error;
  const fieldText = error instanceof ApiError && error.fieldErrors.length > 0 ? error.fieldErrors.map((f) => f.message).join(' · ') : null;
  return (
    <form
      className="space-y-3 rounded-2xl border border-slate-200 p-4"
      data-testid="test-send"
      onSubmit={(e) => {
        e.preventDefault();
        testSend.mutate({ id: campaign.id, body: { phone: phone.trim(), connectionId: connectionId || null } });
      }}
    >
      <div>
        <h3 className="text-sm font-semibold text-slate-900">{t('campaigns.wizard.review.test')}</h3>
        <p className="text-xs text-slate-500">{t('campaigns.wizard.review.testHint')}</p>
      </div>
      {ours.length > 1 && (
        <Select aria-label={t('campaigns.wizard.review.testFrom')} value={connectionId} onChange={(e) => setConnectionId(e.target.value)} controlSize="sm">
          {ours.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      )}
      <div className="flex gap-2">
        <Input
          type="tel"
          dir="ltr"
          aria-label={t('campaigns.wizard.review.testPhone')}
          placeholder={t('campaigns.wizard.review.testPhonePlaceholder')}
          value={phone}
          onChange={(e) => {
            setPhone(e.target.value);
            testSend.reset();
          }}
          data-testid="test-phone"
        />
        <Button type="submit" variant="outline" loading={testSend.isPending} disabled={phone.trim() === ''} data-testid="test-send-button">
          <Icon name="send" className="size-4 rtl:-scale-x-100" />
          {t('campaigns.wizard.review.testSend')}
        </Button>
      </div>
      {testSend.isSuccess && (
        <Alert tone="success">
          <span data-testid="test-send-ok">{t('campaigns.wizard.review.testSent', { phone: phone.trim() })}</span>
        </Alert>
      )}
      {testSend.isError && (
        <Alert tone="danger">
          <span data-testid="test-send-error">{fieldText ?? errorText(error)}</span>
        </Alert>
      )}
    </form>
  );
}

/** The last step: the checks (errors block the launch), the cost, the time it takes, a test send, and the launch. */
export function ReviewStep({
  form,
  campaign,
  template,
  refusal,
  onRefused,
  onGoTo,
  beforeLaunch,
}: StepProps & {
  campaign: Campaign;
  refusal: ByStep | null;
  onRefused: (r: ByStep | null) => void;
  onGoTo: (s: WizardStep) => void;
  beforeLaunch: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const preview = usePreview(campaign.id, campaign.updatedAt);
  const { start, schedule } = useDraftActions();
  const values = usePreviewValues(form.variables);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const later = form.when === 'later';
  const scheduleAt = later ? zonedToIso(form.date, form.time, form.timezone) : null;
  const blocked = !preview.data || preview.data.issues.some((i) => i.severity === 'error');
  const launching = start.isPending || schedule.isPending;

  const launch = async () => {
    setFailure(null);
    try {
      await beforeLaunch();
      if (later && scheduleAt) await schedule.mutateAsync({ id: campaign.id, body: { scheduleAt, timezone: form.timezone as TimeZone } });
      else await start.mutateAsync(campaign.id);
      onRefused(null);
      navigate(`/app/campaigns/${campaign.id}`);
    } catch (e) {
      setConfirming(false);
      const r = refusalOf(e);
      onRefused(r);
      if (!r) setFailure(e);
      void preview.refetch();
    }
  };

  const count = preview.data ? formatNumber(preview.data.audience.finalCount, i18n.language) : '';

  return (
    <div>
      <StepTitle title={t('campaigns.wizard.review.title')} hint={t('campaigns.wizard.review.hint')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {preview.isPending ? (
            <div className="flex items-center gap-2 text-sm text-slate-500">
              <Spinner className="size-4" />
              {t('campaigns.wizard.review.checking')}
            </div>
          ) : preview.isError ? (
            <Alert tone="danger">{errorText(preview.error)}</Alert>
          ) : (
            <>
              <Checks preview={preview.data} refusal={refusal} onGoTo={onGoTo} />
              <div className="grid gap-4 sm:grid-cols-2">
                <AudienceCount summary={preview.data.audience} fetching={preview.isFetching} />
                <div className="rounded-2xl bg-slate-50 p-4" data-testid="send-time">
                  <p className="text-sm text-slate-600">{t('campaigns.wizard.review.duration')}</p>
                  <p className="mt-1 text-3xl font-semibold text-slate-900">{formatDuration(preview.data.durationSeconds, i18n.language)}</p>
                  <p className="mt-1 text-xs text-slate-500">{t('campaigns.wizard.review.rate', { rate: formatRate(preview.data.ratePerSecond, i18n.language) })}</p>
                  <p className="mt-3 border-t border-slate-200 pt-3 text-sm text-slate-700" data-testid="review-when">
                    {later && scheduleAt
                      ? t('campaigns.wizard.review.at', { time: formatDateTime(scheduleAt, i18n.language), zone: form.timezone })
                      : t('campaigns.wizard.review.immediately')}
                  </p>
                </div>
              </div>
              <Estimate preview={preview.data} />
            </>
          )}
          {failure !== null && <Alert tone="danger">{errorText(failure)}</Alert>}
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
            <Button variant="outline" onClick={() => onGoTo('schedule')} data-testid="wizard-back">
              <Icon name="chevronStart" className="size-4 rtl:-scale-x-100" />
              {t('common.previous')}
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={blocked} loading={launching} data-testid="launch">
              <Icon name={later ? 'clock' : 'send'} className="size-4 rtl:-scale-x-100" />
              {later ? t('campaigns.wizard.review.schedule') : t('campaigns.wizard.review.launch')}
            </Button>
          </div>
          {blocked && preview.data && <p className="text-end text-xs text-danger-700">{t('campaigns.wizard.review.blocked')}</p>}
        </div>
        <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
          {template && (
            <div>
              <p className="mb-2 text-sm font-medium text-slate-700">{t('campaigns.preview.title')}</p>
              <TemplatePreview parts={template.parts} values={values} mediaUrl={form.headerMediaUrl || null} />
            </div>
          )}
          <TestSend campaign={campaign} />
        </div>
      </div>
      <ConfirmModal
        open={confirming}
        title={later ? t('campaigns.wizard.review.confirmScheduleTitle') : t('campaigns.wizard.review.confirmLaunchTitle')}
        body={
          later && scheduleAt
            ? t('campaigns.wizard.review.confirmSchedule', { count: preview.data?.audience.finalCount ?? 0, n: count, time: formatDateTime(scheduleAt, i18n.language), zone: form.timezone })
            : t('campaigns.wizard.review.confirmLaunch', { count: preview.data?.audience.finalCount ?? 0, n: count })
        }
        confirmLabel={later ? t('campaigns.wizard.review.schedule') : t('campaigns.wizard.review.launch')}
        loading={launching}
        onClose={() => setConfirming(false)}
        onConfirm={() => void launch()}
      />
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  CardBody,
  CardHeader,
  ConfirmModal,
  EmptyState,
  Icon,
  LoadMore,
  QueryView,
  Select,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  type IconName,
} from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { cn } from '../../../../lib/cn';
import { formatDateTime, formatNumber } from '../../../../lib/format';
import { allowedActions, isLive, type CampaignAction } from '../../actions';
import { formatDuration, formatMoney, formatRate } from '../../format';
import { useCampaignActions, useCampaignProgress, useRecipients, useStats } from '../../hooks';
import { COUNTER_CARDS, counterValue } from '../../stats';
import { chosenTemplate } from '../../template';
import { RECIPIENT_STATUSES, type Campaign, type CampaignRecipient, type CampaignStats } from '../../types';
import { CampaignStatusBadge, ProgressBar, RecipientStatusBadge } from '../StatusBadge';
import { FunnelChart } from './FunnelChart';

const ACTION_ICON: Record<CampaignAction, IconName> = { edit: 'pencil', pause: 'clock', resume: 'refresh', cancel: 'close', retryFailed: 'refresh', delete: 'trash' };

function Actions({ campaign, onConfirm }: { campaign: Campaign; onConfirm: (a: 'cancel' | 'retryFailed' | 'delete') => void }) {
  const { t } = useTranslation();
  const { pause, resume } = useCampaignActions();
  const errorText = useErrorText();
  const actions = allowedActions(campaign.status, campaign.progress.counts);
  const failed = pause.error ?? resume.error;
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
    <div className="flex flex-wrap gap-2" data-testid="campaign-actions">
      {actions.map((a) => {
        const label = t(`campaigns.actions.${a}`);
        const icon = <Icon name={ACTION_ICON[a]} className="size-4" />;
        if (a === 'edit') {
          return (
            <Link key={a} to={`/app/campaigns/${campaign.id}/edit`} className={buttonClasses('outline')} data-testid="campaign-edit">
              {icon}
              {label}
            </Link>
          );
        }
        if (a === 'pause' || a === 'resume') {
          const m = a === 'pause' ? pause : resume;
          return (
            <Button key={a} variant={a === 'resume' ? 'primary' : 'outline'} loading={m.isPending} onClick={() => m.mutate(campaign.id)} data-testid={`campaign-${a}`}>
              {icon}
              {label}
            </Button>
          );
        }
        return (
          <Button key={a} variant={a === 'retryFailed' ? 'outline' : a === 'delete' ? 'ghost' : 'outline'} onClick={() => onConfirm(a)} data-testid={`campaign-${a}`} className={a === 'cancel' || a === 'delete' ? 'text-danger-700' : undefined}>
            {icon}
            {label}
          </Button>
        );
      })}
    </div>
      {failed && <p className="text-sm text-danger-700">{errorText(failed)}</p>}
    </div>
  );
}

function Counters({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const c = campaign.progress.counts;
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-3" data-testid="campaign-counters">
      {COUNTER_CARDS.filter((k) => k === 'total' || k === 'pending' || k === 'sent' || k === 'delivered' || k === 'read' || k === 'replied' || k === 'failed' || counterValue(k, c) > 0).map((k) => (
        <li key={k} className="rounded-xl border border-slate-200/80 bg-white px-3 py-2.5 shadow-soft" data-testid="counter" data-counter={k}>
          <p className="truncate text-xs text-slate-500">{t(`campaigns.counters.${k}`)}</p>
          <p className={cn('mt-0.5 text-xl font-semibold tabular-nums', k === 'failed' && c.failed > 0 ? 'text-danger-700' : 'text-slate-900')} data-testid="counter-value">
            {formatNumber(counterValue(k, c), i18n.language)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function ProgressCard({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const p = campaign.progress;
  const done = p.counts.total - p.counts.pending - p.counts.sending;
  return (
    <Card>
      <CardBody className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p className="text-sm font-medium text-slate-700">
            {t('campaigns.live.done', { count: p.counts.total, done: formatNumber(done, i18n.language), total: formatNumber(p.counts.total, i18n.language) })}
          </p>
          <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="progress-percent">
            {Math.round(p.progress * 100)}%
          </p>
        </div>
        <ProgressBar value={p.progress} label={t('campaigns.list.progress')} className="h-3" tone={campaign.status === 'completed' ? 'success' : campaign.status === 'paused' ? 'warning' : 'primary'} />
        <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
          {campaign.status === 'running' && <span data-testid="rate-now">{t('campaigns.live.rateNow', { rate: formatRate(p.rateNow, i18n.language) })}</span>}
          {p.etaSeconds != null && campaign.status === 'running' && <span data-testid="eta">{t('campaigns.live.eta', { time: formatDuration(p.etaSeconds, i18n.language) })}</span>}
          {campaign.startedAt && <span>{t('campaigns.live.started', { time: formatDateTime(campaign.startedAt, i18n.language) })}</span>}
          {campaign.completedAt && <span>{t('campaigns.live.completed', { time: formatDateTime(campaign.completedAt, i18n.language) })}</span>}
        </div>
      </CardBody>
    </Card>
  );
}

function CostAndFailures({ stats }: { stats: CampaignStats }) {
  const { t, i18n } = useTranslation();
  const money = (v: number) => formatMoney(v, stats.currency, i18n.language);
  return (
    <div className="space-y-4">
      <Card data-testid="campaign-cost">
        <CardHeader title={t('campaigns.live.cost')} />
        <CardBody className="grid grid-cols-2 gap-4">
          <div>
            <p className="text-xs text-slate-500">{t('campaigns.live.estimated')}</p>
            <p className="text-xl font-semibold text-slate-900 tabular-nums" data-testid="cost-estimated">
              {stats.estimatedCost != null ? money(stats.estimatedCost) : '—'}
            </p>
          </div>
          <div>
            <p className="text-xs text-slate-500">{t('campaigns.live.actual')}</p>
            <p className="text-xl font-semibold text-slate-900 tabular-nums" data-testid="cost-actual">
              {money(stats.actualCost)}
            </p>
          </div>
        </CardBody>
      </Card>
      <Card data-testid="campaign-failures">
        <CardHeader title={t('campaigns.live.failures')} />
        {stats.failures.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">{t('campaigns.live.noFailures')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {stats.failures.map((f) => (
              <li key={f.code} className="flex items-start justify-between gap-3 px-5 py-3 text-sm" data-testid="failure" data-code={f.code}>
                <span className="min-w-0">
                  <code className="me-2 rounded bg-danger-50 px-1.5 py-0.5 font-mono text-xs text-danger-800" dir="ltr">
                    {f.code}
                  </code>
                  <span className="text-slate-700" dir="auto">
                    {f.reason}
                  </span>
                </span>
                <span className="shrink-0 font-semibold text-slate-900 tabular-nums">{formatNumber(f.count, i18n.language)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function FailureReason({ r, dash = false }: { r: CampaignRecipient; dash?: boolean }) {
  const { t } = useTranslation();
  if (!r.errorCode && !r.errorReason) return dash ? <span className="text-slate-400">—</span> : null;
  return (
    // A pending row's reason says why it waits (a deferral), not a failure.
    <p className={cn('text-sm', r.status === 'pending' ? 'text-slate-600' : 'text-danger-700')} data-testid="recipient-error">
      {r.errorCode && (
        <code className="me-1 font-mono text-xs" dir="ltr">
          {r.errorCode}
        </code>
      )}
      <span dir="auto">{r.errorReason}</span>
      {r.retryable && <span className="ms-1 text-xs text-slate-500">({t('campaigns.live.retryable')})</span>}
    </p>
  );
}

/** Taps on the tracked link button, with the first one's time on hover. */
function Clicks({ r }: { r: CampaignRecipient }) {
  const { t, i18n } = useTranslation();
  if (r.clickCount === 0) return null;
  return (
    <Badge tone="secondary" title={r.clickedAt ? t('campaigns.live.firstClick', { time: formatDateTime(r.clickedAt, i18n.language) }) : undefined} data-testid="recipient-clicks">
      {t('campaigns.live.clicks', { count: r.clickCount })}
    </Badge>
  );
}

function Recipients({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [status, setStatus] = useState<string | null>(null);
  const list = useRecipients(campaign.id, status);
  const { exportCsv } = useCampaignActions();
  const c = campaign.progress.counts;
  const countOf = (s: string) => (c as unknown as Record<string, number | undefined>)[s] ?? 0;
  return (
    <Card data-testid="campaign-recipients">
      <CardHeader
        title={t('campaigns.live.recipients')}
        actions={
          <Button variant="outline" size="sm" loading={exportCsv.isPending} onClick={() => exportCsv.mutate(campaign.id)} data-testid="campaign-export">
            <Icon name="download" className="size-4" />
            {t('campaigns.live.export')}
          </Button>
        }
      />
      {exportCsv.isError && (
        <div className="px-5 pt-3">
          <Alert tone="danger">{errorText(exportCsv.error)}</Alert>
        </div>
      )}
      <div className="border-b border-slate-100 px-4 py-3 sm:px-5">
        {/* Phones: a select; wider screens: the states as tabs with their counts. */}
        <Select controlSize="sm" className="w-auto sm:hidden" aria-label={t('campaigns.live.filter')} value={status ?? ''} onChange={(e) => setStatus(e.target.value || null)} data-testid="recipient-filter-select">
          <option value="">{t('campaigns.live.all')}</option>
          {RECIPIENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.recipientStatus.${s}`)} ({formatNumber(countOf(s), i18n.language)})
            </option>
          ))}
        </Select>
        <div className="hidden flex-wrap gap-1 sm:flex" role="tablist" aria-label={t('campaigns.live.filter')}>
          {[null, ...RECIPIENT_STATUSES].map((s) => (
            <button
              key={s ?? 'all'}
              type="button"
              role="tab"
              aria-selected={status === s}
              onClick={() => setStatus(s)}
              className={cn('rounded-lg px-2.5 py-1 text-sm transition', status === s ? 'bg-primary-50 font-medium text-primary-700' : 'text-slate-600 hover:bg-slate-100')}
              data-testid="recipient-filter"
              data-status={s ?? 'all'}
            >
              {s ? t(`campaigns.recipientStatus.${s}`) : t('campaigns.live.all')}
              <span className="ms-1 text-xs text-slate-400 tabular-nums">{formatNumber(s ? countOf(s) : c.total, i18n.language)}</span>
            </button>
          ))}
        </div>
      </div>
      <QueryView query={list} isEmpty={(d) => d.pages.every((p) => p.items.length === 0)} empty={<EmptyState icon="users" title={t('campaigns.live.noRecipients')} />}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          return (
            <>
              {/* Phones: one card per recipient, the failure reason under the name. */}
              <ul className="divide-y divide-slate-100 sm:hidden" data-testid="recipient-cards">
                {items.map((r) => (
                  <li key={r.id} className="space-y-1 px-4 py-3" data-testid="recipient-card" data-status={r.status}>
                    <div className="flex items-start justify-between gap-3">
                      <div className="min-w-0">
                        <p className="truncate font-medium text-slate-900" dir="auto">
                          {r.contactName || r.phone}
                        </p>
                        {r.contactName && (
                          <p className="text-xs text-slate-500" dir="ltr">
                            {r.phone}
                          </p>
                        )}
                      </div>
                      <span className="inline-flex shrink-0 flex-wrap items-center justify-end gap-1">
                        <RecipientStatusBadge status={r.status} />
                        <Clicks r={r} />
                      </span>
                    </div>
                    <FailureReason r={r} />
                  </li>
                ))}
              </ul>
              <div className="hidden sm:block">
                <Table minWidth="min-w-[40rem]" dense data-testid="recipients-table">
                  <THead>
                    <tr>
                      <TH>{t('campaigns.live.contact')}</TH>
                      <TH className="w-32">{t('common.status')}</TH>
                      <TH>{t('campaigns.live.reason')}</TH>
                      <TH className="w-40">{t('campaigns.live.updated')}</TH>
                    </tr>
                  </THead>
                  <TBody>
                    {items.map((r) => (
                      <TR key={r.id} data-testid="recipient-row" data-status={r.status}>
                        <TD>
                          <p className="truncate font-medium text-slate-900" dir="auto">
                            {r.contactName || r.phone}
                          </p>
                          {r.contactName && (
                            <p className="text-xs text-slate-500" dir="ltr">
                              {r.phone}
                            </p>
                          )}
                        </TD>
                        <TD>
                          <span className="inline-flex flex-wrap items-center gap-1">
                            <RecipientStatusBadge status={r.status} />
                            {r.held && <Badge tone="warning">{t('campaigns.counters.held')}</Badge>}
                            <Clicks r={r} />
                          </span>
                        </TD>
                        <TD className="text-sm">
                          <FailureReason r={r} dash />
                        </TD>
                        <TD className="text-xs text-slate-500">
                          {formatDateTime(r.repliedAt ?? r.readAt ?? r.deliveredAt ?? r.failedAt ?? r.sentAt ?? r.notBefore, i18n.language)}
                        </TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </div>
              <LoadMore pages={list} label={t('campaigns.live.more')} testId="recipients-more" />
            </>
          );
        }}
      </QueryView>
    </Card>
  );
}

/** `/app/campaigns/:id` for a campaign past its draft: live counters, funnel, costs, failures and recipients. */
export function CampaignLivePage({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  useCampaignProgress(campaign.id);
  const stats = useStats(campaign.id, isLive(campaign.status));
  const { cancel, retryFailed, remove } = useCampaignActions();
  const [confirm, setConfirm] = useState<'cancel' | 'retryFailed' | 'delete' | null>(null);
  const template = chosenTemplate(campaign.template);
  const mutation = confirm === 'cancel' ? cancel : confirm === 'retryFailed' ? retryFailed : remove;
  const run = () => {
    if (!confirm) return;
    const done = { onSuccess: () => setConfirm(null) };
    if (confirm === 'cancel') cancel.mutate(campaign.id, done);
    else if (confirm === 'retryFailed') retryFailed.mutate(campaign.id, done);
    else remove.mutate(campaign.id, { onSuccess: () => navigate('/app/campaigns') });
  };

  return (
    <div className="space-y-5" data-testid="campaign-page" data-status={campaign.status}>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <Link to="/app/campaigns" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
            <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
            {t('campaigns.list.title')}
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight text-slate-900" data-testid="campaign-title">
              <bdi>{campaign.name}</bdi>
            </h1>
            <CampaignStatusBadge status={campaign.status} />
          </div>
          {template && (
            <p className="mt-1 text-sm text-slate-500">
              <span dir="ltr">
                <span className="font-mono">{template.name}</span>
                {' · '}
                {template.language}
                {template.category ? ` · ${template.category}` : ''}
              </span>
            </p>
          )}
        </div>
        <Actions campaign={campaign} onConfirm={setConfirm} />
      </div>

      {campaign.statusReason && (campaign.status === 'paused' || campaign.status === 'failed') && (
        <Alert tone={campaign.status === 'failed' ? 'danger' : 'warning'} title={t(`campaigns.live.reasonTitle.${campaign.status}`)}>
          <span data-testid="status-reason" dir="auto">
            {campaign.statusReason}
          </span>
        </Alert>
      )}
      {campaign.status === 'scheduled' && campaign.scheduleAt && (
        <Alert tone="info">
          <span data-testid="scheduled-at">
            {t('campaigns.live.scheduledFor', { time: formatDateTime(campaign.scheduleAt, i18n.language), zone: campaign.timezone })}
            {campaign.recipientTimezone ? ` ${t('campaigns.live.theirZone')}` : ''}
          </span>
        </Alert>
      )}

      <ProgressCard campaign={campaign} />
      <Counters campaign={campaign} />

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader title={t('campaigns.live.funnel')} />
          <CardBody>
            <FunnelChart counts={campaign.progress.counts} />
          </CardBody>
        </Card>
        <QueryView query={stats}>{(s) => <CostAndFailures stats={s} />}</QueryView>
      </div>

      {campaign.audienceSummary && campaign.audienceSummary.finalCount < campaign.audienceSummary.matched && (
        <p className="text-xs text-slate-500">
          {t('campaigns.live.audienceNote', {
            count: campaign.audienceSummary.matched,
            matched: formatNumber(campaign.audienceSummary.matched, i18n.language),
            final: formatNumber(campaign.audienceSummary.finalCount, i18n.language),
          })}
        </p>
      )}

      <Recipients campaign={campaign} />

      <ConfirmModal
        open={confirm !== null}
        danger={confirm !== 'retryFailed'}
        title={confirm ? t(`campaigns.confirm.${confirm}.title`, { name: campaign.name }) : ''}
        body={confirm ? t(`campaigns.confirm.${confirm}.body`, { count: campaign.progress.counts.retryable, n: formatNumber(campaign.progress.counts.retryable, i18n.language) }) : ''}
        confirmLabel={confirm ? t(`campaigns.actions.${confirm}`) : ''}
        loading={mutation.isPending}
        error={mutation.error ? errorText(mutation.error) : null}
        onClose={() => {
          setConfirm(null);
          mutation.reset();
        }}
        onConfirm={run}
      />
    </div>
  );
}

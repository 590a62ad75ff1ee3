import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  buttonClasses,
  Card,
  EmptyState,
  Icon,
  LoadMore,
  PageHeader,
  QueryView,
  Select,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
} from '../../../components/ui';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { LockedFeature, useFeature } from '../../billing';
import { campaignHref } from '../actions';
import { useCampaignList, useCampaignProgress } from '../hooks';
import { funnelOf } from '../stats';
import { CAMPAIGN_STATUSES, isCampaignStatus, type CampaignSummary } from '../types';
import { CampaignStatusBadge, ProgressBar } from './StatusBadge';

function Counts({ c }: { c: CampaignSummary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const f = funnelOf(c.progress.counts);
  return (
    <span className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
      <span>{t('campaigns.list.sentN', { n: n(f.sent) })}</span>
      <span>{t('campaigns.list.deliveredN', { n: n(f.delivered) })}</span>
      <span>{t('campaigns.list.readN', { n: n(f.read) })}</span>
      <span>{t('campaigns.list.repliedN', { n: n(f.replied) })}</span>
      {c.progress.counts.failed > 0 && <span className="text-danger-700">{t('campaigns.list.failedN', { n: n(c.progress.counts.failed) })}</span>}
    </span>
  );
}

/** Sent, delivered, read, replied (each counting those who went further) and failed, as numbers over their names. */
function ResultsGrid({ c }: { c: CampaignSummary }) {
  const { t, i18n } = useTranslation();
  const f = funnelOf(c.progress.counts);
  const cells = [
    ['sent', f.sent],
    ['delivered', f.delivered],
    ['read', f.read],
    ['replied', f.replied],
    ['failed', c.progress.counts.failed],
  ] as const;
  return (
    <dl className="grid grid-cols-5 gap-1 text-center" data-testid="campaign-results">
      {cells.map(([k, v]) => (
        <div key={k} className="flex min-w-0 flex-col-reverse" data-result={k}>
          <dt className="truncate text-[10px] text-slate-400" title={t(`campaigns.counters.${k}`)}>
            {t(`campaigns.counters.${k}`)}
          </dt>
          <dd className={k === 'failed' && v > 0 ? 'font-medium text-danger-700 tabular-nums' : 'font-medium text-slate-800 tabular-nums'} data-testid={`campaign-${k}`}>
            {formatNumber(v, i18n.language)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The audience is counted when the campaign starts: a draft or a scheduled campaign has no size yet. */
const materialised = (c: CampaignSummary) => c.status !== 'draft' && c.status !== 'scheduled';

/** `/app/campaigns`: the workspace's campaigns, newest first, with their live progress. */
export function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const filter = isCampaignStatus(status) ? status : null;
  const list = useCampaignList(filter);
  useCampaignProgress();
  const locked = !useFeature('campaigns').allowed;
  const n = (v: number) => formatNumber(v, i18n.language);

  const newButton = locked ? (
    <span className={buttonClasses('primary', 'md', 'pointer-events-none opacity-55')} aria-disabled="true" aria-describedby="campaigns-locked">
      <Icon name="plus" className="size-4" />
      {t('campaigns.list.new')}
    </span>
  ) : (
    <Link to="/app/campaigns/new" className={buttonClasses('primary')} data-testid="new-campaign">
      <Icon name="plus" className="size-4" />
      {t('campaigns.list.new')}
    </Link>
  );

  return (
    <div data-testid="campaigns-page">
      <PageHeader
        title={t('campaigns.list.title')}
        description={t('campaigns.list.subtitle')}
        actions={
          <div className="flex flex-nowrap gap-2">
            <Link to="/app/campaigns/suppressions" className={buttonClasses('outline')} data-testid="open-suppressions">
              <Icon name="bellOff" className="size-4" />
              {t('campaigns.suppressions.title')}
            </Link>
            {newButton}
          </div>
        }
      />
      <LockedFeature feature="campaigns" id="campaigns-locked" note={t('campaigns.list.lockedNote')} className="mb-4" />
      <Card>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
          <label htmlFor="campaign-status-filter" className="text-sm text-slate-600">
            {t('campaigns.list.filter')}
          </label>
          <div className="w-44">
            <Select
              id="campaign-status-filter"
              controlSize="sm"
              value={filter ?? ''}
              onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
              data-testid="campaign-status-filter"
            >
              <option value="">{t('campaigns.list.allStatuses')}</option>
              {CAMPAIGN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`campaigns.status.${s}`)}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <QueryView
          query={list}
          isEmpty={(d) => d.pages.every((p) => p.items.length === 0)}
          empty={
            filter ? (
              <EmptyState icon="search" title={t('campaigns.list.noneWithStatus')} />
            ) : (
              <EmptyState icon="send" title={t('campaigns.list.empty')} description={t('campaigns.list.emptyHint')} action={!locked ? newButton : undefined} />
            )
          }
        >
          {(data) => {
            const items = data.pages.flatMap((p) => p.items);
            return (
              <>
                {/* Phones and tablets: one card per campaign. */}
                <ul className="divide-y divide-slate-100 lg:hidden" data-testid="campaign-cards">
                  {items.map((c) => (
                    <li key={c.id} data-testid="campaign-row" data-campaign-id={c.id}>
                      <Link to={campaignHref(c)} className="block space-y-2 p-4 hover:bg-slate-50/60">
                        <div className="flex items-start justify-between gap-3">
                          <p className="min-w-0 truncate font-semibold text-slate-900" title={c.name}>
                            <bdi>{c.name}</bdi>
                          </p>
                          <CampaignStatusBadge status={c.status} />
                        </div>
                        <div className="flex items-center gap-3">
                          <ProgressBar value={c.progress.progress} label={t('campaigns.list.progress')} className="flex-1" />
                          {materialised(c) && <span className="text-xs text-slate-500 tabular-nums">{t('campaigns.list.audienceN', { n: n(c.audienceSize) })}</span>}
                        </div>
                        <Counts c={c} />
                        <p className="text-xs text-slate-400">
                          {c.createdBy && (
                            <>
                              <bdi>{c.createdBy}</bdi>
                              {' · '}
                            </>
                          )}
                          <bdi>{formatDate(c.createdAt, i18n.language)}</bdi>
                        </p>
                      </Link>
                    </li>
                  ))}
                </ul>
                <div className="hidden lg:block">
                  {/* Fixed columns, so a long name is cut short (whole in its tooltip) rather than pushing the numbers away. */}
                  <Table className="table-fixed" minWidth="min-w-[56rem]" dense data-testid="campaigns-table">
                    <THead>
                      <tr>
                        <TH>{t('campaigns.list.name')}</TH>
                        <TH className="w-28">{t('common.status')}</TH>
                        <TH className="w-20 text-end">{t('campaigns.list.audience')}</TH>
                        <TH className="w-32">{t('campaigns.list.progress')}</TH>
                        <TH className="w-[17.5rem]">{t('campaigns.list.results')}</TH>
                        <TH className="w-32">{t('campaigns.list.created')}</TH>
                      </tr>
                    </THead>
                    <TBody>
                      {items.map((c) => {
                        return (
                          <TR key={c.id} data-testid="campaign-row" data-campaign-id={c.id}>
                            <TD>
                              <Link to={campaignHref(c)} title={c.name} className="block truncate font-medium text-slate-900 hover:text-primary-700" data-testid="campaign-link">
                                <bdi>{c.name}</bdi>
                              </Link>
                              {c.templateName && (
                                <p className="truncate font-mono text-xs text-slate-500" dir="ltr" title={c.templateName}>
                                  {c.templateName}
                                </p>
                              )}
                            </TD>
                            <TD>
                              <CampaignStatusBadge status={c.status} />
                            </TD>
                            <TD className="text-end tabular-nums">{materialised(c) ? n(c.audienceSize) : <span className="text-slate-400">—</span>}</TD>
                            <TD>
                              <div className="flex items-center gap-2">
                                <ProgressBar value={c.progress.progress} label={t('campaigns.list.progress')} className="flex-1" />
                                <span className="w-9 text-end text-xs text-slate-500 tabular-nums">{Math.round(c.progress.progress * 100)}%</span>
                              </div>
                            </TD>
                            <TD>
                              <ResultsGrid c={c} />
                            </TD>
                            <TD>
                              <p className="truncate text-slate-700" title={c.createdBy ?? undefined}>
                                {c.createdBy ?? <span className="text-slate-400">—</span>}
                              </p>
                              <p className="text-xs text-slate-500" title={formatDateTime(c.createdAt, i18n.language)}>
                                {formatDate(c.createdAt, i18n.language)}
                              </p>
                            </TD>
                          </TR>
                        );
                      })}
                    </TBody>
                  </Table>
                </div>
                <LoadMore pages={list} label={t('campaigns.list.more')} testId="campaigns-more" />
              </>
            );
          }}
        </QueryView>
      </Card>
    </div>
  );
}

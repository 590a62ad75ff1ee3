import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CrmDashboard } from '../../../api/types';
import { Alert, Avatar, Card, CardHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { formatAmounts } from '../../deals/format';
import { useCrmDashboard } from '../../deals/hooks/useDeals';
import { StatCard } from './StatCard';

function StageBars({ stages }: { stages: CrmDashboard['dealsByStage'] }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...stages.map((s) => s.count));
  if (stages.length === 0) return <p className="px-5 py-4 text-sm text-slate-500">{t('crmDashboard.noDeals')}</p>;
  return (
    <ul className="space-y-2.5 px-5 py-4" data-testid="deals-by-stage">
      {stages.map((s) => (
        <li key={s.stageId} className="grid grid-cols-[minmax(0,8rem)_minmax(3rem,1fr)_minmax(0,max-content)] items-center gap-3 text-sm">
          <span className="truncate text-slate-600" title={s.name}>
            {s.name}
          </span>
          <span className="h-2.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
            <span className="block h-full rounded-full" style={{ width: `${(s.count / max) * 100}%`, backgroundColor: s.color || '#6366f1' }} />
          </span>
          <span className="text-end text-xs text-slate-500 tabular-nums">
            {t('crmDashboard.stageLine', { count: s.count, n: formatNumber(s.count, i18n.language), value: formatAmounts(s.amounts, i18n.language, true) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Attention({ items, area }: { items: CrmDashboard['attention']; area: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  if (items.length === 0) return <p className="px-5 py-4 text-sm text-slate-500">{t('crmDashboard.allCaughtUp')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="needs-attention">
      {items.map((c) => {
        const name = c.contactName || c.contactPhone || t('crmDashboard.unknownContact');
        return (
          <li key={c.id}>
            <Link to={`${area}/conversations/${c.id}`} className="flex items-center gap-3 px-5 py-3 hover:bg-slate-50" data-testid="attention-link">
              <Avatar name={name} className="size-9" />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-slate-900" dir="auto">
                  {name}
                </span>
                <span className="block truncate text-xs text-slate-500" dir="auto">
                  {c.lastMessagePreview ?? '—'}
                </span>
              </span>
              <span className="flex shrink-0 flex-col items-end gap-1">
                <span className="text-xs text-slate-400">{formatRelative(c.lastInboundAt ?? c.lastMessageAt, now, i18n.language)}</span>
                {c.unreadCount > 0 && (
                  <span className="rounded-full bg-primary-600 px-1.5 text-[11px] font-semibold text-white tabular-nums" aria-label={t('crmDashboard.unreadCount', { count: c.unreadCount, n: c.unreadCount })}>
                    {formatNumber(c.unreadCount, i18n.language)}
                  </span>
                )}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The owner's CRM overview: contacts, conversations, unread, open deals by stage, tickets, what needs attention. */
export function OwnerCrmWidgets({ area = '/app' }: { area?: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const q = useCrmDashboard();
  const d = q.data;
  const n = (v: number | undefined) => formatNumber(v ?? 0, i18n.language);
  return (
    <section className="space-y-4" data-testid="crm-widgets" aria-label={t('crmDashboard.title')}>
      {q.isError && <Alert tone="warning">{t('crmDashboard.unavailable', { reason: errorText(q.error) })}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <StatCard
          label={t('crmDashboard.contacts')}
          value={
            <>
              {n(d?.contacts)}
              <span className="ms-2 text-sm font-medium text-success-600">{t('crmDashboard.newContacts', { n: n(d?.newContacts7d) })}</span>
            </>
          }
          icon="users"
          loading={q.isPending}
          testId="stat-contacts"
        />
        <StatCard label={t('crmDashboard.openConversations')} value={n(d?.openConversations)} icon="chat" tone="secondary" loading={q.isPending} testId="stat-open-conversations" />
        <StatCard label={t('crmDashboard.unread')} value={n(d?.unread)} icon="inbox" tone="accent" loading={q.isPending} testId="stat-unread" />
        <StatCard
          label={t('crmDashboard.openDeals')}
          value={
            <>
              {n(d?.openDeals.count)}
              <span className="mt-1 block text-sm font-medium whitespace-normal text-slate-500">{formatAmounts(d?.openDeals.amounts ?? [], i18n.language, true)}</span>
            </>
          }
          icon="chart"
          tone="success"
          loading={q.isPending}
          testId="stat-open-deals"
        />
        <StatCard label={t('crmDashboard.openTickets')} value={n(d?.openTickets)} icon="file" tone="secondary" loading={q.isPending} testId="stat-open-tickets" />
      </div>
      {d && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader
              title={t('crmDashboard.dealsByStage')}
              actions={
                <Link to={`${area}/deals`} className="text-sm font-medium text-primary-600 hover:underline">
                  {t('crmDashboard.openBoard')}
                </Link>
              }
            />
            <StageBars stages={d.dealsByStage} />
          </Card>
          <Card>
            <CardHeader title={t('crmDashboard.attention')} description={t('crmDashboard.attentionHint')} />
            <Attention items={d.attention} area={area} />
          </Card>
        </div>
      )}
    </section>
  );
}

/** An agent's own numbers: their open tickets and the unread messages. */
export function AgentCrmWidgets({ area = '/agent' }: { area?: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const q = useCrmDashboard();
  return (
    <section className="space-y-3" data-testid="crm-widgets" aria-label={t('crmDashboard.title')}>
      {q.isError && <Alert tone="warning">{t('crmDashboard.unavailable', { reason: errorText(q.error) })}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Link to={`${area}/tickets?tab=mine`} className="rounded-2xl focus-visible:outline-2 focus-visible:outline-primary-500">
          <StatCard label={t('crmDashboard.myOpenTickets')} value={formatNumber(q.data?.myOpenTickets ?? 0, i18n.language)} icon="file" loading={q.isPending} testId="stat-my-tickets" />
        </Link>
        <Link to={`${area}/conversations`} className="rounded-2xl focus-visible:outline-2 focus-visible:outline-primary-500">
          <StatCard label={t('crmDashboard.unread')} value={formatNumber(q.data?.unread ?? 0, i18n.language)} icon="inbox" tone="accent" loading={q.isPending} testId="stat-unread" />
        </Link>
      </div>
    </section>
  );
}

import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Card, CardHeader, Icon } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { useSession } from '../../auth';
import { useApiKeys } from '../../settings';
import { useTeamSummary } from '../../team';
import { StatCard } from './StatCard';

// The CRM figures are their own chunk: they load with the dashboard, after the app's first page.
const OwnerCrmWidgets = lazy(() => import('./CrmWidgets').then((m) => ({ default: m.OwnerCrmWidgets })));
// So are the last 7 days' trends (the first page's JavaScript has a budget).
const TrendSection = lazy(() => import('./TrendSection').then((m) => ({ default: m.TrendSection })));

interface Step {
  key: string;
  title: string;
  body: string;
  done: boolean;
  to?: string;
  cta?: string;
}

export function OwnerDashboardPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const summary = useTeamSummary();
  const keys = useApiKeys();

  const memberCount = summary.data?.members ?? 0;
  const pendingCount = summary.data?.pendingInvitations ?? 0;
  const activeKeys = keys.data?.filter((k) => !k.revokedAt).length ?? 0;

  const steps: Step[] = [
    { key: 'workspace', title: t('dashboard.steps.workspace'), body: t('dashboard.steps.workspaceBody'), done: true },
    {
      key: 'team',
      title: t('dashboard.steps.team'),
      body: t('dashboard.steps.teamBody'),
      done: memberCount > 1 || pendingCount > 0,
      to: '/app/team',
      cta: t('dashboard.steps.teamCta'),
    },
    {
      key: 'apiKey',
      title: t('dashboard.steps.apiKey'),
      body: t('dashboard.steps.apiKeyBody'),
      done: activeKeys > 0,
      to: '/app/api-keys',
      cta: t('dashboard.steps.apiKeyCta'),
    },
  ];
  const doneCount = steps.filter((s) => s.done).length;
  const loadError = summary.error ?? keys.error;

  return (
    <div className="space-y-6" data-testid="owner-dashboard">
      <div className="relative overflow-hidden rounded-3xl bg-gradient-to-br from-primary-600 via-primary-600 to-indigo-700 px-6 py-7 text-white shadow-glow sm:px-8">
        <div className="pointer-events-none absolute -end-16 -top-20 size-64 rounded-full bg-secondary-400/25 blur-3xl" />
        <p className="text-sm font-medium text-primary-100">{session.tenant?.name}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl" data-testid="welcome">
          {t('dashboard.welcome', { name: session.user.name })}
        </h1>
        <p className="mt-2 max-w-xl text-primary-100">{t('dashboard.welcomeBody')}</p>
      </div>

      {loadError && <Alert tone="danger">{errorText(loadError)}</Alert>}

      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard label={t('dashboard.members')} value={formatNumber(memberCount, i18n.language)} icon="users" loading={summary.isPending} testId="stat-members" />
        <StatCard label={t('dashboard.pendingInvitations')} value={formatNumber(pendingCount, i18n.language)} icon="mail" tone="accent" loading={summary.isPending} testId="stat-invitations" />
        <StatCard label={t('dashboard.yourRole')} value={session.role ? t(`roles.${session.role}`) : '—'} icon="shield" tone="secondary" />
      </div>

      <Suspense fallback={null}>
        <TrendSection analyticsHref="/app/analytics" />
      </Suspense>

      <Suspense fallback={null}>
        <OwnerCrmWidgets area="/app" />
      </Suspense>

      <Card>
        <CardHeader
          title={t('dashboard.gettingStarted')}
          description={t('dashboard.progress', { count: steps.length, done: doneCount, total: steps.length })}
          actions={
            <div className="h-2 w-40 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <div className="h-full rounded-full bg-gradient-to-r from-primary-500 to-secondary-500 transition-all" style={{ width: `${(doneCount / steps.length) * 100}%` }} />
            </div>
          }
        />
        <ol className="divide-y divide-slate-100" data-testid="checklist">
          {steps.map((s, i) => (
            <li key={s.key} className="flex items-start gap-4 px-5 py-4">
              <span
                className={cn(
                  'flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-semibold',
                  s.done ? 'bg-success-500 text-white' : 'border-2 border-slate-200 text-slate-400',
                )}
                aria-label={s.done ? t('dashboard.done') : t('dashboard.todo')}
              >
                {s.done ? <Icon name="check" className="size-4" /> : i + 1}
              </span>
              <div className="min-w-0 flex-1">
                <p className={cn('font-medium', s.done ? 'text-slate-500 line-through decoration-slate-300' : 'text-slate-900')}>{s.title}</p>
                <p className="mt-0.5 text-sm text-slate-500">{s.body}</p>
              </div>
              {!s.done && s.to && (
                <Link to={s.to} className="shrink-0 rounded-lg px-2 py-1 text-sm font-medium text-primary-600 hover:bg-primary-50 hover:text-primary-700">
                  {s.cta}
                  <span aria-hidden="true" className="ms-1 inline-block rtl:-scale-x-100">→</span>
                </Link>
              )}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

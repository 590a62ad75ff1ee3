//! The agent's dashboard: their CRM figures, their own last 7 days, their workspace and role, and a word on the app.
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, CardBody, Icon, type IconName } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useSession } from '../../auth';
import { RoleBadgeInline } from './RoleBadgeInline';

// The CRM figures are their own chunk: they load with the dashboard, after the app's first page.
const AgentCrmWidgets = lazy(() => import('./CrmWidgets').then((m) => ({ default: m.AgentCrmWidgets })));
// So are the last 7 days' trends (the first page's JavaScript has a budget).
const TrendSection = lazy(() => import('./TrendSection').then((m) => ({ default: m.TrendSection })));

/** A fact about the agent's seat (the workspace, the role): an icon, its name and what it is. */
function InfoCard({ icon, tone, label, children }: { icon: IconName; tone: string; label: string; children: ReactNode }) {
  return (
    <Card>
      <CardBody className="flex items-center gap-4">
        <span className={cn('flex size-12 items-center justify-center rounded-2xl', tone)}>
          <Icon name={icon} className="size-6" />
        </span>
        <div className="min-w-0">
          <p className="text-sm text-slate-500">{label}</p>
          {children}
        </div>
      </CardBody>
    </Card>
  );
}

export function AgentDashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <div className="space-y-6" data-testid="agent-dashboard">
      <div>
        <p className="text-sm font-medium text-primary-600">{t('dashboard.agent.kicker')}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{t('dashboard.agent.title')}</h1>
        <p className="mt-2 text-slate-500">{t('dashboard.welcome', { name: session.user.name })}</p>
      </div>
      <Suspense fallback={null}>
        <AgentCrmWidgets area="/agent" />
      </Suspense>
      <Suspense fallback={null}>
        <TrendSection analyticsHref="/agent/analytics" own />
      </Suspense>
      <div className="grid gap-4 md:grid-cols-2">
        <InfoCard icon="building" tone="bg-primary-50 text-primary-600" label={t('dashboard.agent.tenant')}>
          <p className="truncate text-lg font-semibold text-slate-900" data-testid="agent-tenant">{session.tenant?.name}</p>
        </InfoCard>
        <InfoCard icon="shield" tone="bg-secondary-50 text-secondary-600" label={t('dashboard.yourRole')}>
          <div className="mt-1" data-testid="agent-role">
            {session.role && <RoleBadgeInline role={session.role} />}
          </div>
        </InfoCard>
      </div>
      <Card>
        <CardBody className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-50 text-accent-600">
            <Icon name="sparkles" className="size-5" />
          </span>
          <p className="text-sm text-slate-600">{t('dashboard.agent.note')}</p>
        </CardBody>
      </Card>
    </div>
  );
}

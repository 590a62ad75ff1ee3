import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../../components/ui';
import { cn } from '../../../lib/cn';

const TABS = [
  { path: '', key: 'general' },
  { path: 'agents', key: 'agents' },
  { path: 'labels', key: 'labels' },
  { path: 'canned-responses', key: 'canned' },
  { path: 'teams', key: 'teams' },
] as const;

/** Inbox settings for managers and owners: business hours and routing, agents, labels, canned replies, teams. */
export function InboxSettingsLayout({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="inbox-settings">
      <PageHeader title={t('inboxSettings.title')} description={t('inboxSettings.subtitle')} />
      <nav className="-mx-1 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 px-1" aria-label={t('inboxSettings.title')}>
        {TABS.map((tab) => (
          <NavLink
            key={tab.key}
            to={tab.path ? `${basePath}/${tab.path}` : basePath}
            end
            className={({ isActive }) =>
              cn(
                '-mb-px shrink-0 border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap transition',
                isActive ? 'border-primary-600 text-primary-700' : 'border-transparent text-slate-500 hover:text-slate-800',
              )
            }
            data-testid={`settings-tab-${tab.key}`}
          >
            {t(`inboxSettings.tabs.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

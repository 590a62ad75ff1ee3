//! The agency pages' own tabs (clients, offer, settings) under one sidebar entry.
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { cn } from '../../../lib/cn';

export function AgencyTabs() {
  const { t } = useTranslation();
  const tabs = [
    { to: '/app/agency', label: t('agency.tabs.clients'), end: true },
    { to: '/app/agency/offer', label: t('agency.tabs.offer'), end: false },
    { to: '/app/agency/billing', label: t('agency.tabs.billing'), end: false },
    { to: '/app/agency/settings', label: t('agency.tabs.settings'), end: false },
  ];
  return (
    <nav className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200" aria-label={t('agency.title')}>
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) =>
            cn(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition',
              isActive ? 'border-primary-600 text-primary-700' : 'border-transparent text-slate-500 hover:text-slate-800',
            )
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}

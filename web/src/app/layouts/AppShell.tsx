import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useMatches } from 'react-router';
import { Icon, LanguageSwitcher, type IconName } from '../../components/ui';
import { cn } from '../../lib/cn';
import { useSaveLocale, useSession } from '../../features/auth';
import type { Area } from '../routing';
import { MaintenanceBanner } from '../../features/operations/components/MaintenanceBanner';
import { BrandFooter } from './BrandFooter';
import { Logo } from './Logo';
import { UserMenu } from './UserMenu';

export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  end?: boolean;
}

function SidebarNav({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  return (
    <nav className="space-y-1" aria-label="main">
      {items.map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          end={item.end}
          onClick={onNavigate}
          className={({ isActive }) =>
            cn(
              'group flex items-center gap-3 rounded-xl px-3 py-2.5 text-sm font-medium transition',
              isActive ? 'bg-primary-50 text-primary-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
            )
          }
        >
          {({ isActive }) => (
            <>
              <Icon name={item.icon} className={cn('size-5', isActive ? 'text-primary-600' : 'text-slate-400 group-hover:text-slate-500')} />
              {item.label}
            </>
          )}
        </NavLink>
      ))}
    </nav>
  );
}

function SidebarContent({ items, badge, footer, onNavigate }: { items: NavItem[]; badge: ReactNode; footer?: ReactNode; onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-16 items-center gap-2 px-5">
        <Logo />
        {badge}
      </div>
      <div className="flex-1 overflow-y-auto px-3 py-4">
        <SidebarNav items={items} onNavigate={onNavigate} />
      </div>
      <BrandFooter />
      {footer}
    </div>
  );
}

/** Whether the current route asks for the whole width (`handle: { fullBleed: true }`, e.g. the inbox). */
function useFullBleed(): boolean {
  return useMatches().some((m) => (m.handle as { fullBleed?: boolean } | undefined)?.fullBleed === true);
}

/**
 * The signed-in frame: sidebar (a drawer below `lg`), header with tenant, `tools` (e.g. notifications and status),
 * language and user menu.
 */
export function AppShell({
  area,
  testId,
  nav,
  title,
  badge,
  tools,
  notices,
  footer,
  children,
}: {
  area: Area;
  testId: string;
  nav: NavItem[];
  title: ReactNode;
  badge?: ReactNode;
  tools?: ReactNode;
  /** Shown between the header and the page (e.g. billing notices). */
  notices?: ReactNode;
  /** Under the sidebar's links (e.g. the running version for the platform admin). */
  footer?: ReactNode;
  /** The page; the route's own by default (`<Outlet />`). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const saveLocale = useSaveLocale();
  const location = useLocation();
  const [drawer, setDrawer] = useState(false);
  const [lastPath, setLastPath] = useState(location.pathname);
  const fullBleed = useFullBleed();

  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    setDrawer(false);
  }

  useEffect(() => {
    if (!drawer) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setDrawer(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [drawer]);

  const profilePath = nav.find((n) => n.icon === 'user')?.to ?? '/';

  return (
    <div className="min-h-dvh bg-slate-50" data-testid={testId}>
      <aside className="fixed inset-y-0 start-0 z-30 hidden w-64 border-e border-slate-200 bg-white lg:block">
        <SidebarContent items={nav} badge={badge} footer={footer} />
      </aside>

      {drawer && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label={t('nav.menu')}>
          <div className="absolute inset-0 animate-fade-in bg-slate-900/40" onClick={() => setDrawer(false)} aria-hidden="true" />
          <aside className="absolute inset-y-0 start-0 w-72 max-w-[85vw] animate-slide-in bg-white shadow-2xl rtl:animate-slide-in-rtl" data-testid="nav-drawer">
            <button
              type="button"
              onClick={() => setDrawer(false)}
              className="absolute end-3 top-4 rounded-lg p-1.5 text-slate-400 hover:bg-slate-100"
              aria-label={t('common.close')}
            >
              <Icon name="close" />
            </button>
            <SidebarContent items={nav} badge={badge} footer={footer} onNavigate={() => setDrawer(false)} />
          </aside>
        </div>
      )}

      <div className="lg:ps-64">
        <header className="sticky top-0 z-20 flex h-16 items-center gap-2 border-b border-slate-200 bg-white/85 px-3 backdrop-blur sm:gap-3 sm:px-6">
          <button
            type="button"
            className="rounded-lg p-2 text-slate-500 hover:bg-slate-100 lg:hidden"
            onClick={() => setDrawer(true)}
            aria-label={t('nav.openMenu')}
            data-testid="open-nav"
          >
            <Icon name="menu" />
          </button>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold text-slate-900 sm:text-base" data-testid="header-title" dir="auto">
              {title}
            </p>
          </div>
          {tools}
          <LanguageSwitcher onChanged={saveLocale} />
          <UserMenu area={area} profilePath={profilePath} key={session.user.id} />
        </header>
        <MaintenanceBanner />
        {notices}
        <main className={cn('mx-auto w-full px-4 py-6 sm:px-6 lg:px-8 lg:py-8', !fullBleed && 'max-w-6xl')}>
          {children ?? <Outlet />}
        </main>
      </div>
    </div>
  );
}

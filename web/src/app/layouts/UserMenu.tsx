import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar, Badge, Icon, Spinner } from '../../components/ui';
import { cn } from '../../lib/cn';
import { useDismiss } from '../../lib/useDismiss';
import { useLogout, useSession, useSwitchTenant } from '../../features/auth';
import type { Area } from '../routing';

export function UserMenu({ area, profilePath }: { area: Area; profilePath: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const switchTenant = useSwitchTenant();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, () => setOpen(false));

  const { user, memberships, tenant } = session;
  const item = 'flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-start text-sm text-slate-700 hover:bg-slate-100';

  return (
    <div className="relative" ref={root}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-haspopup="menu"
        data-testid="user-menu-button"
        className="flex items-center gap-2 rounded-xl p-1 pe-2 transition hover:bg-slate-100"
      >
        <Avatar name={user.name} className="size-8" />
        <span className="hidden max-w-[10rem] truncate text-sm font-medium text-slate-700 md:block">{user.name}</span>
        <Icon name="chevronDown" className="hidden size-4 text-slate-400 md:block" />
      </button>
      {open && (
        <div
          role="menu"
          className="absolute end-0 z-40 mt-2 w-72 animate-scale-in rounded-2xl border border-slate-200 bg-white p-1.5 shadow-xl"
        >
          <div className="border-b border-slate-100 px-3 pt-2 pb-3">
            <p className="truncate font-semibold text-slate-900">{user.name}</p>
            <p className="truncate text-sm text-slate-500" dir="ltr">{user.email}</p>
          </div>
          <div className="py-1.5">
            <Link to={profilePath} role="menuitem" className={item} onClick={() => setOpen(false)}>
              <Icon name="user" className="size-4 text-slate-400" />
              {t('nav.profile')}
            </Link>
            {user.isPlatformAdmin && area !== 'admin' && (
              <Link to="/admin" role="menuitem" className={item} onClick={() => setOpen(false)}>
                <Icon name="shield" className="size-4 text-slate-400" />
                {t('nav.platformAdmin')}
              </Link>
            )}
          </div>
          {memberships.length > 1 && (
            <div className="border-t border-slate-100 py-1.5">
              <p className="px-3 pt-1 pb-1.5 text-xs font-semibold tracking-wide text-slate-400 uppercase">{t('nav.switchTenant')}</p>
              {memberships.map((m) => {
                const current = m.tenantId === tenant?.id;
                return (
                  <button
                    key={m.tenantId}
                    type="button"
                    role="menuitem"
                    disabled={current || switchTenant.isPending}
                    onClick={() => switchTenant.mutate(m.tenantId)}
                    className={cn(item, current && 'cursor-default bg-primary-50/60 hover:bg-primary-50/60')}
                  >
                    <Icon name={current ? 'check' : 'swap'} className={cn('size-4', current ? 'text-primary-600' : 'text-slate-400')} />
                    <span className="min-w-0 flex-1 truncate">{m.tenantName}</span>
                    {switchTenant.isPending && switchTenant.variables === m.tenantId ? (
                      <Spinner className="size-4" />
                    ) : (
                      <Badge tone="neutral">{t(`roles.${m.role}`)}</Badge>
                    )}
                  </button>
                );
              })}
            </div>
          )}
          <div className="border-t border-slate-100 pt-1.5">
            <button
              type="button"
              role="menuitem"
              onClick={() => logout.mutate()}
              disabled={logout.isPending}
              className={cn(item, 'text-danger-600 hover:bg-danger-50')}
              data-testid="logout-button"
            >
              <Icon name="logout" className="size-4 rtl:-scale-x-100" />
              {t('nav.logout')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

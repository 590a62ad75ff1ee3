import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useMatches } from 'react-router';
import { Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDate } from '../../../lib/format';
import { bannersFor, isDismissible, type Banner, type BannerTone } from '../banners';
import { formatPercent, inDays } from '../format';
import { useBillingOverview } from '../hooks';
import { isUsageKey } from '../types';

const DISMISSED_KEY = 'parley.billing.dismissed';

function readDismissed(): string[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function writeDismissed(ids: string[]) {
  try {
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(ids));
  } catch {
    // Private mode: dismissed for this page only.
  }
}

const tones: Record<BannerTone, string> = {
  danger: 'border-danger-200 bg-danger-50 text-danger-800',
  warning: 'border-accent-200 bg-accent-50 text-accent-900',
  info: 'border-primary-100 bg-primary-50 text-primary-800',
};

function useBannerText() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (b: Banner): string => {
    switch (b.kind) {
      case 'trial':
        return t('billing.banner.trial', { when: inDays(b.days, lng) });
      case 'pastDue':
        return b.restrictsAt ? t('billing.banner.pastDue', { date: formatDate(b.restrictsAt, lng) }) : t('billing.banner.pastDueNoDate');
      case 'restricted':
        return b.suspendsAt
          ? `${t('billing.banner.restricted')} ${t('billing.banner.suspendsOn', { date: formatDate(b.suspendsAt, lng) })}`
          : t('billing.banner.restricted');
      case 'suspended':
        return t('billing.banner.suspended');
      case 'usage': {
        const pct = formatPercent(b.ratio, lng);
        return b.key === 'messagesPerMonth' || b.key === 'campaignsPerMonth'
          ? t(`billing.banner.usage.${b.key}`, { pct })
          : t('billing.banner.usage.other', { pct, what: isUsageKey(b.key) ? t(`billing.usage.keys.${b.key}`) : b.key });
      }
    }
  };
}

/**
 * Billing notices above every page of a workspace (trial ending, payment past due, restricted, a monthly meter
 * nearly used up), from the cached billing overview. Owners and managers (`billingPath`) get a link to the billing
 * page; agents read the notice only. On full-width pages (the inbox) only the most urgent one shows.
 */
export function BillingBanners({ billingPath }: { billingPath?: string }) {
  const { t } = useTranslation();
  const overview = useBillingOverview();
  const text = useBannerText();
  const [dismissed, setDismissed] = useState(readDismissed);
  const fullBleed = useMatches().some((m) => (m.handle as { fullBleed?: boolean } | undefined)?.fullBleed === true);
  // On the billing page itself the link would lead nowhere.
  const link = useLocation().pathname === billingPath ? undefined : billingPath;

  if (!overview.data) return null;
  let banners = bannersFor(overview.data).filter((b) => !dismissed.includes(b.id));
  if (fullBleed) banners = banners.slice(0, 1);
  if (banners.length === 0) return null;

  const dismiss = (id: string) => {
    const next = [...dismissed, id];
    writeDismissed(next);
    setDismissed(next);
  };

  return (
    <div className="space-y-px border-b border-slate-200" data-testid="billing-banners">
      {banners.map((b) => (
        <div
          key={b.id}
          role={b.tone === 'danger' ? 'alert' : 'status'}
          className={cn('flex items-start gap-2.5 border-s-4 px-4 py-2 text-sm sm:items-center sm:px-6', tones[b.tone])}
          data-testid="billing-banner"
          data-kind={b.kind}
          data-tone={b.tone}
        >
          <Icon name={b.tone === 'info' ? 'info' : 'alert'} className="mt-0.5 size-4 shrink-0 sm:mt-0" />
          <p className="min-w-0 flex-1">
            {text(b)}
            {link && (
              <>
                {' '}
                <Link to={link} className="font-semibold whitespace-nowrap underline underline-offset-2 hover:no-underline" data-testid="billing-banner-link">
                  {b.kind === 'trial' || b.kind === 'usage' ? t('billing.banner.seePlans') : t('billing.banner.goToBilling')}
                </Link>
              </>
            )}
          </p>
          {isDismissible(b) && (
            <button
              type="button"
              onClick={() => dismiss(b.id)}
              className="-my-1 -me-2 shrink-0 rounded-lg p-1 opacity-70 hover:bg-black/5 hover:opacity-100"
              aria-label={t('billing.banner.dismiss')}
            >
              <Icon name="close" className="size-4" />
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

//! The inbox side panel's "Visitor" section of a website conversation (where the visitor is, came from, and the
//! pages they saw), and the "Website" badge of such conversations.
import { useTranslation } from 'react-i18next';
import { Badge, Icon } from '../../../components/ui';
import { formatDateTime } from '../../../lib/format';
import { useVisitor } from '../hooks';

type Context = {
  url?: string | null;
  title?: string | null;
  referrer?: string | null;
  utm?: { source?: string | null; medium?: string | null; campaign?: string | null } | null;
  browser?: string | null;
  language?: string | null;
  timeZone?: string | null;
  country?: string | null;
};

export function WebsiteBadge() {
  const { t } = useTranslation();
  return (
    <Badge tone="secondary" data-testid="website-badge">
      <Icon name="globe" className="size-3" />
      {t('widgets.badge')}
    </Badge>
  );
}

function Row({ label, value, ltr }: { label: string; value?: string | null; ltr?: boolean }) {
  return (
    <div className="flex justify-between gap-3 py-1 text-sm">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 truncate text-end text-slate-800" dir={ltr ? 'ltr' : 'auto'} title={value ?? undefined}>
        {value || '—'}
      </dd>
    </div>
  );
}

export function VisitorSection({ conversationId }: { conversationId: string }) {
  const { t, i18n } = useTranslation();
  const visitor = useVisitor(conversationId);
  if (!visitor.data) return null;
  const v = visitor.data;
  const c = (v.context ?? {}) as Context;
  const utm = [c.utm?.source, c.utm?.medium, c.utm?.campaign].filter(Boolean).join(' / ');
  // The landing page is in the context; the page the visitor is on now is the last one reported.
  const current = v.pages[v.pages.length - 1] ?? { url: c.url ?? '', title: c.title };
  return (
    <section className="border-b border-slate-100 px-4 py-4" data-testid="visitor-section" aria-labelledby="visitor-section-title">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id="visitor-section-title" className="text-xs font-semibold tracking-wide text-slate-400 uppercase">
          {t('widgets.visitor.title')}
        </h3>
        <span className="font-mono text-xs text-slate-500" dir="ltr" title={t('widgets.visitor.ref')}>
          {v.ref}
        </span>
      </div>
      <dl>
        <Row label={t('widgets.visitor.page')} value={current.title || current.url} />
        <Row label={t('widgets.visitor.referrer')} value={c.referrer} ltr />
        <Row label={t('widgets.visitor.utm')} value={utm} ltr />
        <Row label={t('widgets.visitor.browser')} value={c.browser} ltr />
        <Row label={t('widgets.visitor.language')} value={c.language} ltr />
        <Row label={t('widgets.visitor.timeZone')} value={c.timeZone} ltr />
        <Row label={t('widgets.visitor.country')} value={c.country} />
        <Row label={t('widgets.visitor.identified')} value={v.identified ? t('widgets.visitor.yes') : t('widgets.visitor.no')} />
      </dl>
      {v.pages.length > 0 && (
        <>
          <h4 className="mt-3 mb-1 text-xs font-medium text-slate-500">{t('widgets.visitor.pages', { total: v.pages.length })}</h4>
          <ol className="max-h-48 space-y-1 overflow-y-auto text-sm" data-testid="visitor-pages">
            {[...v.pages].reverse().map((p, i) => (
              <li key={`${p.url}-${i}`} className="min-w-0">
                <a href={p.url} target="_blank" rel="noopener noreferrer" className="block truncate text-primary-700 hover:underline" dir="auto" title={p.url}>
                  {p.title || p.url}
                </a>
                {p.at && <span className="text-xs text-slate-400">{formatDateTime(p.at, i18n.language)}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

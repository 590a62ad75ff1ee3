//! The live preview of a widget as its settings are edited: the launcher and the open panel with the colour,
//! position, greeting or away text in the chosen language, the pre-chat form and the WhatsApp button. A drawing of
//! the widget (the real script runs only on allowed sites), decorative for screen readers.
import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';
import { textFor, textOn } from '../settings';
import type { Prechat } from '../types';

export function WidgetPreview({
  name,
  color,
  position,
  greeting,
  awayText,
  prechat,
  whatsapp,
  lang,
  away,
}: {
  name: string;
  color: string;
  position: string;
  greeting: Record<string, string>;
  awayText: Record<string, string>;
  prechat: Prechat;
  whatsapp: boolean;
  lang: string;
  away: boolean;
}) {
  const { t } = useTranslation();
  const fg = textOn(color);
  const text = away ? textFor(awayText, lang) || textFor(greeting, lang) : textFor(greeting, lang);
  const asks = (['name', 'email', 'phone'] as const).filter((f) => prechat[f] !== 'off');
  const rtl = lang === 'ar';
  return (
    <div className="relative h-[30rem] overflow-hidden rounded-2xl border border-slate-200 bg-slate-100" data-testid="widget-preview" aria-hidden="true">
      <div
        className={cn('absolute bottom-20 flex h-[24rem] w-72 max-w-[calc(100%-2rem)] flex-col overflow-hidden rounded-xl bg-[#efeae2] shadow-lg', position === 'left' ? 'left-4' : 'right-4')}
        dir={rtl ? 'rtl' : 'ltr'}
      >
        <div className="flex items-center gap-2 px-3 py-2" style={{ background: color, color: fg }}>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold">{name || t('widgets.preview.untitled')}</p>
            <p className="text-xs opacity-90">{away ? t('widgets.preview.away') : t('widgets.preview.online')}</p>
          </div>
          <span className="text-lg leading-none">×</span>
        </div>
        <div className="flex-1 space-y-2 overflow-hidden p-3">
          {text && <p className="mx-auto max-w-[90%] rounded-lg bg-white px-3 py-2 text-center text-sm whitespace-pre-wrap text-slate-800 shadow-sm" data-testid="preview-greeting">{text}</p>}
          {asks.length > 0 || prechat.consent !== 'off' ? (
            <div className="space-y-1.5 rounded-lg bg-white p-2 text-xs text-slate-700 shadow-sm" data-testid="preview-prechat">
              {asks.map((f) => (
                <div key={f} className="rounded border border-slate-300 px-2 py-1 text-slate-500">
                  {t(`widgets.prechat.${f}`)}
                  {prechat[f] === 'required' ? ' *' : ''}
                </div>
              ))}
              {prechat.consent !== 'off' && <div>☐ {textFor(prechat.consentText ?? {}, lang) || t('widgets.preview.consent')}</div>}
            </div>
          ) : (
            <p className="ms-auto w-fit max-w-[80%] rounded-lg bg-[#d9fdd3] px-3 py-1.5 text-sm text-slate-800 shadow-sm">{t('widgets.preview.sample')}</p>
          )}
        </div>
        {whatsapp && <p className="mx-3 mb-2 rounded-lg border border-[#25d366] bg-white py-1.5 text-center text-xs font-semibold text-[#0b6e4f]">WhatsApp</p>}
        <div className="flex items-center gap-2 bg-[#f0f2f5] p-2">
          <div className="flex-1 rounded-full border border-slate-300 bg-white px-3 py-1.5 text-xs text-slate-400">{t('widgets.preview.placeholder')}</div>
          <span className="size-7 rounded-full" style={{ background: color }} />
        </div>
      </div>
      <div className={cn('absolute bottom-4 flex size-12 items-center justify-center rounded-full shadow-lg', position === 'left' ? 'left-4' : 'right-4')} style={{ background: color, color: fg }}>
        <svg viewBox="0 0 24 24" className="size-6" fill="currentColor">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H7l-5 4V6a2 2 0 0 1 2-2z" />
        </svg>
      </div>
    </div>
  );
}

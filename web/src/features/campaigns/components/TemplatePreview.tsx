import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { fillPieces, previewRuns, type MediaFormat, type PreviewRun, type TemplateButton, type TemplateParts } from '../template';

const MEDIA_ICON: Record<MediaFormat, IconName> = { IMAGE: 'image', VIDEO: 'send', DOCUMENT: 'file' };
const BUTTON_ICON: Record<TemplateButton['type'], IconName> = { QUICK_REPLY: 'reply', URL: 'external', PHONE_NUMBER: 'phone', OTHER: 'chevronEnd' };

function Runs({ runs }: { runs: PreviewRun[] }) {
  return (
    <>
      {runs.map((r, i) => {
        let node: ReactNode = r.text;
        if (r.mono) node = <code className="font-mono text-[0.92em]">{node}</code>;
        if (r.strike) node = <s>{node}</s>;
        if (r.italic) node = <em>{node}</em>;
        if (r.bold) node = <strong className="font-semibold">{node}</strong>;
        if (r.value) {
          node = (
            <span className="rounded bg-secondary-100/80 px-0.5 text-secondary-900" data-testid="preview-value">
              {node}
            </span>
          );
        }
        return <Fragment key={i}>{node}</Fragment>;
      })}
    </>
  );
}

/**
 * A template as the customer's WhatsApp shows it: the media header (a placeholder for the picture, video or
 * document), the body with each slot's value in place (marked), the footer, and the buttons under the bubble.
 * `values` are by slot (`body.1`, `header.1`, `button.1.1`); a slot without one keeps its {{n}}.
 */
export function TemplatePreview({
  parts,
  values,
  mediaUrl,
  className,
}: {
  parts: TemplateParts;
  values: Record<string, string | null>;
  mediaUrl?: string | null;
  className?: string;
}) {
  const { t } = useTranslation();
  const header = parts.header;
  return (
    <div className={cn('rounded-2xl bg-[#efeae2] p-3 sm:p-4', className)} data-testid="template-preview">
      <div className="max-w-[19rem]" dir="auto">
        <div className="overflow-hidden rounded-xl rounded-ss-sm bg-white text-sm text-slate-900 shadow-xs">
          {header && header.format !== 'TEXT' && (
            <div className="p-1">
              <div
                className="flex h-32 flex-col items-center justify-center gap-1 rounded-lg bg-slate-200 text-slate-500"
                data-testid="preview-media"
                data-format={header.format}
              >
                <Icon name={MEDIA_ICON[header.format]} className="size-8" />
                <span className="max-w-full truncate px-3 text-xs" dir="ltr" title={mediaUrl ?? undefined}>
                  {mediaUrl ? mediaUrl.replace(/^https?:\/\//, '') : t(`campaigns.preview.media.${header.format}`)}
                </span>
              </div>
            </div>
          )}
          <div className="px-2.5 pt-1.5 pb-1">
            {header?.format === 'TEXT' && header.text && (
              <p className="mb-1 font-semibold break-words" data-testid="preview-header">
                <Runs runs={previewRuns(fillPieces(header.text, 'header', values))} />
              </p>
            )}
            <p className="break-words whitespace-pre-wrap" data-testid="preview-body">
              <Runs runs={previewRuns(fillPieces(parts.body, 'body', values))} />
            </p>
            {parts.footer && (
              <p className="mt-1 text-xs text-slate-500" data-testid="preview-footer">
                {parts.footer}
              </p>
            )}
            <p className="mt-0.5 text-end text-[11px] text-slate-400">12:00</p>
          </div>
          {parts.buttons.length > 0 && (
            <ul className="divide-y divide-slate-100 border-t border-slate-100">
              {parts.buttons.map((b, i) => {
                const url = b.type === 'URL' && b.url ? previewRuns(fillPieces(b.url, `button.${i}`, values)).map((r) => r.text).join('') : null;
                return (
                  <li key={i} className="flex flex-col items-center px-3 py-2 text-[#027eb5]" data-testid="preview-button" title={url ?? undefined}>
                    <span className="flex items-center gap-1.5 font-medium">
                      <Icon name={BUTTON_ICON[b.type]} className="size-4" />
                      {b.text}
                    </span>
                    {url && (
                      <span className="max-w-full truncate text-[11px] text-slate-400" dir="ltr" data-testid="preview-button-url">
                        {url}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

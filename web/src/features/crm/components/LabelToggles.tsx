import { useTranslation } from 'react-i18next';
import type { Label } from '../../../api/types';
import { cn } from '../../../lib/cn';

/** The workspace's labels as toggle chips (for forms, where nothing is saved until submit). */
export function LabelToggles({ labels, selected, onChange, testId = 'label-toggle' }: { labels: Label[]; selected: string[]; onChange: (ids: string[]) => void; testId?: string }) {
  const { t } = useTranslation();
  if (labels.length === 0) return <p className="text-sm text-slate-500">{t('contacts.noLabelsDefined')}</p>;
  return (
    <div className="flex flex-wrap gap-1.5" role="group">
      {labels.map((l) => {
        const on = selected.includes(l.id);
        return (
          <button
            key={l.id}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((x) => x !== l.id) : [...selected, l.id])}
            className={cn(
              'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition',
              on ? 'bg-primary-50 text-primary-800 ring-primary-600/30' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50',
            )}
            data-testid={testId}
            data-label-id={l.id}
          >
            <span className="size-2 rounded-full" style={{ backgroundColor: l.color }} aria-hidden="true" />
            <span dir="auto">{l.name}</span>
          </button>
        );
      })}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelRef } from '../../../api/types';
import { Icon, IconButton, MenuHeading, Popover, Spinner } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useLabels } from '../../inbox';

/** Labels as small chips with their colour. */
export function LabelChips({ labels, testId = 'conversation-label', className }: { labels: LabelRef[]; testId?: string; className?: string }) {
  if (labels.length === 0) return null;
  return (
    <span className={cn('flex min-w-0 flex-wrap gap-1', className)}>
      {labels.map((l) => (
        <span
          key={l.id}
          className="inline-flex max-w-[10rem] items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700"
          data-testid={testId}
          data-label-id={l.id}
        >
          <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden="true" />
          <span className="truncate" dir="auto">{l.name}</span>
        </span>
      ))}
    </span>
  );
}

/** A tag button opening the workspace's labels as checkboxes; each change is saved at once. */
export function LabelPicker({
  selected,
  onChange,
  pending,
  testId = 'labels',
  align = 'start',
}: {
  selected: LabelRef[];
  onChange: (labelIds: string[]) => void;
  pending?: boolean;
  testId?: string;
  align?: 'start' | 'end';
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const ids = selected.map((l) => l.id);

  const toggle = (id: string, on: boolean) => onChange(on ? [...ids, id] : ids.filter((x) => x !== id));

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align={align}
      testId={`${testId}-menu`}
      label={t('conversations.labels.title')}
      panelClassName="w-64"
      trigger={
        <IconButton
          icon="tag"
          label={t('conversations.labels.edit')}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          loading={pending}
          size="sm"
          data-testid={`${testId}-button`}
        />
      }
    >
      <MenuHeading>{t('conversations.labels.title')}</MenuHeading>
      {labels.isPending ? (
        <div className="flex justify-center p-3 text-primary-500">
          <Spinner label={t('common.loading')} />
        </div>
      ) : (labels.data ?? []).length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">{t('conversations.labels.none')}</p>
      ) : (
        <div className="max-h-72 overflow-y-auto">
          {(labels.data ?? []).map((l) => (
            <label key={l.id} className="flex cursor-pointer items-center gap-2.5 rounded-lg px-3 py-2 text-sm hover:bg-slate-50">
              <input
                type="checkbox"
                className="size-4 accent-primary-600"
                checked={ids.includes(l.id)}
                onChange={(e) => toggle(l.id, e.target.checked)}
                data-testid="label-option"
                data-label-id={l.id}
              />
              <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden="true" />
              <span className="min-w-0 flex-1 truncate" dir="auto">{l.name}</span>
              {ids.includes(l.id) && <Icon name="check" className="size-4 text-primary-600" />}
            </label>
          ))}
        </div>
      )}
    </Popover>
  );
}

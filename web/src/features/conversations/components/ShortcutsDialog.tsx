import { useTranslation } from 'react-i18next';
import { Modal } from '../../../components/ui';
import { SHORTCUT_HELP } from '../shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onClose={onClose} title={t('conversations.shortcuts.title')} description={t('conversations.shortcuts.subtitle')} size="sm" testId="shortcuts-dialog">
      <dl className="divide-y divide-slate-100">
        {SHORTCUT_HELP.map((s) => (
          <div key={s.what} className="flex items-center justify-between gap-4 py-2.5 text-sm">
            <dt className="text-slate-600">{t(`conversations.shortcuts.${s.what}`)}</dt>
            <dd className="flex shrink-0 flex-wrap justify-end gap-1" dir="ltr">
              {s.keys.map((k) => (
                <kbd key={k} className="rounded-md border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700 shadow-xs">
                  {k}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Modal } from './Modal';

/** A dialog that shows what an action produced (a new secret, a sent invitation); its one button, Done, closes it. */
export function ResultModal({ open, onClose, title, testId, children }: { open: boolean; onClose: () => void; title: ReactNode; testId?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onClose={onClose} title={title} testId={testId} footer={<Button onClick={onClose}>{t('common.done')}</Button>}>
      <div className="space-y-4">{children}</div>
    </Modal>
  );
}

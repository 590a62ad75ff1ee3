import type { ReactNode } from 'react';
import { Alert } from './Alert';
import { Button } from './Button';
import { Modal, ModalActions } from './Modal';

export function ConfirmModal({
  open,
  title,
  body,
  confirmLabel,
  danger,
  loading,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: ReactNode;
  danger?: boolean;
  loading?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      size="sm"
      testId="confirm-modal"
      footer={
        <ModalActions onCancel={onClose}>
          <Button variant={danger ? 'danger' : 'primary'} loading={loading} onClick={onConfirm} data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </ModalActions>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <div>{body}</div>
        {error && <Alert tone="danger">{error}</Alert>}
      </div>
    </Modal>
  );
}

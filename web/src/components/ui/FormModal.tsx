import type { FormEvent, ReactNode } from 'react';
import { Alert } from './Alert';
import { Button } from './Button';
import { Modal, ModalActions } from './Modal';

/** A dialog holding one form: Cancel and a submit button below it, the form's general error above its fields. */
export function FormModal({
  open,
  onClose,
  title,
  description,
  testId,
  formId,
  onSubmit,
  submitLabel,
  submitting,
  submitTestId,
  error,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  testId?: string;
  formId: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  submitLabel: ReactNode;
  submitting?: boolean;
  submitTestId?: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      testId={testId}
      footer={
        <ModalActions onCancel={onClose}>
          <Button type="submit" form={formId} loading={submitting} data-testid={submitTestId}>
            {submitLabel}
          </Button>
        </ModalActions>
      }
    >
      <form id={formId} onSubmit={onSubmit} className="space-y-4" noValidate>
        {error && <Alert tone="danger">{error}</Alert>}
        {children}
      </form>
    </Modal>
  );
}

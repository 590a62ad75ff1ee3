//! The contact page's GDPR actions: "Export data" (owners and managers: the ZIP downloads) and "Erase contact"
//! (owners: a dialog that says what goes and what stays, and asks for the contact's number or name typed out).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Icon, Modal, ModalActions, TextField } from '../../../components/ui';
import { useCrmErrorText } from '../../crm/hooks';
import { privacyApi } from '../api';
import { useEraseContact, useIsOwner } from '../hooks';

interface Props {
  contact: { id: string; phone?: string | null; name?: string | null; profileName?: string | null; erasedAt?: string | null };
  /** Owners and managers may export. */
  manager: boolean;
}

export function ContactPrivacyActions({ contact, manager }: Props) {
  const { t } = useTranslation();
  const owner = useIsOwner();
  const errorText = useCrmErrorText();
  const [erasing, setErasing] = useState(false);
  const exporting = useMutation({ mutationFn: () => privacyApi.exportContact(contact.id) });
  if (!manager || contact.erasedAt) return null;
  return (
    <>
      <Button variant="outline" onClick={() => exporting.mutate()} loading={exporting.isPending} data-testid="export-contact">
        <Icon name="download" className="size-4" />
        {t('privacy.contact.export')}
      </Button>
      {owner && (
        <Button variant="outline" className="text-danger-600 hover:bg-danger-50" onClick={() => setErasing(true)} data-testid="erase-contact">
          <Icon name="shield" className="size-4" />
          {t('privacy.contact.erase')}
        </Button>
      )}
      {exporting.isError && <p className="basis-full text-xs text-danger-700">{errorText(exporting.error)}</p>}
      {erasing && <EraseModal contact={contact} onClose={() => setErasing(false)} />}
    </>
  );
}

function EraseModal({ contact, onClose }: { contact: Props['contact']; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const erase = useEraseContact();
  const [typed, setTyped] = useState('');
  const expected = contact.phone ?? contact.name ?? contact.profileName ?? '';
  const close = () => {
    erase.reset();
    onClose();
  };
  return (
    <Modal
      open
      onClose={close}
      title={t('privacy.contact.eraseTitle')}
      testId="erase-modal"
      footer={
        <ModalActions onCancel={close}>
          <Button
            variant="danger"
            disabled={typed.trim().length === 0}
            loading={erase.isPending}
            onClick={() => erase.mutate({ id: contact.id, confirm: typed }, { onSuccess: close })}
            data-testid="erase-confirm"
          >
            {t('privacy.contact.eraseConfirm')}
          </Button>
        </ModalActions>
      }
    >
      <div className="space-y-3 text-sm text-slate-700">
        <Alert tone="warning" title={t('privacy.contact.eraseWarning')}>
          {t('privacy.contact.eraseRemoves')}
        </Alert>
        <p>{t('privacy.contact.eraseKeeps')}</p>
        <TextField
          id="erase-confirm-input"
          label={contact.phone ? t('privacy.contact.typePhone', { value: expected }) : t('privacy.contact.typeName', { value: expected })}
          dir="auto"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={erase.isError ? errorText(erase.error) : undefined}
          autoComplete="off"
          data-testid="erase-confirm-input"
        />
      </div>
    </Modal>
  );
}

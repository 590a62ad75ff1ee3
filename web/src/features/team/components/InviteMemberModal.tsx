import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '../../../api/types';
import { Alert, Button, CopyButton, Input, Modal, SelectField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useSession } from '../../auth';
import { useInvite } from '../hooks/useTeam';
import { invitableRoles } from '../permissions';

const FIELDS = ['email', 'role'] as const;

export function InviteMemberModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const roles = invitableRoles(session.role ?? null);
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'manager' | 'agent'>('agent');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [created, setCreated] = useState<Invitation | null>(null);

  const close = () => {
    setEmail('');
    setRole('agent');
    setErrors(NO_ERRORS);
    setCreated(null);
    invite.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (inv) => setCreated(inv),
        onError: (err) =>
          setErrors(mapFormError(err, FIELDS, { describe: errorText, codeFields: { already_member: 'email', email_taken: 'email' } })),
      },
    );
  };

  if (created) {
    return (
      <Modal
        key="sent"
        open={open}
        onClose={close}
        title={t('team.invite.sentTitle')}
        testId="invite-sent-modal"
        footer={<Button onClick={close}>{t('common.done')}</Button>}
      >
        <div className="space-y-4">
          <Alert tone="success">{t('team.invite.sentBody', { email: created.email })}</Alert>
          {created.acceptUrl && (
            <div className="space-y-1.5">
              <label htmlFor="accept-url" className="block text-sm font-medium text-slate-700">
                {t('team.invite.acceptUrl')}
              </label>
              <div className="flex gap-2">
                <Input id="accept-url" readOnly value={created.acceptUrl} dir="ltr" className="font-mono text-xs" data-testid="accept-url" onFocus={(e) => e.target.select()} />
                <CopyButton value={created.acceptUrl} />
              </div>
              <p className="text-xs text-slate-500">{t('team.invite.acceptUrlHint')}</p>
            </div>
          )}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      key="form"
      open={open}
      onClose={close}
      title={t('team.invite.title')}
      description={t('team.invite.subtitle')}
      testId="invite-modal"
      footer={
        <>
          <Button variant="outline" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="invite-form" loading={invite.isPending} data-testid="send-invite">
            {t('team.invite.submit')}
          </Button>
        </>
      }
    >
      <form id="invite-form" onSubmit={submit} className="space-y-4" noValidate>
        {errors.message && <Alert tone="danger">{errors.message}</Alert>}
        <TextField
          label={t('fields.email')}
          name="email"
          id="invite-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          placeholder="name@company.com"
          dir="ltr"
        />
        <SelectField
          label={t('fields.role')}
          name="role"
          id="invite-role"
          value={role}
          onChange={(e) => setRole(e.target.value as 'manager' | 'agent')}
          error={errors.fields.role}
          hint={t(`team.roleHelp.${role}`)}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
      </form>
    </Modal>
  );
}

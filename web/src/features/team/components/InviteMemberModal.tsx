import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '../../../api/types';
import { Alert, CopyField, FormModal, ResultModal, SelectField, TextField } from '../../../components/ui';
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
      <ResultModal open={open} onClose={close} title={t('team.invite.sentTitle')} testId="invite-sent-modal">
        <Alert tone="success">{t('team.invite.sentBody', { email: created.email })}</Alert>
        {created.acceptUrl && (
          <div className="space-y-1.5">
            <label htmlFor="accept-url" className="block text-sm font-medium text-slate-700">
              {t('team.invite.acceptUrl')}
            </label>
            <CopyField id="accept-url" value={created.acceptUrl} data-testid="accept-url" />
            <p className="text-xs text-slate-500">{t('team.invite.acceptUrlHint')}</p>
          </div>
        )}
      </ResultModal>
    );
  }

  return (
    <FormModal
      open={open}
      onClose={close}
      title={t('team.invite.title')}
      description={t('team.invite.subtitle')}
      testId="invite-modal"
      formId="invite-form"
      onSubmit={submit}
      submitLabel={t('team.invite.submit')}
      submitting={invite.isPending}
      submitTestId="send-invite"
      error={errors.message}
    >
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
    </FormModal>
  );
}

//! "New client": the workspace's name, its owner (invited by mail as owner), a plan of the offer and its language.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, FormModal, SelectField, TextField } from '../../../components/ui';
import { LANGUAGES, type Language } from '../../../i18n';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useCreateClient, usePlans } from '../hooks';

const FIELDS = ['name', 'ownerEmail', 'ownerName', 'planId', 'locale'] as const;

export function CreateClientDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const plans = usePlans();
  const create = useCreateClient();
  const active = (plans.data ?? []).filter((p) => p.isActive);
  const [form, setForm] = useState({ name: '', ownerEmail: '', ownerName: '', planId: '', locale: 'en' as Language });
  const planId = form.planId || active[0]?.id || '';
  const errors = create.error ? mapFormError(create.error, FIELDS, { describe: errorText }) : NO_ERRORS;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: form.name, ownerEmail: form.ownerEmail, ownerName: form.ownerName.trim() || null, planId, locale: form.locale },
      { onSuccess: onClose },
    );
  };

  return (
    <FormModal
      open
      onClose={onClose}
      title={t('agency.create.title')}
      description={t('agency.create.subtitle')}
      testId="create-client-dialog"
      formId="create-client"
      onSubmit={submit}
      submitLabel={t('agency.create.submit')}
      submitting={create.isPending}
      submitTestId="create-client-submit"
      error={errors.message}
    >
      {plans.isSuccess && active.length === 0 && <Alert tone="warning">{t('agency.create.noPlans')}</Alert>}
      <TextField id="client-name" label={t('agency.create.name')} value={form.name} onChange={set('name')} required maxLength={100} error={errors.fields.name} data-testid="client-name" dir="auto" />
      <TextField
        id="client-owner-email"
        type="email"
        label={t('agency.create.ownerEmail')}
        value={form.ownerEmail}
        onChange={set('ownerEmail')}
        required
        error={errors.fields.ownerEmail}
        hint={t('agency.create.ownerEmailHint')}
        data-testid="client-owner-email"
        dir="ltr"
      />
      <TextField id="client-owner-name" label={t('agency.create.ownerName')} value={form.ownerName} onChange={set('ownerName')} maxLength={100} error={errors.fields.ownerName} dir="auto" />
      <SelectField id="client-plan" label={t('agency.create.plan')} value={planId} onChange={set('planId')} error={errors.fields.planId} data-testid="client-plan">
        {active.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField id="client-locale" label={t('agency.create.locale')} value={form.locale} onChange={set('locale')} error={errors.fields.locale}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </SelectField>
    </FormModal>
  );
}

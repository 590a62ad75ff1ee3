import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormModal, SelectField, TextField } from '../../../components/ui';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useLabels } from '../../inbox';
import { cleanFieldValue, missingRequired } from '../fields';
import { useContactActions, useContactFields, useCrmErrorText } from '../hooks';
import { CONSENT_STATUSES, type Contact, type ConsentStatus, type CustomFieldValue } from '../types';
import { CustomFieldsForm } from './CustomFieldInput';
import { LabelToggles } from './LabelToggles';

const E164 = /^\+[1-9]\d{6,14}$/;

/** "New contact": phone (E.164), name, email, company, labels, consent and every custom field. */
export function NewContactModal({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Contact) => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const { create } = useContactActions();
  const fields = useContactFields().data ?? [];
  const labels = useLabels().data ?? [];
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [company, setCompany] = useState('');
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const [consent, setConsent] = useState<ConsentStatus>('unknown');
  const [values, setValues] = useState<Record<string, CustomFieldValue>>({});
  const [errors, setErrors] = useState(NO_ERRORS);

  const known = ['phone', 'name', 'email', 'company', 'labelIds', ...fields.map((f) => `customFields.${f.key}`)];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const invalid: Record<string, string> = { ...missingRequired(fields, values, t('contacts.form.required')) };
    const p = phone.replace(/[\s().-]/g, '');
    if (!p) invalid.phone = t('contacts.form.required');
    else if (!E164.test(p)) invalid.phone = t('contacts.form.phoneFormat');
    if (Object.keys(invalid).length > 0) {
      setErrors({ fields: invalid, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const customFields: Record<string, CustomFieldValue> = {};
    for (const f of fields) {
      const v = cleanFieldValue(f.kind, values[f.key]);
      if (v !== null) customFields[f.key] = v;
    }
    create.mutate(
      {
        phone: p,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(company.trim() ? { company: company.trim() } : {}),
        ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
        ...(labelIds.length > 0 ? { labelIds } : {}),
        consent,
      },
      {
        onSuccess: (c) => onCreated(c),
        onError: (err) => setErrors(mapFormError(err, known, { describe: errorText, codeFields: { contact_exists: 'phone' } })),
      },
    );
  };

  const close = () => {
    create.reset();
    onClose();
  };

  return (
    <FormModal
      open
      onClose={close}
      title={t('contacts.new')}
      formId="new-contact-form"
      onSubmit={submit}
      submitLabel={t('contacts.create')}
      submitting={create.isPending}
      submitTestId="new-contact-submit"
      testId="new-contact-modal"
      error={errors.message}
    >
      <TextField
        label={t('contacts.fields.phone')}
        id="contact-phone"
        type="tel"
        dir="ltr"
        placeholder="+15550100"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.fields.phone}
        hint={t('contacts.form.phoneHint')}
        required
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('contacts.fields.name')} id="contact-name" dir="auto" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <TextField label={t('contacts.fields.email')} id="contact-email" type="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
        <TextField label={t('contacts.fields.company')} id="contact-company" dir="auto" value={company} onChange={(e) => setCompany(e.target.value)} error={errors.fields.company} />
        <SelectField label={t('contacts.fields.consent')} id="contact-consent" value={consent} onChange={(e) => setConsent(e.target.value as ConsentStatus)}>
          {CONSENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`contacts.consent.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <Field label={t('contacts.fields.labels')} htmlFor="contact-labels" error={errors.fields.labelIds}>
        <div id="contact-labels">
          <LabelToggles labels={labels} selected={labelIds} onChange={setLabelIds} />
        </div>
      </Field>
      {fields.length > 0 && (
        <fieldset className="space-y-3 border-t border-slate-100 pt-4">
          <legend className="text-sm font-semibold text-slate-900">{t('contacts.customFields')}</legend>
          <CustomFieldsForm fields={fields} values={values} onChange={setValues} errors={errors.fields} idPrefix="new-cf" />
        </fieldset>
      )}
    </FormModal>
  );
}

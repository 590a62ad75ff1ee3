import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { Alert, FormModal, SelectField, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useConnectionActions } from '../hooks/useWhatsapp';
import {
  EMPTY_TEMPLATE_FORM, TEMPLATE_CATEGORIES, TEMPLATE_FIELDS, exampleField, missingTemplateFields, templateInput, templateVariables,
  type TemplateCategory, type TemplateExamples, type TemplateForm,
} from '../templateForm';

/** Mounted while open, so every opening starts from an empty form. */
export function NewTemplateModal({ connectionId, onClose }: { connectionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { createTemplate } = useConnectionActions();
  const [values, setValues] = useState<TemplateForm>(EMPTY_TEMPLATE_FORM);
  const [examples, setExamples] = useState<TemplateExamples>({});
  const [errors, setErrors] = useState(NO_ERRORS);
  const [refusal, setRefusal] = useState<string | null>(null);
  const variables = templateVariables(values.body);

  const close = () => {
    createTemplate.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    const missing = missingTemplateFields(values, examples);
    if (missing.length > 0) {
      setErrors({ fields: Object.fromEntries(missing.map((f) => [f, t('whatsapp.newTemplate.required')])), message: null });
      return;
    }
    setErrors(NO_ERRORS);
    createTemplate.mutate(
      { id: connectionId, ...templateInput(values, examples) },
      {
        onSuccess: close,
        onError: (err) => {
          // Meta's own words are the useful part here (e.g. a name already taken), so they are shown as sent.
          if (err instanceof ApiError && err.code === 'whatsapp_api_error') setRefusal(err.message);
          else setErrors(mapFormError(err, TEMPLATE_FIELDS, { describe: errorText }));
        },
      },
    );
  };

  const field = (name: 'name' | 'language' | 'header' | 'body' | 'footer') => ({
    name,
    id: `template-${name}`,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: errors.fields[name],
  });

  return (
    <FormModal
      open
      onClose={close}
      title={t('whatsapp.newTemplate.title')}
      description={t('whatsapp.newTemplate.subtitle')}
      testId="new-template-modal"
      formId="new-template-form"
      onSubmit={submit}
      submitLabel={t('whatsapp.newTemplate.submit')}
      submitting={createTemplate.isPending}
      submitTestId="new-template-submit"
      error={errors.message}
    >
      {refusal && (
        <Alert tone="danger" title={t('whatsapp.newTemplate.refused')}>
          <span dir="auto" data-testid="template-refusal">{refusal}</span>
        </Alert>
      )}
      <TextField label={t('fields.name')} required dir="ltr" autoComplete="off" maxLength={512} placeholder="order_shipped" hint={t('whatsapp.newTemplate.nameHint')} {...field('name')} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('whatsapp.templates.language')} required dir="ltr" autoComplete="off" maxLength={15} hint={t('whatsapp.newTemplate.languageHint')} {...field('language')} />
        <SelectField
          label={t('whatsapp.templates.category')}
          name="category"
          id="template-category"
          required
          value={values.category}
          onChange={(e) => setValues((v) => ({ ...v, category: e.target.value as TemplateCategory }))}
          error={errors.fields.category}
          hint={t(`whatsapp.newTemplate.categoryHelp.${values.category}`)}
        >
          {TEMPLATE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`whatsapp.newTemplate.categories.${c}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label={t('whatsapp.newTemplate.header')} dir="auto" maxLength={60} hint={t('whatsapp.newTemplate.headerHint')} {...field('header')} />
      <TextAreaField
        label={t('whatsapp.newTemplate.body')}
        required
        dir="auto"
        rows={5}
        maxLength={1024}
        hint={t('whatsapp.newTemplate.bodyHint', { first: '{{1}}', second: '{{2}}' })}
        {...field('body')}
        error={errors.fields.body ?? errors.fields.components}
      />
      {variables.map((n) => {
        const name = exampleField(n);
        return (
          <TextField
            key={n}
            label={t('whatsapp.newTemplate.example', { variable: `{{${n}}}` })}
            name={name}
            id={`template-${name}`}
            required
            dir="auto"
            value={examples[n] ?? ''}
            onChange={(e) => setExamples((x) => ({ ...x, [n]: e.target.value }))}
            error={errors.fields[name]}
            hint={t('whatsapp.newTemplate.exampleHint')}
          />
        );
      })}
      <TextField label={t('whatsapp.newTemplate.footer')} dir="auto" maxLength={60} hint={t('whatsapp.newTemplate.footerHint')} {...field('footer')} />
    </FormModal>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, FormModal, IconButton, PageHeader, SelectField, TBody, TD, TR, Table, TableHeader, TextAreaField, TextField } from '../../../components/ui';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { SettingsListCard } from '../../inbox/components/SettingsListCard';
import { crmApi } from '../api';
import { FIELD_KEY_RE, OPTION_KINDS, keyFromLabel } from '../fields';
import { crmKeys, useContactFields, useCrmErrorText, useFieldActions } from '../hooks';
import { FIELD_KINDS, isFieldKind, type ContactField, type CreateContactFieldInput, type FieldKind } from '../types';
import { ConsentKeywordsCard } from './ConsentKeywordsCard';

function FieldModal({ item: field, onClose }: { item: ContactField | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const { create, update } = useFieldActions();
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const [kind, setKind] = useState<FieldKind>(field && isFieldKind(field.kind) ? field.kind : 'text');
  const [required, setRequired] = useState(field?.required ?? false);
  const [options, setOptions] = useState((field?.options ?? []).join('\n'));
  const [errors, setErrors] = useState(NO_ERRORS);
  const hasOptions = OPTION_KINDS.includes(kind);
  const pending = create.isPending || update.isPending;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const invalid: Record<string, string> = {};
    const opts = [...new Set(options.split('\n').map((o) => o.trim()).filter(Boolean))];
    if (!label.trim()) invalid.label = t('contacts.form.required');
    if (!field && !FIELD_KEY_RE.test(key)) invalid.key = t('contactFields.keyFormat');
    if (hasOptions && opts.length === 0) invalid.options = t('contactFields.optionsRequired');
    if (Object.keys(invalid).length > 0) {
      setErrors({ fields: invalid, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const onError = (err: unknown) =>
      setErrors(mapFormError(err, ['label', 'key', 'kind', 'required', 'options'], { describe: errorText, codeFields: { field_exists: 'key' } }));
    const body = { label: label.trim(), required, ...(hasOptions ? { options: opts } : {}) };
    if (field) update.mutate({ id: field.id, body }, { onSuccess: close, onError });
    // The document's `oneOf` by kind (select kinds with options) is what `hasOptions` already decides.
    else create.mutate({ ...body, key, kind } as CreateContactFieldInput, { onSuccess: close, onError });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={field ? t('contactFields.edit') : t('contactFields.new')}
      formId="contact-field-form"
      onSubmit={submit}
      submitLabel={field ? t('common.save') : t('contactFields.create')}
      submitting={pending}
      submitTestId="contact-field-submit"
      testId="contact-field-modal"
      error={errors.message}
    >
      <TextField
        label={t('contactFields.label')}
        id="field-label"
        dir="auto"
        value={label}
        onChange={(e) => {
          setLabel(e.target.value);
          if (!keyTouched) setKey(keyFromLabel(e.target.value));
        }}
        error={errors.fields.label}
        required
      />
      <TextField
        label={t('contactFields.key')}
        id="field-key"
        dir="ltr"
        value={key}
        readOnly={Boolean(field)}
        onChange={(e) => {
          setKeyTouched(true);
          setKey(e.target.value);
        }}
        error={errors.fields.key}
        hint={field ? t('contactFields.keyFixed') : t('contactFields.keyHint')}
      />
      <SelectField label={t('contactFields.kind')} id="field-kind" value={kind} onChange={(e) => setKind(e.target.value as FieldKind)} disabled={Boolean(field)} error={errors.fields.kind}>
        {FIELD_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`contactFields.kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      {hasOptions && (
        <TextAreaField
          label={t('contactFields.options')}
          id="field-options"
          dir="auto"
          value={options}
          onChange={(e) => setOptions(e.target.value)}
          error={errors.fields.options}
          hint={t('contactFields.optionsHint')}
        />
      )}
      <label className="flex items-center gap-2.5 text-sm text-slate-700">
        <input type="checkbox" className="size-4 accent-primary-600" checked={required} onChange={(e) => setRequired(e.target.checked)} data-testid="field-required" />
        {t('contactFields.required')}
      </label>
    </FormModal>
  );
}

/** Settings → Contact fields: the custom fields every contact has, in order (moved with up and down). */
export function ContactFieldsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useCrmErrorText();
  const fields = useContactFields();
  const { remove } = useFieldActions();
  // Swapping two neighbours' positions (one PATCH each), then the list is read again.
  const move = useMutation({
    mutationFn: async ({ a, b }: { a: ContactField; b: ContactField }) => {
      await crmApi.updateField({ id: a.id, body: { position: b.position } });
      await crmApi.updateField({ id: b.id, body: { position: a.position } });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: crmKeys.fields }),
  });

  return (
    <div data-testid="contact-fields-page">
      <PageHeader title={t('contactFields.title')} description={t('contactFields.subtitle')} />
      {move.isError && <p className="mb-3 text-sm text-danger-600">{errorText(move.error)}</p>}
      <SettingsListCard
        entity="contact-field"
        title={t('contactFields.listTitle')}
        description={t('contactFields.listSubtitle')}
        newLabel={t('contactFields.new')}
        empty={{ icon: 'list', title: t('contactFields.empty'), description: t('contactFields.emptyBody') }}
        query={fields}
        remove={remove}
        deleteTitle={t('contactFields.deleteTitle')}
        deleteBody={(f) => t('contactFields.deleteBody', { label: f.label })}
        editor={FieldModal}
      >
        {(list, rowActions) => (
          <Table data-testid="contact-fields-table">
            <TableHeader columns={[t('contactFields.order'), t('contactFields.label'), t('contactFields.key'), t('contactFields.kind')]} actions />
            <TBody>
              {list.map((f, i) => {
                const prev = list[i - 1];
                const next = list[i + 1];
                return (
                  <TR key={f.id} data-testid="contact-field-row" data-field-key={f.key}>
                    <TD className="w-24 whitespace-nowrap">
                      <IconButton
                        icon="chevronDown"
                        iconClassName="rotate-180"
                        size="sm"
                        label={t('contactFields.moveUp')}
                        disabled={!prev || move.isPending}
                        onClick={() => prev && move.mutate({ a: f, b: prev })}
                        data-testid="field-up"
                      />
                      <IconButton
                        icon="chevronDown"
                        size="sm"
                        label={t('contactFields.moveDown')}
                        disabled={!next || move.isPending}
                        onClick={() => next && move.mutate({ a: f, b: next })}
                        data-testid="field-down"
                      />
                    </TD>
                    <TD>
                      <span className="font-medium text-slate-900" dir="auto">
                        {f.label}
                      </span>
                      {f.required && (
                        <Badge tone="warning" className="ms-2">
                          {t('contactFields.requiredBadge')}
                        </Badge>
                      )}
                    </TD>
                    <TD className="font-mono text-xs text-slate-500" dir="ltr">
                      {f.key}
                    </TD>
                    <TD>
                      {isFieldKind(f.kind) ? t(`contactFields.kinds.${f.kind}`) : f.kind}
                      {f.options.length > 0 && <span className="block max-w-[16rem] truncate text-xs text-slate-400">{f.options.join(', ')}</span>}
                    </TD>
                    <TD className="text-end whitespace-nowrap">{rowActions(f)}</TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </SettingsListCard>
      <div className="mt-6">
        <ConsentKeywordsCard />
      </div>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Field, Input, Select } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { ContactField, CustomFieldValue } from '../types';

const INPUT_TYPE: Partial<Record<ContactField['kind'], string>> = { url: 'url', email: 'email', phone: 'tel', date: 'date', number: 'number' };
const LTR_KINDS: ReadonlyArray<ContactField['kind']> = ['url', 'email', 'phone', 'number', 'date'];

/** The control for one custom field's value, by its kind (no label). */
export function CustomFieldControl({
  field,
  value,
  onChange,
  id,
  invalid,
  size = 'md',
}: {
  field: ContactField;
  value: CustomFieldValue | undefined;
  onChange: (v: CustomFieldValue) => void;
  id: string;
  invalid?: boolean;
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation();
  const describedBy = invalid ? `${id}-error` : undefined;
  switch (field.kind) {
    case 'boolean': {
      const on = value === true;
      return (
        <button
          id={id}
          type="button"
          role="switch"
          aria-checked={on}
          aria-describedby={describedBy}
          onClick={() => onChange(!on)}
          className={cn('relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition', on ? 'bg-primary-600' : 'bg-slate-300')}
          data-testid={`custom-field-${field.key}`}
        >
          <span className="sr-only">{field.label}</span>
          <span className={cn('inline-block size-5 rounded-full bg-white shadow transition-transform', on ? 'translate-x-5.5 rtl:-translate-x-5.5' : 'translate-x-0.5 rtl:-translate-x-0.5')} />
        </button>
      );
    }
    case 'select':
      return (
        <Select
          id={id}
          controlSize={size}
          invalid={invalid}
          aria-describedby={describedBy}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || null)}
          data-testid={`custom-field-${field.key}`}
        >
          <option value="">{t('contactFields.none')}</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      );
    case 'multi_select': {
      const chosen = Array.isArray(value) ? value.map(String) : [];
      return (
        <div id={id} className="flex flex-wrap gap-1.5" role="group" aria-describedby={describedBy} data-testid={`custom-field-${field.key}`}>
          {field.options.map((o) => {
            const on = chosen.includes(o);
            return (
              <button
                key={o}
                type="button"
                aria-pressed={on}
                onClick={() => onChange(on ? chosen.filter((x) => x !== o) : [...chosen, o])}
                className={cn(
                  'rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition',
                  on ? 'bg-primary-50 text-primary-700 ring-primary-600/30' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50',
                  invalid && !on && 'ring-danger-300',
                )}
              >
                {o}
              </button>
            );
          })}
          {field.options.length === 0 && <span className="text-xs text-slate-400">{t('contactFields.noOptions')}</span>}
        </div>
      );
    }
    case 'number':
      return (
        <Input
          id={id}
          controlSize={size}
          invalid={invalid}
          aria-describedby={describedBy}
          type="number"
          step="any"
          dir="ltr"
          value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' || Number.isNaN(Number(e.target.value)) ? null : Number(e.target.value))}
          data-testid={`custom-field-${field.key}`}
        />
      );
    default:
      return (
        <Input
          id={id}
          controlSize={size}
          invalid={invalid}
          aria-describedby={describedBy}
          type={INPUT_TYPE[field.kind] ?? 'text'}
          dir={LTR_KINDS.includes(field.kind) ? 'ltr' : 'auto'}
          value={typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`custom-field-${field.key}`}
        />
      );
  }
}

/** A custom field with its label (and "required" mark) and its error under it. */
export function CustomFieldInput({
  field,
  value,
  onChange,
  error,
  idPrefix = 'cf',
}: {
  field: ContactField;
  value: CustomFieldValue | undefined;
  onChange: (v: CustomFieldValue) => void;
  error?: string;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${field.key}`;
  return (
    <Field
      htmlFor={id}
      error={error}
      label={
        <>
          <span dir="auto">{field.label}</span>
          {field.required && (
            <span className="ms-0.5 text-danger-600" aria-hidden="true">
              *
            </span>
          )}
        </>
      }
    >
      <CustomFieldControl field={field} value={value} onChange={onChange} id={id} invalid={Boolean(error)} />
    </Field>
  );
}

/** Every custom field of the workspace as inputs, errors keyed `customFields.<key>`. */
export function CustomFieldsForm({
  fields,
  values,
  onChange,
  errors,
  idPrefix,
}: {
  fields: ContactField[];
  values: Record<string, CustomFieldValue>;
  onChange: (values: Record<string, CustomFieldValue>) => void;
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="custom-fields-form">
      {fields.map((f) => (
        <CustomFieldInput
          key={f.id}
          field={f}
          value={values[f.key]}
          onChange={(v) => onChange({ ...values, [f.key]: v })}
          error={errors[`customFields.${f.key}`]}
          idPrefix={idPrefix}
        />
      ))}
    </div>
  );
}

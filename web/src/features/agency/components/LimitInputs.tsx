//! Limits as number inputs, for the keys given (a client plan's, without the agency-only limit).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '../../../components/ui';
import type { LimitsForm } from '../../billing/admin/planForm';
import type { LimitKey } from '../../billing/types';

export function LimitInputs({
  keys,
  value,
  onChange,
  errors,
  placeholder,
}: {
  keys: readonly LimitKey[];
  value: LimitsForm;
  onChange: (next: LimitsForm) => void;
  errors: Record<string, string | undefined>;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const base = useId();
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {keys.map((k) => {
        const id = `${base}-${k}`;
        const error = errors[`limit.${k}`];
        return (
          <Field key={k} label={t(`billing.limits.${k}`)} htmlFor={id} error={error}>
            <Input
              id={id}
              inputMode="numeric"
              value={value[k]}
              placeholder={placeholder}
              onChange={(e) => onChange({ ...value, [k]: e.target.value })}
              invalid={Boolean(error)}
              aria-describedby={error ? `${id}-error` : undefined}
              dir="ltr"
              className="text-end"
              data-testid={`agency-limit-${k}`}
            />
          </Field>
        );
      })}
    </div>
  );
}

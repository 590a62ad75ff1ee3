import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '../../../components/ui';
import { LIMIT_KEYS } from '../types';
import type { LimitsForm } from './planForm';

/** The seven limits as number inputs; an empty one reads `placeholder` (unlimited for a plan, none for extra limits). */
export function LimitsFields({
  value,
  onChange,
  errors,
  placeholder,
}: {
  value: LimitsForm;
  onChange: (next: LimitsForm) => void;
  errors: Record<string, string | undefined>;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const base = useId();
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {LIMIT_KEYS.map((k) => {
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
              data-testid={`limit-${k}`}
            />
          </Field>
        );
      })}
    </div>
  );
}

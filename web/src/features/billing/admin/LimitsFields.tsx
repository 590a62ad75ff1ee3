import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '../../../components/ui';
import { LIMIT_KEYS, type LimitKey } from '../types';
import type { LimitsForm } from './planForm';

/** Limits as number inputs (every limit, or the `keys` given: an agency's client plan has no agency-only limit); an
 * empty one reads `placeholder` (unlimited for a plan, none for extra limits). */
export function LimitsFields({
  keys = LIMIT_KEYS,
  testIdPrefix = 'limit-',
  value,
  onChange,
  errors,
  placeholder,
}: {
  keys?: readonly LimitKey[];
  testIdPrefix?: string;
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
              data-testid={`${testIdPrefix}${k}`}
            />
          </Field>
        );
      })}
    </div>
  );
}

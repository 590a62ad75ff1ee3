import { useId, type ReactNode } from 'react';
import { Input, Select, Textarea, type InputProps, type SelectProps, type TextareaProps } from './Input';

export interface FieldProps {
  label: ReactNode;
  htmlFor: string;
  error?: string;
  hint?: ReactNode;
  /** Something shown at the end of the label row (e.g. "Forgot password?"). */
  aside?: ReactNode;
  children: ReactNode;
}

/** A label, a control and the control's error (or hint) below it. */
export function Field({ label, htmlFor, error, hint, aside, children }: FieldProps) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {error ? (
        <p id={`${htmlFor}-error`} className="text-sm text-danger-600" data-testid={`error-${htmlFor}`}>
          {error}
        </p>
      ) : hint ? (
        <p id={`${htmlFor}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = Omit<InputProps, 'id'> & {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  aside?: ReactNode;
  id?: string;
};

export function TextField({ label, error, hint, aside, id, ...input }: TextFieldProps) {
  const generated = useId();
  const fieldId = id ?? input.name ?? generated;
  return (
    <Field label={label} htmlFor={fieldId} error={error} hint={hint} aside={aside}>
      <Input
        id={fieldId}
        invalid={Boolean(error)}
        aria-describedby={error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined}
        {...input}
      />
    </Field>
  );
}

type SelectFieldProps = Omit<SelectProps, 'id'> & { label: ReactNode; error?: string; hint?: ReactNode; id?: string };

export function SelectField({ label, error, hint, id, children, ...select }: SelectFieldProps) {
  const generated = useId();
  const fieldId = id ?? select.name ?? generated;
  return (
    <Field label={label} htmlFor={fieldId} error={error} hint={hint}>
      <Select id={fieldId} invalid={Boolean(error)} aria-describedby={error ? `${fieldId}-error` : undefined} {...select}>
        {children}
      </Select>
    </Field>
  );
}

type TextAreaFieldProps = Omit<TextareaProps, 'id'> & { label: ReactNode; error?: string; hint?: ReactNode; id?: string };

export function TextAreaField({ label, error, hint, id, ...textarea }: TextAreaFieldProps) {
  const generated = useId();
  const fieldId = id ?? textarea.name ?? generated;
  return (
    <Field label={label} htmlFor={fieldId} error={error} hint={hint}>
      <Textarea
        id={fieldId}
        invalid={Boolean(error)}
        aria-describedby={error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined}
        {...textarea}
      />
    </Field>
  );
}

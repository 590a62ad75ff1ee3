import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

const control =
  'block w-full border bg-white text-slate-900 shadow-xs transition placeholder:text-slate-400 ' +
  'focus:outline-none focus:ring-4 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 read-only:bg-slate-50';

function stateClasses(invalid?: boolean) {
  return invalid
    ? 'border-danger-400 focus:border-danger-500 focus:ring-danger-500/15'
    : 'border-slate-200 hover:border-slate-300 focus:border-primary-500 focus:ring-primary-500/15';
}

/** `sm` for dense toolbars and tables (32px high), `md` for forms (40px). */
export type ControlSize = 'sm' | 'md';

const inputSizes: Record<ControlSize, string> = {
  sm: 'h-8 rounded-lg px-2.5 text-sm',
  md: 'h-10 rounded-xl px-3.5 text-sm',
};

const selectSizes: Record<ControlSize, string> = {
  sm: 'h-8 rounded-lg ps-2.5 pe-7 text-xs',
  md: 'h-10 rounded-xl ps-3.5 pe-9 text-sm',
};

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> {
  invalid?: boolean;
  controlSize?: ControlSize;
}

export function Input({ invalid, controlSize = 'md', className, ...rest }: InputProps) {
  return <input aria-invalid={invalid || undefined} className={cn(control, inputSizes[controlSize], stateClasses(invalid), className)} {...rest} />;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size'> {
  invalid?: boolean;
  controlSize?: ControlSize;
}

export function Select({ invalid, controlSize = 'md', className, children, ...rest }: SelectProps) {
  return (
    <select aria-invalid={invalid || undefined} className={cn(control, 'cursor-pointer', selectSizes[controlSize], stateClasses(invalid), className)} {...rest}>
      {children}
    </select>
  );
}

export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  invalid?: boolean;
}

export function Textarea({ invalid, className, ...rest }: TextareaProps) {
  return (
    <textarea
      aria-invalid={invalid || undefined}
      className={cn(control, 'min-h-24 rounded-xl px-3.5 py-2 text-sm', stateClasses(invalid), className)}
      {...rest}
    />
  );
}

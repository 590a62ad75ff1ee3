import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

const control =
  'block w-full rounded-xl border bg-white text-sm text-slate-900 shadow-xs transition placeholder:text-slate-400 ' +
  'focus:outline-none focus:ring-4 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 read-only:bg-slate-50';

function stateClasses(invalid?: boolean) {
  return invalid
    ? 'border-danger-400 focus:border-danger-500 focus:ring-danger-500/15'
    : 'border-slate-200 hover:border-slate-300 focus:border-primary-500 focus:ring-primary-500/15';
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  invalid?: boolean;
}

export function Input({ invalid, className, ...rest }: InputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cn(control, 'h-10 px-3.5', stateClasses(invalid), className)}
      {...rest}
    />
  );
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  invalid?: boolean;
}

export function Select({ invalid, className, children, ...rest }: SelectProps) {
  return (
    <select
      aria-invalid={invalid || undefined}
      className={cn(control, 'h-10 cursor-pointer ps-3.5 pe-9', stateClasses(invalid), className)}
      {...rest}
    >
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
      className={cn(control, 'min-h-24 px-3.5 py-2', stateClasses(invalid), className)}
      {...rest}
    />
  );
}

//! The controls the node settings forms share: text fields with a variable menu, variable names, durations,
//! numbers and lists of rows. Every control reports whole values; the forms turn them into node data.
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, IconButton, Input, MenuHeading, Popover, Select, Textarea } from '../../../../components/ui';
import { cn } from '../../../../lib/cn';
import { DURATION_UNITS, joinDuration, splitDuration, UNIT_SECONDS, type DurationUnit } from '../../summary';
import { filterChoices, insertVariable, type VariableGroup } from '../../variables';
import { isVariableName, useSettingsData } from './context';
import { FlowIcon } from '../icons';

const GROUP_ORDER: VariableGroup[] = ['contact', 'fields', 'vars', 'message'];

/** The "{x}" button next to a text field: a searchable menu of the variables this flow can use. */
export function VariableMenu({ onPick, testId }: { onPick: (path: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const { variables, readOnly } = useSettingsData();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const shown = filterChoices(variables, q);
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setQ('');
      }}
      align="end"
      label={t('flows.variables.insert')}
      panelClassName="w-72 max-h-80 overflow-y-auto"
      testId="variable-menu"
      trigger={
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          disabled={readOnly}
          aria-expanded={open}
          className="inline-flex h-7 items-center gap-1 rounded-md px-1.5 font-mono text-xs text-primary-700 hover:bg-primary-50 disabled:opacity-50"
          title={t('flows.variables.insert')}
          data-testid={testId ?? 'variable-menu-button'}
        >
          <FlowIcon name="variable" className="size-3.5" />
          <span className="sr-only">{t('flows.variables.insert')}</span>
        </button>
      }
    >
      <div className="p-1.5">
        <Input controlSize="sm" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('flows.variables.search')} aria-label={t('flows.variables.search')} autoFocus />
      </div>
      {GROUP_ORDER.map((g) => {
        const items = shown.filter((c) => c.group === g);
        if (items.length === 0) return null;
        return (
          <div key={g}>
            <MenuHeading>{t(`flows.variables.groups.${g}`)}</MenuHeading>
            {items.map((c) => (
              <button
                key={c.path}
                type="button"
                className="flex w-full flex-col items-start rounded-lg px-3 py-1.5 text-start hover:bg-slate-100"
                onClick={() => {
                  onPick(c.path);
                  setOpen(false);
                  setQ('');
                }}
                data-testid="variable-choice"
                data-path={c.path}
              >
                <span className="font-mono text-xs text-slate-800" dir="ltr">{`{{${c.path}}}`}</span>
                {c.hint && <span className="text-[11px] text-slate-500" dir="auto">{c.hint}</span>}
              </button>
            ))}
          </div>
        );
      })}
      {shown.length === 0 && <p className="px-3 py-2 text-sm text-slate-500">{t('flows.variables.none')}</p>}
    </Popover>
  );
}

function Counter({ value, max }: { value: string; max?: number }) {
  if (!max) return null;
  const n = [...value].length;
  return <span className={cn('text-[11px] tabular-nums', n > max ? 'font-semibold text-danger-600' : 'text-slate-400')}>{`${n}/${max}`}</span>;
}

/** A label row: the label, then (at the end) a character count and the variable menu. */
function LabelRow({ htmlFor, label, aside }: { htmlFor: string; label: ReactNode; aside?: ReactNode }) {
  return (
    <div className="flex min-h-7 items-center justify-between gap-2">
      <label htmlFor={htmlFor} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex items-center gap-1.5">{aside}</div>
    </div>
  );
}

/** A text that may hold `{{variables}}`: typed, or picked from the menu at the caret. */
export function TemplateField({
  label,
  value,
  onChange,
  max,
  multiline = true,
  rows = 3,
  placeholder,
  hint,
  testId,
  mono,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  max?: number;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  hint?: ReactNode;
  testId?: string;
  mono?: boolean;
}) {
  const id = useId();
  const { readOnly } = useSettingsData();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  const pick = (path: string) => {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = insertVariable(value, start, end, path);
    onChange(next.value);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const common = {
    id,
    ref,
    value,
    placeholder,
    readOnly,
    dir: 'auto' as const,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    'data-testid': testId,
    invalid: max !== undefined && [...value].length > max,
  };
  return (
    <div className="space-y-1">
      <LabelRow
        htmlFor={id}
        label={label}
        aside={
          <>
            <Counter value={value} max={max} />
            <VariableMenu onPick={pick} testId={testId ? `${testId}-variables` : undefined} />
          </>
        }
      />
      {multiline ? (
        <Textarea {...common} rows={rows} className={cn('min-h-0 resize-y', mono && 'font-mono text-xs')} />
      ) : (
        <Input {...common} className={cn(mono && 'font-mono text-xs')} />
      )}
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

/** A plain text field (no variables). */
export function PlainField({
  label,
  value,
  onChange,
  max,
  placeholder,
  hint,
  testId,
  mono,
  error,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  max?: number;
  placeholder?: string;
  hint?: ReactNode;
  testId?: string;
  mono?: boolean;
  error?: string | null;
}) {
  const id = useId();
  const { readOnly } = useSettingsData();
  const over = max !== undefined && [...value].length > max;
  return (
    <div className="space-y-1">
      <LabelRow htmlFor={id} label={label} aside={<Counter value={value} max={max} />} />
      <Input
        id={id}
        value={value}
        placeholder={placeholder}
        readOnly={readOnly}
        dir={mono ? 'ltr' : 'auto'}
        onChange={(e) => onChange(e.target.value)}
        invalid={over || Boolean(error)}
        className={cn(mono && 'font-mono text-xs')}
        data-testid={testId}
      />
      {error ? <p className="text-xs text-danger-600">{error}</p> : hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** A bare variable name (`order_id`, shown as `vars.order_id`); empty when `optional` and nothing is saved. */
export function VarNameField({ label, value, onChange, testId, hint }: { label: ReactNode; value: string; onChange: (v: string) => void; testId?: string; hint?: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  const { readOnly } = useSettingsData();
  const bad = value !== '' && !isVariableName(value);
  return (
    <div className="space-y-1">
      <LabelRow htmlFor={id} label={label} />
      <div className="flex items-stretch" dir="ltr">
        <span className="inline-flex items-center rounded-s-xl border border-e-0 border-slate-200 bg-slate-50 px-2.5 font-mono text-xs text-slate-500">vars.</span>
        <Input
          id={id}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value.replace(/\s+/g, '_'))}
          invalid={bad}
          className="rounded-s-none font-mono text-xs"
          data-testid={testId}
        />
      </div>
      {bad ? <p className="text-xs text-danger-600">{t('flows.variables.badName')}</p> : hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** A duration typed as a number and a unit; `optional` adds a switch (off = null, no timeout). */
export function DurationField({
  label,
  seconds,
  onChange,
  optional,
  testId,
  hint,
}: {
  label: ReactNode;
  seconds: number | null | undefined;
  onChange: (seconds: number | null) => void;
  optional?: boolean;
  testId?: string;
  hint?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { readOnly } = useSettingsData();
  const on = seconds !== null && seconds !== undefined;
  const split = splitDuration(seconds ?? 3600);
  const [unit, setUnit] = useState<DurationUnit>(split.unit);
  // A unit that does not divide the duration (set elsewhere) gives way to one that does.
  const shownUnit = on && seconds % UNIT_SECONDS[unit] !== 0 ? split.unit : unit;
  const value = on ? (seconds ?? 0) / joinDuration(1, shownUnit) : '';
  return (
    <div className="space-y-1" data-testid={testId}>
      <div className="flex min-h-7 items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        {optional && (
          <label className="inline-flex items-center gap-1.5 text-xs text-slate-600">
            <input
              type="checkbox"
              checked={on}
              disabled={readOnly}
              onChange={(e) => onChange(e.target.checked ? 3600 : null)}
              className="size-4 rounded border-slate-300 text-primary-600"
              data-testid={testId ? `${testId}-toggle` : undefined}
            />
            {t('flows.fields.enabled')}
          </label>
        )}
      </div>
      {on && (
        <div className="flex gap-2">
          <Input
            id={id}
            type="number"
            min={1}
            inputMode="numeric"
            value={value}
            readOnly={readOnly}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isFinite(n) && n > 0) onChange(joinDuration(n, shownUnit));
            }}
            className="w-28!"
            data-testid={testId ? `${testId}-value` : undefined}
          />
          <Select
            value={shownUnit}
            disabled={readOnly}
            onChange={(e) => {
              const u = e.target.value as DurationUnit;
              setUnit(u);
              onChange(joinDuration(typeof value === 'number' ? value : 1, u));
            }}
            aria-label={t('flows.fields.unit')}
            className="w-36!"
          >
            {DURATION_UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`flows.units.${u}`)}
              </option>
            ))}
          </Select>
        </div>
      )}
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  testId,
  hint,
  allowEmpty,
}: {
  label: ReactNode;
  value: number | null | undefined;
  onChange: (v: number | null) => void;
  min?: number;
  max?: number;
  testId?: string;
  hint?: ReactNode;
  allowEmpty?: boolean;
}) {
  const id = useId();
  const { readOnly } = useSettingsData();
  return (
    <div className="space-y-1">
      <LabelRow htmlFor={id} label={label} />
      <Input
        id={id}
        type="number"
        inputMode="decimal"
        value={value ?? ''}
        min={min}
        max={max}
        readOnly={readOnly}
        onChange={(e) => {
          if (e.target.value === '') {
            if (allowEmpty) onChange(null);
            return;
          }
          const n = Number(e.target.value);
          if (Number.isFinite(n)) onChange(n);
        }}
        className="w-32!"
        data-testid={testId}
      />
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function SelectRow({ label, value, onChange, children, testId }: { label: ReactNode; value: string; onChange: (v: string) => void; children: ReactNode; testId?: string }) {
  const id = useId();
  const { readOnly } = useSettingsData();
  return (
    <div className="space-y-1">
      <LabelRow htmlFor={id} label={label} />
      <Select id={id} value={value} disabled={readOnly} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {children}
      </Select>
    </div>
  );
}

export function CheckRow({ label, checked, onChange, testId, hint }: { label: ReactNode; checked: boolean; onChange: (v: boolean) => void; testId?: string; hint?: ReactNode }) {
  const { readOnly } = useSettingsData();
  return (
    <label className="flex items-start gap-2 text-sm text-slate-700">
      <input
        type="checkbox"
        checked={checked}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 rounded border-slate-300 text-primary-600"
        data-testid={testId}
      />
      <span>
        {label}
        {hint && <span className="block text-xs text-slate-500">{hint}</span>}
      </span>
    </label>
  );
}

/** A list of rows (options, branches, headers ...) with add, remove and move up. */
export function RowList<T>({
  label,
  items,
  onChange,
  render,
  make,
  max,
  addLabel,
  testId,
  min = 0,
}: {
  label: ReactNode;
  items: T[];
  onChange: (items: T[]) => void;
  render: (item: T, set: (item: T) => void, index: number) => ReactNode;
  make: () => T;
  max?: number;
  min?: number;
  addLabel: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { readOnly } = useSettingsData();
  return (
    <fieldset className="space-y-2" data-testid={testId}>
      <legend className="mb-1 text-sm font-medium text-slate-700">{label}</legend>
      {items.map((item, i) => (
        <div key={i} className="flex items-start gap-1.5 rounded-xl border border-slate-200 bg-slate-50/60 p-2" data-testid={testId ? `${testId}-row` : undefined}>
          <div className="min-w-0 flex-1 space-y-1.5">{render(item, (next) => onChange(items.map((x, j) => (j === i ? next : x))), i)}</div>
          {!readOnly && (
            <div className="flex shrink-0 flex-col">
              {i > 0 && (
                <IconButton
                  icon="chevronDown"
                  size="sm"
                  label={t('flows.fields.moveUp')}
                  iconClassName="rotate-180"
                  onClick={() => onChange(items.map((x, j) => (j === i - 1 ? (items[i] as T) : j === i ? (items[i - 1] as T) : x)))}
                />
              )}
              {items.length > min && (
                <IconButton icon="trash" size="sm" label={t('flows.fields.remove')} onClick={() => onChange(items.filter((_, j) => j !== i))} data-testid={testId ? `${testId}-remove` : undefined} />
              )}
            </div>
          )}
        </div>
      ))}
      {!readOnly && (max === undefined || items.length < max) && (
        <Button variant="outline" size="sm" onClick={() => onChange([...items, make()])} data-testid={testId ? `${testId}-add` : undefined}>
          <Icon name="plus" className="size-3.5" />
          {addLabel}
        </Button>
      )}
    </fieldset>
  );
}

/** A short explanation at the top of a form. */
export function Help({ children }: { children: ReactNode }) {
  return <p className="rounded-xl bg-slate-50 px-3 py-2 text-xs leading-relaxed text-slate-600">{children}</p>;
}

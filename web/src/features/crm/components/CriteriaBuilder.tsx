import { useTranslation } from 'react-i18next';
import type { Label } from '../../../api/types';
import { Button, Icon, IconButton, Input, Select } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import {
  BUILT_IN_FIELDS,
  CUSTOM_PREFIX,
  MAX_CONDITIONS,
  MAX_DEPTH,
  appendAt,
  changeField,
  changeOperator,
  countConditions,
  customFieldOf,
  emptyCriteria,
  fieldType,
  isBuiltInField,
  isGroup,
  newCondition,
  operatorsFor,
  pathKey,
  removeAt,
  updateAt,
  validateCriteria,
  valueInputFor,
  type NodePath,
} from '../criteria';
import { CONSENT_STATUSES, type Condition, type ConditionValue, type ContactField, type Criteria, type CriteriaOperator } from '../types';

interface Ctx {
  root: Criteria;
  onChange: (c: Criteria) => void;
  fields: ContactField[];
  labels: Label[];
  messages: Record<string, string>;
  total: number;
}

function FieldSelect({ value, onChange, fields }: { value: string; onChange: (field: string) => void; fields: ContactField[] }) {
  const { t } = useTranslation();
  const known = isBuiltInField(value) || customFieldOf(value, fields);
  return (
    <Select controlSize="sm" value={value} onChange={(e) => onChange(e.target.value)} aria-label={t('criteria.field')} data-testid="criteria-field">
      {!known && <option value={value}>{value}</option>}
      <optgroup label={t('criteria.builtIn')}>
        {BUILT_IN_FIELDS.map((f) => (
          <option key={f} value={f}>
            {t(`criteria.fields.${f}`)}
          </option>
        ))}
      </optgroup>
      {fields.length > 0 && (
        <optgroup label={t('criteria.customFields')}>
          {fields.map((f) => (
            <option key={f.id} value={`${CUSTOM_PREFIX}${f.key}`}>
              {f.label}
            </option>
          ))}
        </optgroup>
      )}
    </Select>
  );
}

const numberOrNull = (s: string): number | null => (s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s));

function ValueInput({ condition, onValue, fields, labels, invalid }: { condition: Condition; onValue: (v: ConditionValue) => void; fields: ContactField[]; labels: Label[]; invalid: boolean }) {
  const { t } = useTranslation();
  const type = fieldType(condition.field, fields);
  if (!type) return null;
  const input = valueInputFor(type, condition.operator);
  const v = condition.value;
  const str = typeof v === 'string' ? v : '';
  const pair = Array.isArray(v) ? (v as Array<string | number | null>) : [];
  const common = { controlSize: 'sm' as const, invalid, 'aria-label': t('criteria.value'), 'data-testid': 'criteria-value' };
  const options = customFieldOf(condition.field, fields)?.options ?? [];

  switch (input) {
    case 'none':
      return null;
    case 'text':
      return <Input {...common} value={str} onChange={(e) => onValue(e.target.value)} dir="auto" />;
    case 'number':
    case 'days':
      return (
        <Input
          {...common}
          type="number"
          min={input === 'days' ? 1 : undefined}
          step={input === 'days' ? 1 : 'any'}
          value={typeof v === 'number' ? v : ''}
          onChange={(e) => onValue(numberOrNull(e.target.value))}
          placeholder={input === 'days' ? t('criteria.days') : undefined}
        />
      );
    case 'date':
      return <Input {...common} type="date" value={str} onChange={(e) => onValue(e.target.value)} />;
    case 'date_range':
    case 'number_range': {
      const isDate = input === 'date_range';
      const set = (i: 0 | 1, raw: string) => {
        const next = [pair[0] ?? (isDate ? '' : null), pair[1] ?? (isDate ? '' : null)];
        next[i] = isDate ? raw : numberOrNull(raw);
        onValue(next as string[] | number[]);
      };
      return (
        <div className="flex min-w-0 items-center gap-1.5">
          <Input {...common} aria-label={t('criteria.from')} type={isDate ? 'date' : 'number'} value={pair[0] ?? ''} onChange={(e) => set(0, e.target.value)} />
          <span className="text-xs text-slate-400">{t('criteria.and')}</span>
          <Input {...common} aria-label={t('criteria.to')} type={isDate ? 'date' : 'number'} value={pair[1] ?? ''} onChange={(e) => set(1, e.target.value)} />
        </div>
      );
    }
    case 'label':
      return (
        <Select {...common} value={str} onChange={(e) => onValue(e.target.value)}>
          <option value="">{t('criteria.chooseLabel')}</option>
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </Select>
      );
    case 'consent':
      return (
        <Select {...common} value={str} onChange={(e) => onValue(e.target.value)}>
          {CONSENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`contacts.consent.${s}`)}
            </option>
          ))}
        </Select>
      );
    case 'option':
      return (
        <Select {...common} value={str} onChange={(e) => onValue(e.target.value)}>
          <option value="">{t('criteria.chooseOption')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      );
    case 'options': {
      const chosen = Array.isArray(v) ? (v as string[]) : [];
      return (
        <div className="flex flex-wrap gap-1" role="group" aria-label={t('criteria.value')} data-testid="criteria-value">
          {options.map((o) => {
            const on = chosen.includes(o);
            return (
              <button
                key={o}
                type="button"
                aria-pressed={on}
                onClick={() => onValue(on ? chosen.filter((x) => x !== o) : [...chosen, o])}
                className={cn(
                  'rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition',
                  on ? 'bg-primary-50 text-primary-700 ring-primary-600/30' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50',
                )}
              >
                {o}
              </button>
            );
          })}
        </div>
      );
    }
  }
}

function ConditionRow({ ctx, condition, path }: { ctx: Ctx; condition: Condition; path: NodePath }) {
  const { t } = useTranslation();
  const type = fieldType(condition.field, ctx.fields);
  const ops: CriteriaOperator[] = type ? operatorsFor(type) : [condition.operator];
  const set = (next: Condition) => ctx.onChange(updateAt(ctx.root, path, () => next));
  const error =
    ctx.messages[pathKey(path, 'field')] ?? ctx.messages[pathKey(path, 'operator')] ?? ctx.messages[pathKey(path, 'value')] ?? ctx.messages[pathKey(path)];
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-2" data-testid="criteria-condition">
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-[minmax(0,11rem)_minmax(0,10rem)_minmax(0,1fr)_auto] sm:items-center">
        <FieldSelect value={condition.field} onChange={(f) => set(changeField(condition, f, ctx.fields))} fields={ctx.fields} />
        <Select
          controlSize="sm"
          value={condition.operator}
          onChange={(e) => set(changeOperator(condition, e.target.value as CriteriaOperator, ctx.fields))}
          aria-label={t('criteria.operator')}
          data-testid="criteria-operator"
        >
          {ops.map((op) => (
            <option key={op} value={op}>
              {t(`criteria.operators.${op}`)}
            </option>
          ))}
        </Select>
        <div className="min-w-0">
          <ValueInput
            condition={condition}
            onValue={(value) => set({ ...condition, value })}
            fields={ctx.fields}
            labels={ctx.labels}
            invalid={Boolean(ctx.messages[pathKey(path, 'value')])}
          />
        </div>
        <IconButton
          icon="trash"
          size="sm"
          label={t('criteria.removeCondition')}
          onClick={() => ctx.onChange(removeAt(ctx.root, path))}
          className="justify-self-end"
          data-testid="criteria-remove"
        />
      </div>
      {error && (
        <p className="mt-1.5 text-xs text-danger-600" data-testid="criteria-error">
          {error}
        </p>
      )}
    </div>
  );
}

function GroupEditor({ ctx, group, path }: { ctx: Ctx; group: Criteria; path: NodePath }) {
  const { t } = useTranslation();
  const level = path.length + 1;
  const full = ctx.total >= MAX_CONDITIONS;
  const firstField = 'name';
  const groupError = ctx.messages[pathKey(path)];
  return (
    <div
      className={cn('space-y-2 rounded-2xl border p-2.5 sm:p-3', level === 1 ? 'border-slate-200 bg-slate-50/60' : 'border-primary-200 bg-primary-50/30')}
      data-testid="criteria-group"
      data-level={level}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Select
          controlSize="sm"
          className="w-auto"
          value={group.op}
          onChange={(e) => ctx.onChange(updateAt(ctx.root, path, (g) => ({ ...(g as Criteria), op: e.target.value as Criteria['op'] })))}
          aria-label={t('criteria.match')}
          data-testid="criteria-op"
        >
          <option value="and">{t('criteria.all')}</option>
          <option value="or">{t('criteria.any')}</option>
        </Select>
        <span className="flex-1" />
        {path.length > 0 && (
          <IconButton icon="close" size="sm" label={t('criteria.removeGroup')} onClick={() => ctx.onChange(removeAt(ctx.root, path))} data-testid="criteria-remove-group" />
        )}
      </div>
      {group.conditions.length === 0 && <p className="px-1 text-xs text-slate-500">{t('criteria.emptyGroup')}</p>}
      {group.conditions.map((node, i) =>
        isGroup(node) ? (
          <GroupEditor key={i} ctx={ctx} group={node} path={[...path, i]} />
        ) : (
          <ConditionRow key={i} ctx={ctx} condition={node} path={[...path, i]} />
        ),
      )}
      {groupError && <p className="text-xs text-danger-600">{groupError}</p>}
      <div className="flex flex-wrap gap-1.5">
        <Button
          size="sm"
          variant="ghost"
          disabled={full}
          onClick={() => ctx.onChange(appendAt(ctx.root, path, newCondition(firstField, ctx.fields)))}
          data-testid="criteria-add-condition"
        >
          <Icon name="plus" className="size-4" />
          {t('criteria.addCondition')}
        </Button>
        {level < MAX_DEPTH && (
          <Button
            size="sm"
            variant="ghost"
            disabled={full}
            onClick={() => ctx.onChange(appendAt(ctx.root, path, { op: group.op === 'and' ? 'or' : 'and', conditions: [newCondition(firstField, ctx.fields)] }))}
            data-testid="criteria-add-group"
          >
            <Icon name="plus" className="size-4" />
            {t('criteria.addGroup')}
          </Button>
        )}
      </div>
    </div>
  );
}

/**
 * Builds a Criteria: nested AND/OR groups (up to four levels), a field picker with the built-in and custom fields,
 * the operators of the field's kind and a value input for the operator. With `showErrors`, what `validateCriteria`
 * finds is shown under each condition; `serverErrors` (path → message, from a 422 `invalid_criteria`) too.
 */
export function CriteriaBuilder({
  value,
  onChange,
  fields,
  labels,
  showErrors,
  serverErrors,
}: {
  value: Criteria;
  onChange: (c: Criteria) => void;
  fields: ContactField[];
  labels: Label[];
  showErrors?: boolean;
  serverErrors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const local = showErrors ? validateCriteria(value, fields) : {};
  const messages: Record<string, string> = { ...(serverErrors ?? {}) };
  for (const [path, code] of Object.entries(local)) messages[path] ??= t(`criteria.errors.${code}`);
  const total = countConditions(value);
  const ctx: Ctx = { root: value, onChange, fields, labels, messages, total };
  return (
    <div className="space-y-2" data-testid="criteria-builder">
      <GroupEditor ctx={ctx} group={value ?? emptyCriteria()} path={[]} />
      {messages[''] && <p className="text-xs text-danger-600">{messages['']}</p>}
      {total >= MAX_CONDITIONS && <p className="text-xs text-slate-500">{t('criteria.limit', { count: MAX_CONDITIONS, max: MAX_CONDITIONS })}</p>}
    </div>
  );
}

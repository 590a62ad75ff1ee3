//! Criteria (docs/crm.md "Criteria"): which operators each field has, which value each operator takes, editing a
//! nested criteria tree without mutating it, checking it the way the server does (same error paths), and encoding
//! it for a URL. Pure functions: the builder component and the contacts list use them, the tests pin them.
import { ApiError } from '../../api/errors';
import type { Criteria as ApiCriteria } from '../../api/types';
import type { Condition, ConditionValue, ContactField, Criteria, CriteriaOperator, FieldKind } from './types';
import { CONSENT_STATUSES, isFieldKind } from './types';

export const MAX_DEPTH = 4;
export const MAX_CONDITIONS = 50;

/** How a field is filtered: the built-in ones by their own rules, custom ones (`field.<key>`) by their kind. */
export type FieldType = 'text' | 'label' | 'consent' | 'moment' | 'flag' | `custom_${FieldKind}`;

export const BUILT_IN_FIELDS = [
  'name',
  'phone',
  'email',
  'company',
  'label',
  'consent',
  'createdAt',
  'lastMessageAt',
  'hasOpenConversation',
  'hasOpenDeal',
] as const;
export type BuiltInField = (typeof BUILT_IN_FIELDS)[number];

const BUILT_IN_TYPES: Record<BuiltInField, FieldType> = {
  name: 'text',
  phone: 'text',
  email: 'text',
  company: 'text',
  label: 'label',
  consent: 'consent',
  createdAt: 'moment',
  lastMessageAt: 'moment',
  hasOpenConversation: 'flag',
  hasOpenDeal: 'flag',
};

export const CUSTOM_PREFIX = 'field.';

export function isBuiltInField(field: string): field is BuiltInField {
  return (BUILT_IN_FIELDS as readonly string[]).includes(field);
}

/** The custom field a `field.<key>` names, if it exists. */
export function customFieldOf(field: string, custom: readonly ContactField[]): ContactField | undefined {
  if (!field.startsWith(CUSTOM_PREFIX)) return undefined;
  const key = field.slice(CUSTOM_PREFIX.length);
  return custom.find((f) => f.key === key);
}

export function fieldType(field: string, custom: readonly ContactField[]): FieldType | null {
  if (isBuiltInField(field)) return BUILT_IN_TYPES[field];
  const f = customFieldOf(field, custom);
  return f && isFieldKind(f.kind) ? `custom_${f.kind}` : null;
}

const SET: CriteriaOperator[] = ['is_set', 'is_not_set'];

const OPERATORS: Record<FieldType, CriteriaOperator[]> = {
  text: ['contains', 'not_contains', 'equals', 'not_equals', 'starts_with', ...SET],
  label: ['has', 'has_not'],
  consent: ['equals', 'not_equals'],
  moment: ['before', 'after', 'between', 'within_days', 'not_within_days', ...SET],
  flag: ['is_true', 'is_false'],
  custom_text: ['contains', 'equals', 'not_equals', ...SET],
  custom_url: ['contains', 'equals', 'not_equals', ...SET],
  custom_email: ['contains', 'equals', 'not_equals', ...SET],
  custom_phone: ['contains', 'equals', 'not_equals', ...SET],
  custom_number: ['equals', 'gt', 'gte', 'lt', 'lte', 'between', ...SET],
  custom_date: ['before', 'after', 'between', ...SET],
  custom_boolean: ['is_true', 'is_false'],
  custom_select: ['equals', 'not_equals', 'in', ...SET],
  custom_multi_select: ['has', 'has_not', ...SET],
};

export function operatorsFor(type: FieldType): CriteriaOperator[] {
  return OPERATORS[type];
}

/** The input a condition's value needs. */
export type ValueInput = 'none' | 'text' | 'number' | 'number_range' | 'date' | 'date_range' | 'days' | 'label' | 'consent' | 'option' | 'options';

const NO_VALUE: CriteriaOperator[] = ['is_set', 'is_not_set', 'is_true', 'is_false'];

export function valueInputFor(type: FieldType, operator: CriteriaOperator): ValueInput {
  if (NO_VALUE.includes(operator)) return 'none';
  switch (type) {
    case 'label':
      return 'label';
    case 'consent':
      return 'consent';
    case 'moment':
      return operator === 'between' ? 'date_range' : operator === 'within_days' || operator === 'not_within_days' ? 'days' : 'date';
    case 'custom_date':
      return operator === 'between' ? 'date_range' : 'date';
    case 'custom_number':
      return operator === 'between' ? 'number_range' : 'number';
    case 'custom_select':
      return operator === 'in' ? 'options' : 'option';
    case 'custom_multi_select':
      return 'option';
    default:
      return 'text';
  }
}

/** The value a fresh condition starts with for an input. */
export function initialValue(input: ValueInput): ConditionValue | undefined {
  switch (input) {
    case 'none':
      return undefined;
    case 'consent':
      return 'opted_in';
    case 'options':
      return [];
    case 'date_range':
      return ['', ''];
    case 'number_range':
      return [];
    case 'number':
    case 'days':
      return null;
    default:
      return '';
  }
}

function withValue(field: string, operator: CriteriaOperator, value: ConditionValue | undefined): Condition {
  return value === undefined ? { field, operator } : { field, operator, value };
}

export function newCondition(field: string, custom: readonly ContactField[]): Condition {
  const type = fieldType(field, custom) ?? 'text';
  const operator = operatorsFor(type)[0] ?? 'equals';
  return withValue(field, operator, initialValue(valueInputFor(type, operator)));
}

/** The condition on another field: the operator stays when the field has it, the value when its input stays. */
export function changeField(c: Condition, field: string, custom: readonly ContactField[]): Condition {
  const before = fieldType(c.field, custom);
  const after = fieldType(field, custom) ?? 'text';
  const ops = operatorsFor(after);
  const operator = ops.includes(c.operator) ? c.operator : (ops[0] ?? 'equals');
  const input = valueInputFor(after, operator);
  const keep = before !== null && before === after && valueInputFor(before, c.operator) === input;
  return withValue(field, operator, keep ? c.value : initialValue(input));
}

export function changeOperator(c: Condition, operator: CriteriaOperator, custom: readonly ContactField[]): Condition {
  const type = fieldType(c.field, custom) ?? 'text';
  const same = valueInputFor(type, c.operator) === valueInputFor(type, operator);
  return withValue(c.field, operator, same ? c.value : initialValue(valueInputFor(type, operator)));
}

export function isGroup(node: Condition | Criteria): node is Criteria {
  return 'conditions' in node;
}

export function emptyCriteria(op: Criteria['op'] = 'and'): Criteria {
  return { op, conditions: [] };
}

/** Levels of groups: a group of conditions is 1. */
export function depthOf(c: Criteria): number {
  return 1 + Math.max(0, ...c.conditions.map((n) => (isGroup(n) ? depthOf(n) : 0)));
}

export function countConditions(c: Criteria): number {
  return c.conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0);
}

// ---- Editing by path (indices of `conditions`, outermost first) ----

export type NodePath = readonly number[];

/** Replaces the node at `path` (the root for `[]`) with what `fn` makes of it. */
export function updateAt(root: Criteria, path: NodePath, fn: (node: Condition | Criteria) => Condition | Criteria): Criteria {
  if (path.length === 0) {
    const next = fn(root);
    return isGroup(next) ? next : root;
  }
  const [head, ...rest] = path as [number, ...number[]];
  const child = root.conditions[head];
  if (!child) return root;
  const replaced = rest.length === 0 ? fn(child) : isGroup(child) ? updateAt(child, rest, fn) : child;
  return { ...root, conditions: root.conditions.map((n, i) => (i === head ? replaced : n)) };
}

export function removeAt(root: Criteria, path: NodePath): Criteria {
  if (path.length === 0) return emptyCriteria(root.op);
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return updateAt(root, parent, (g) => (isGroup(g) ? { ...g, conditions: g.conditions.filter((_, i) => i !== index) } : g));
}

/** Appends `node` to the group at `groupPath`. */
export function appendAt(root: Criteria, groupPath: NodePath, node: Condition | Criteria): Criteria {
  return updateAt(root, groupPath, (g) => (isGroup(g) ? { ...g, conditions: [...g.conditions, node] } : g));
}

// ---- Validation (paths as the server writes them: `conditions.1.conditions.0.value`) ----

export type CriteriaError =
  | 'unknown_field'
  | 'bad_operator'
  | 'required'
  | 'not_a_number'
  | 'bad_date'
  | 'bad_range'
  | 'bad_days'
  | 'bad_option'
  | 'empty_group'
  | 'too_deep'
  | 'too_many';

export type CriteriaErrors = Record<string, CriteriaError>;

export function pathKey(path: NodePath, leaf?: 'field' | 'operator' | 'value'): string {
  const parts = path.map((i) => `conditions.${i}`);
  if (leaf) parts.push(leaf);
  return parts.join('.');
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A date `YYYY-MM-DD` (a real day) or a date-time. */
export function isDateValue(v: unknown): v is string {
  if (typeof v !== 'string' || v === '') return false;
  if (DATE_RE.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }
  return v.includes('T') && !Number.isNaN(Date.parse(v));
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkValue(input: ValueInput, value: unknown, options: readonly string[]): CriteriaError | null {
  switch (input) {
    case 'none':
      return null;
    case 'text':
    case 'label':
      return typeof value === 'string' && value.trim() !== '' ? null : 'required';
    case 'consent':
      return typeof value === 'string' && (CONSENT_STATUSES as readonly string[]).includes(value) ? null : 'required';
    case 'number':
      if (value === null || value === undefined || value === '') return 'required';
      return isNumber(value) ? null : 'not_a_number';
    case 'days':
      if (value === null || value === undefined || value === '') return 'required';
      return isNumber(value) && Number.isInteger(value) && value > 0 ? null : 'bad_days';
    case 'date':
      if (value === null || value === undefined || value === '') return 'required';
      return isDateValue(value) ? null : 'bad_date';
    case 'date_range': {
      if (!Array.isArray(value) || value.length !== 2 || value.some((v) => v === '' || v === null)) return 'required';
      const [from, to] = value as unknown[];
      if (!isDateValue(from) || !isDateValue(to)) return 'bad_date';
      return from <= to ? null : 'bad_range';
    }
    case 'number_range': {
      if (!Array.isArray(value) || value.length !== 2 || value.some((v) => v === '' || v === null || v === undefined)) return 'required';
      const [from, to] = value as unknown[];
      if (!isNumber(from) || !isNumber(to)) return 'not_a_number';
      return from <= to ? null : 'bad_range';
    }
    case 'option':
      if (typeof value !== 'string' || value === '') return 'required';
      return options.includes(value) ? null : 'bad_option';
    case 'options':
      if (!Array.isArray(value) || value.length === 0) return 'required';
      return value.every((v) => typeof v === 'string' && options.includes(v)) ? null : 'bad_option';
  }
}

/** What is wrong with a criteria, by path; empty when the server would take it. An empty root is fine (no filter). */
export function validateCriteria(root: Criteria, custom: readonly ContactField[]): CriteriaErrors {
  const errors: CriteriaErrors = {};
  if (countConditions(root) > MAX_CONDITIONS) errors[''] = 'too_many';
  const walk = (group: Criteria, path: number[], level: number) => {
    if (level > MAX_DEPTH) {
      errors[pathKey(path)] = 'too_deep';
      return;
    }
    if (path.length > 0 && group.conditions.length === 0) errors[pathKey(path)] = 'empty_group';
    group.conditions.forEach((node, i) => {
      const here = [...path, i];
      if (isGroup(node)) {
        walk(node, here, level + 1);
        return;
      }
      const type = fieldType(node.field, custom);
      if (!type) {
        errors[pathKey(here, 'field')] = 'unknown_field';
        return;
      }
      if (!operatorsFor(type).includes(node.operator)) {
        errors[pathKey(here, 'operator')] = 'bad_operator';
        return;
      }
      const problem = checkValue(valueInputFor(type, node.operator), node.value, customFieldOf(node.field, custom)?.options ?? []);
      if (problem) errors[pathKey(here, 'value')] = problem;
    });
  };
  walk(root, [], 1);
  return errors;
}

/** The criteria without empty groups (and text values trimmed); null when nothing is left to filter by. */
export function compactCriteria(root: Criteria): Criteria | null {
  const prune = (g: Criteria): Criteria | null => {
    const conditions = g.conditions.flatMap((n): Array<Condition | Criteria> => {
      if (isGroup(n)) {
        const inner = prune(n);
        return inner ? [inner] : [];
      }
      return [typeof n.value === 'string' ? { ...n, value: n.value.trim() } : n];
    });
    return conditions.length > 0 ? { op: g.op, conditions } : null;
  };
  return prune(root);
}

// ---- URL encoding ----

export function encodeCriteria(c: Criteria): string {
  return JSON.stringify(c);
}

function isConditionShape(v: unknown): v is Condition {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.field === 'string' && typeof o.operator === 'string';
}

function isCriteriaShape(v: unknown, level = 1): v is Criteria {
  if (typeof v !== 'object' || v === null || level > MAX_DEPTH + 1) return false;
  const o = v as Record<string, unknown>;
  if ((o.op !== 'and' && o.op !== 'or') || !Array.isArray(o.conditions)) return false;
  return o.conditions.every((n) => (typeof n === 'object' && n !== null && 'conditions' in n ? isCriteriaShape(n, level + 1) : isConditionShape(n)));
}

/** A criteria from a URL parameter, or null when there is none or it is not one. */
export function decodeCriteria(raw: string | null | undefined): Criteria | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isCriteriaShape(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A criteria tree as the server sent it (a segment's), checked into the builder's types; an unreadable one is empty. */
export function criteriaFromApi(c: ApiCriteria): Criteria {
  return isCriteriaShape(c) ? c : emptyCriteria(c.op === 'or' ? 'or' : 'and');
}

/**
 * The builder's tree as a request body. The schema writes a condition's `value` as a bare `object` although it is any
 * JSON value (a string, a number, a list), so its generated type holds none of them: this is the one cast.
 */
export function criteriaToApi(c: Criteria): ApiCriteria {
  return c as unknown as ApiCriteria;
}

/** Criteria field errors (`criteria.conditions.0.value` or `conditions.0.value`) as errors by path. */
export function serverCriteriaErrors(details: ReadonlyArray<{ field: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const key = d.field.replace(/^criteria\.?/, '');
    out[key] ??= d.message;
  }
  return out;
}

/**
 * The condition errors of a refused criteria: the server answers `422 validation_failed` (a shape the API rules out)
 * or `404` (a custom field that no longer exists) with one field error per bad condition under `criteria.`
 * (`criteria.conditions.1.value`). Null for any other error.
 */
export function criteriaErrorsOf(err: unknown): Record<string, string> | null {
  if (!(err instanceof ApiError) || (err.status !== 422 && err.status !== 404)) return null;
  const own = err.fieldErrors.filter((f) => f.field === 'criteria' || f.field.startsWith('criteria.'));
  return own.length > 0 ? serverCriteriaErrors(own) : null;
}

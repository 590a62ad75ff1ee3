import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { filterQuery } from './api';
import {
  MAX_DEPTH,
  appendAt,
  changeField,
  changeOperator,
  compactCriteria,
  countConditions,
  criteriaErrorsOf,
  decodeCriteria,
  depthOf,
  emptyCriteria,
  encodeCriteria,
  fieldType,
  isDateValue,
  newCondition,
  operatorsFor,
  removeAt,
  serverCriteriaErrors,
  updateAt,
  validateCriteria,
  valueInputFor,
} from './criteria';
import type { ContactField, Criteria } from './types';

const field = (key: string, kind: ContactField['kind'], options: string[] = []): ContactField => ({
  id: `f-${key}`,
  key,
  label: key,
  kind,
  required: false,
  options,
  position: 0,
  createdAt: '2026-01-01T00:00:00Z',
});

const custom = [
  field('plan', 'select', ['gold', 'silver']),
  field('seats', 'number'),
  field('renewal', 'date'),
  field('vip', 'boolean'),
  field('tags', 'multi_select', ['a', 'b']),
  field('site', 'url'),
];

describe('operators per field', () => {
  it('follows the table of the contract for built-in fields', () => {
    expect(operatorsFor(fieldType('name', custom)!)).toEqual(['contains', 'not_contains', 'equals', 'not_equals', 'starts_with', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('label', custom)!)).toEqual(['has', 'has_not']);
    expect(operatorsFor(fieldType('consent', custom)!)).toEqual(['equals', 'not_equals']);
    expect(operatorsFor(fieldType('createdAt', custom)!)).toEqual(['before', 'after', 'between', 'within_days', 'not_within_days', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('hasOpenDeal', custom)!)).toEqual(['is_true', 'is_false']);
  });

  it('uses the kind of a custom field', () => {
    expect(operatorsFor(fieldType('field.seats', custom)!)).toEqual(['equals', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('field.renewal', custom)!)).toEqual(['before', 'after', 'between', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('field.plan', custom)!)).toEqual(['equals', 'not_equals', 'in', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('field.tags', custom)!)).toEqual(['has', 'has_not', 'is_set', 'is_not_set']);
    expect(operatorsFor(fieldType('field.site', custom)!)).toEqual(['contains', 'equals', 'not_equals', 'is_set', 'is_not_set']);
    expect(fieldType('field.gone', custom)).toBeNull();
    expect(fieldType('nope', custom)).toBeNull();
  });

  it('picks the value input from the kind and the operator', () => {
    expect(valueInputFor('moment', 'between')).toBe('date_range');
    expect(valueInputFor('moment', 'within_days')).toBe('days');
    expect(valueInputFor('moment', 'is_set')).toBe('none');
    expect(valueInputFor('custom_number', 'between')).toBe('number_range');
    expect(valueInputFor('custom_select', 'in')).toBe('options');
    expect(valueInputFor('custom_select', 'equals')).toBe('option');
    expect(valueInputFor('custom_boolean', 'is_true')).toBe('none');
    expect(valueInputFor('label', 'has')).toBe('label');
  });
});

describe('editing conditions', () => {
  it('starts a condition with the first operator and an empty value', () => {
    expect(newCondition('name', custom)).toEqual({ field: 'name', operator: 'contains', value: '' });
    expect(newCondition('hasOpenConversation', custom)).toEqual({ field: 'hasOpenConversation', operator: 'is_true' });
    expect(newCondition('consent', custom)).toEqual({ field: 'consent', operator: 'equals', value: 'opted_in' });
  });

  it('keeps operator and value when the new field takes them, resets them otherwise', () => {
    expect(changeField({ field: 'name', operator: 'equals', value: 'Ana' }, 'email', custom)).toEqual({ field: 'email', operator: 'equals', value: 'Ana' });
    expect(changeField({ field: 'name', operator: 'starts_with', value: 'A' }, 'field.site', custom)).toEqual({
      field: 'field.site',
      operator: 'contains',
      value: '',
    });
    expect(changeField({ field: 'name', operator: 'equals', value: 'A' }, 'createdAt', custom)).toEqual({ field: 'createdAt', operator: 'before', value: '' });
  });

  it('resets the value when the operator needs another input', () => {
    const c = { field: 'createdAt', operator: 'before' as const, value: '2026-01-01' };
    expect(changeOperator(c, 'after', custom)).toEqual({ ...c, operator: 'after' });
    expect(changeOperator(c, 'between', custom)).toEqual({ field: 'createdAt', operator: 'between', value: ['', ''] });
    expect(changeOperator(c, 'is_set', custom)).toEqual({ field: 'createdAt', operator: 'is_set' });
  });

  it('edits nested groups by path without touching the original', () => {
    const root: Criteria = { op: 'and', conditions: [{ field: 'name', operator: 'contains', value: 'a' }, { op: 'or', conditions: [] }] };
    const added = appendAt(root, [1], { field: 'email', operator: 'is_set' });
    expect(added.conditions[1]).toEqual({ op: 'or', conditions: [{ field: 'email', operator: 'is_set' }] });
    expect(root.conditions[1]).toEqual({ op: 'or', conditions: [] });

    const changed = updateAt(added, [1, 0], () => ({ field: 'phone', operator: 'is_not_set' }));
    expect(changed.conditions[1]).toEqual({ op: 'or', conditions: [{ field: 'phone', operator: 'is_not_set' }] });

    expect(removeAt(changed, [0]).conditions).toHaveLength(1);
    expect(removeAt(changed, [1, 0]).conditions[1]).toEqual({ op: 'or', conditions: [] });
    expect(updateAt(root, [], (g) => ({ ...g, op: 'or' } as Criteria)).op).toBe('or');
  });

  it('measures depth and size', () => {
    const deep: Criteria = { op: 'and', conditions: [{ op: 'or', conditions: [{ op: 'and', conditions: [{ field: 'name', operator: 'is_set' }] }] }] };
    expect(depthOf(emptyCriteria())).toBe(1);
    expect(depthOf(deep)).toBe(3);
    expect(countConditions(deep)).toBe(1);
  });
});

describe('validation', () => {
  it('accepts a good criteria and an empty one', () => {
    const good: Criteria = {
      op: 'and',
      conditions: [
        { field: 'name', operator: 'contains', value: 'ana' },
        { field: 'createdAt', operator: 'between', value: ['2026-01-01', '2026-02-01'] },
        { field: 'lastMessageAt', operator: 'within_days', value: 7 },
        { op: 'or', conditions: [{ field: 'field.plan', operator: 'in', value: ['gold'] }, { field: 'field.vip', operator: 'is_true' }] },
        { field: 'field.seats', operator: 'between', value: [1, 10] },
      ],
    };
    expect(validateCriteria(good, custom)).toEqual({});
    expect(validateCriteria(emptyCriteria(), custom)).toEqual({});
  });

  it('names the bad condition with the path the server uses', () => {
    const bad: Criteria = {
      op: 'and',
      conditions: [
        { field: 'name', operator: 'contains', value: ' ' },
        {
          op: 'or',
          conditions: [
            { field: 'field.seats', operator: 'gt', value: 'x' as unknown as number },
            { field: 'field.plan', operator: 'equals', value: 'bronze' },
            { field: 'createdAt', operator: 'between', value: ['2026-02-01', '2026-01-01'] },
            { field: 'field.renewal', operator: 'before', value: '2026-02-30' },
            { field: 'lastMessageAt', operator: 'within_days', value: 1.5 },
          ],
        },
        { field: 'field.gone', operator: 'equals', value: 'x' },
        { field: 'label', operator: 'contains', value: 'x' },
        { op: 'and', conditions: [] },
      ],
    };
    expect(validateCriteria(bad, custom)).toEqual({
      'conditions.0.value': 'required',
      'conditions.1.conditions.0.value': 'not_a_number',
      'conditions.1.conditions.1.value': 'bad_option',
      'conditions.1.conditions.2.value': 'bad_range',
      'conditions.1.conditions.3.value': 'bad_date',
      'conditions.1.conditions.4.value': 'bad_days',
      'conditions.2.field': 'unknown_field',
      'conditions.3.operator': 'bad_operator',
      'conditions.4': 'empty_group',
    });
  });

  it('refuses more than four levels and more than fifty conditions', () => {
    let deep: Criteria = { op: 'and', conditions: [{ field: 'name', operator: 'is_set' }] };
    for (let i = 0; i < MAX_DEPTH; i += 1) deep = { op: 'and', conditions: [deep] };
    expect(Object.values(validateCriteria(deep, custom))).toContain('too_deep');

    const many: Criteria = { op: 'or', conditions: Array.from({ length: 51 }, () => ({ field: 'name', operator: 'is_set' as const })) };
    expect(validateCriteria(many, custom)['']).toBe('too_many');
  });

  it('knows real dates', () => {
    expect(isDateValue('2026-01-31')).toBe(true);
    expect(isDateValue('2026-02-30')).toBe(false);
    expect(isDateValue('2026-01-31T10:00:00Z')).toBe(true);
    expect(isDateValue('31/01/2026')).toBe(false);
  });

  it('takes the criteria errors of a 422 validation_failed, and nothing else', () => {
    const refused = new ApiError(422, 'validation_failed', 'Some fields are invalid.', {
      fields: [
        { field: 'name', message: 'required' },
        { field: 'criteria.conditions.1.conditions.0.value', message: 'must be a date' },
      ],
    });
    expect(criteriaErrorsOf(refused)).toEqual({ 'conditions.1.conditions.0.value': 'must be a date' });
    expect(criteriaErrorsOf(new ApiError(422, 'validation_failed', 'x', { fields: [{ field: 'name', message: 'required' }] }))).toBeNull();
    expect(criteriaErrorsOf(new ApiError(404, 'not_found', 'x'))).toBeNull();
    const gone = new ApiError(404, 'not_found', 'x', { fields: [{ field: 'criteria.conditions.0.field', message: 'is not a contact field' }] });
    expect(criteriaErrorsOf(gone)).toEqual({ 'conditions.0.field': 'is not a contact field' });
    expect(criteriaErrorsOf(new Error('x'))).toBeNull();
  });

  it('reads the server paths of criteria errors', () => {
    expect(serverCriteriaErrors([{ field: 'criteria.conditions.1.value', message: 'must be a number' }, { field: 'conditions.0.field', message: 'unknown' }])).toEqual({
      'conditions.1.value': 'must be a number',
      'conditions.0.field': 'unknown',
    });
  });
});

describe('compacting and encoding', () => {
  it('drops empty groups and trims text', () => {
    expect(compactCriteria(emptyCriteria())).toBeNull();
    expect(compactCriteria({ op: 'and', conditions: [{ op: 'or', conditions: [] }] })).toBeNull();
    expect(compactCriteria({ op: 'and', conditions: [{ op: 'or', conditions: [] }, { field: 'name', operator: 'contains', value: ' ana ' }] })).toEqual({
      op: 'and',
      conditions: [{ field: 'name', operator: 'contains', value: 'ana' }],
    });
  });

  it('round-trips through a URL and rejects what is not a criteria', () => {
    const c: Criteria = { op: 'or', conditions: [{ field: 'label', operator: 'has', value: 'l-1' }, { op: 'and', conditions: [{ field: 'email', operator: 'is_set' }] }] };
    const params = new URLSearchParams({ criteria: encodeCriteria(c) });
    expect(decodeCriteria(new URLSearchParams(params.toString()).get('criteria'))).toEqual(c);
    expect(decodeCriteria('{"op":"xor","conditions":[]}')).toBeNull();
    expect(decodeCriteria('not json')).toBeNull();
    expect(decodeCriteria(null)).toBeNull();
  });

  it('builds the list query with the criteria as JSON and leaves empty parts out', () => {
    const c: Criteria = { op: 'and', conditions: [{ field: 'name', operator: 'equals', value: 'A&B' }] };
    const q = filterQuery({ q: ' ana ', criteria: c, segmentId: '' });
    expect(q.q).toBe('ana');
    expect(JSON.parse(q.criteria ?? '')).toEqual(c);
    expect(q.segmentId).toBeUndefined();
    expect(filterQuery({ q: '  ' })).toEqual({ q: undefined, criteria: undefined, segmentId: undefined });
  });
});

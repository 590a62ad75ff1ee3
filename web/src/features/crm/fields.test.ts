import { describe, expect, it } from 'vitest';
import { loadColumns, saveColumns, visibleColumns, DEFAULT_COLUMNS } from './columns';
import { changedFields, cleanFieldValue, FIELD_KEY_RE, formatFieldValue, keyFromLabel, missingRequired } from './fields';
import type { ContactField } from './types';

const f = (key: string, kind: ContactField['kind'], required = false): ContactField => ({
  id: key,
  key,
  label: key,
  kind,
  required,
  options: [],
  position: 0,
  createdAt: '',
});

describe('custom field values', () => {
  it('suggests a valid key from a label', () => {
    expect(keyFromLabel('Renewal date')).toBe('renewal_date');
    expect(keyFromLabel('  2nd Phone! ')).toBe('nd_phone');
    expect(FIELD_KEY_RE.test(keyFromLabel('Plan (yearly)'))).toBe(true);
    expect(FIELD_KEY_RE.test('Plan')).toBe(false);
  });

  it('sends null for what is empty', () => {
    expect(cleanFieldValue('text', '  ')).toBeNull();
    expect(cleanFieldValue('text', ' a ')).toBe('a');
    expect(cleanFieldValue('multi_select', [])).toBeNull();
    expect(cleanFieldValue('number', 0)).toBe(0);
    expect(cleanFieldValue('boolean', undefined)).toBe(false);
  });

  it('patches only what changed, cleared values as null', () => {
    const fields = [f('plan', 'text'), f('seats', 'number'), f('tags', 'multi_select'), f('vip', 'boolean')];
    expect(changedFields(fields, { plan: 'gold', seats: 3, tags: ['a'] }, { plan: 'gold', seats: 3, tags: ['a'] })).toEqual({});
    expect(changedFields(fields, { plan: 'gold', seats: 3, tags: ['a'] }, { plan: '', seats: 4, tags: ['a', 'b'], vip: true })).toEqual({
      plan: null,
      seats: 4,
      tags: ['a', 'b'],
      vip: true,
    });
  });

  it('finds required fields left empty', () => {
    expect(missingRequired([f('plan', 'text', true), f('vip', 'boolean', true)], {}, 'Required.')).toEqual({ 'customFields.plan': 'Required.' });
  });

  it('formats values for reading', () => {
    expect(formatFieldValue({ kind: 'boolean' }, true, 'en', ['Yes', 'No'])).toBe('Yes');
    expect(formatFieldValue({ kind: 'multi_select' }, ['a', 'b'], 'en', ['Yes', 'No'])).toBe('a, b');
    expect(formatFieldValue({ kind: 'number' }, 1200.5, 'en', ['Yes', 'No'])).toBe('1,200.5');
    expect(formatFieldValue({ kind: 'text' }, null, 'en', ['Yes', 'No'])).toBe('—');
  });
});

describe('columns', () => {
  it('remembers the choice and drops columns of deleted fields', () => {
    localStorage.clear();
    expect(loadColumns()).toEqual(DEFAULT_COLUMNS);
    saveColumns(['name', 'field.plan', 'field.gone', 'email']);
    expect(loadColumns()).toEqual(['name', 'field.plan', 'field.gone', 'email']);
    expect(visibleColumns(loadColumns(), [f('plan', 'text')])).toEqual(['name', 'email', 'field.plan']);
    localStorage.setItem('parley.crm.columns', 'not json');
    expect(loadColumns()).toEqual(DEFAULT_COLUMNS);
  });
});

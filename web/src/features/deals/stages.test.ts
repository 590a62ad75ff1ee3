import { describe, expect, it } from 'vitest';
import { moveRow, rowsOf, stagesBody, validateRows, type StageRow } from './stages';

const row = (key: string, extra: Partial<StageRow> = {}): StageRow => ({ key, id: key, name: key, color: '#000000', probability: '50', kind: 'open', ...extra });

describe('stage editor', () => {
  it('orders rows by position', () => {
    const rows = rowsOf([
      { id: 'b', name: 'B', color: '#1', position: 1, probability: 20, kind: 'open' },
      { id: 'a', name: 'A', color: '#2', position: 0, probability: 10, kind: 'open' },
    ]);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0]!.probability).toBe('10');
  });

  it('moves rows up and down within bounds', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('flags empty names and probabilities outside 0-100', () => {
    const v = validateRows([row('a', { name: ' ' }), row('b', { probability: '101' }), row('c', { probability: '' }), row('d')]);
    expect(v.rows).toEqual({ a: { name: 'required' }, b: { probability: 'range' }, c: { probability: 'range' } });
    expect(validateRows([]).empty).toBe(true);
  });

  it('builds the body with ids only for kept stages', () => {
    expect(stagesBody([row('a'), { ...row('new'), id: undefined, name: ' Won ', kind: 'won', probability: '100' }])).toEqual([
      { id: 'a', name: 'a', color: '#000000', probability: 50, kind: 'open' },
      { name: 'Won', color: '#000000', probability: 100, kind: 'won' },
    ]);
  });
});

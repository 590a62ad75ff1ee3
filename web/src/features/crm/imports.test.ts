import { describe, expect, it } from 'vitest';
import { importTargets, isFinished, mappingProblems } from './imports';

describe('import mapping', () => {
  it('needs exactly one phone column', () => {
    expect(mappingProblems({ Name: 'name', Mobile: 'skip' })).toEqual([{ kind: 'no_phone', target: 'phone' }]);
    expect(mappingProblems({ Name: 'name', Mobile: 'phone' })).toEqual([]);
    expect(mappingProblems({ A: 'phone', B: 'phone' })).toEqual([{ kind: 'duplicate', target: 'phone' }]);
  });

  it('lets several columns be skipped or be labels, no other target twice', () => {
    expect(mappingProblems({ P: 'phone', A: 'skip', B: 'skip', C: 'labels', D: 'labels' })).toEqual([]);
    expect(mappingProblems({ P: 'phone', A: 'field.plan', B: 'field.plan' })).toEqual([{ kind: 'duplicate', target: 'field.plan' }]);
  });

  it('offers the custom fields as targets', () => {
    const targets = importTargets([{ id: '1', key: 'plan', label: 'Plan', kind: 'text', required: false, options: [], position: 0, createdAt: '' }]);
    expect(targets).toContain('field.plan');
    expect(targets[0]).toBe('skip');
  });

  it('knows when an import is over', () => {
    expect(isFinished('done')).toBe(true);
    expect(isFinished('failed')).toBe(true);
    expect(isFinished('running')).toBe(false);
  });
});

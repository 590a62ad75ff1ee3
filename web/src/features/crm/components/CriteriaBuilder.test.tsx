import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { emptyCriteria } from '../criteria';
import type { ContactField, Criteria } from '../types';
import { CriteriaBuilder } from './CriteriaBuilder';

const fields: ContactField[] = [
  { id: 'f-1', key: 'plan', label: 'Plan', kind: 'select', required: false, options: ['gold', 'silver'], position: 0, createdAt: '' },
  { id: 'f-2', key: 'seats', label: 'Seats', kind: 'number', required: false, options: [], position: 1, createdAt: '' },
];

let last: Criteria = emptyCriteria();
const record = (c: Criteria) => {
  last = c;
};

function Harness() {
  const [c, setC] = useState<Criteria>(emptyCriteria());
  return (
    <CriteriaBuilder
      value={c}
      onChange={(next) => {
        record(next);
        setC(next);
      }}
      fields={fields}
      labels={[]}
      showErrors
    />
  );
}

describe('criteria builder', () => {
  it('offers the operators of the field and the value input of the operator', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByTestId('criteria-add-condition'));
    await user.selectOptions(screen.getByTestId('criteria-field'), 'field.seats');
    const ops = within(screen.getByTestId('criteria-operator')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(ops).toEqual(['equals', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set']);
    await user.type(screen.getByTestId('criteria-value'), '5');
    expect(last).toEqual({ op: 'and', conditions: [{ field: 'field.seats', operator: 'equals', value: 5 }] });
    await user.selectOptions(screen.getByTestId('criteria-operator'), 'is_set');
    expect(screen.queryByTestId('criteria-value')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('criteria-field'), 'field.plan');
    await user.selectOptions(screen.getByTestId('criteria-operator'), 'in');
    await user.click(screen.getByRole('button', { name: 'silver' }));
    expect(last.conditions[0]).toEqual({ field: 'field.plan', operator: 'in', value: ['silver'] });
  });

  it('nests groups up to four levels', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    for (let level = 1; level < 4; level += 1) {
      const groups = screen.getAllByTestId('criteria-group');
      await user.click(within(groups[groups.length - 1]!).getAllByTestId('criteria-add-group').at(-1)!);
    }
    const groups = screen.getAllByTestId('criteria-group');
    expect(groups).toHaveLength(4);
    expect(within(groups[3]!).queryByTestId('criteria-add-group')).not.toBeInTheDocument();
    expect(last.op).toBe('and');
    expect((last.conditions[0] as Criteria).op).toBe('or');
  });
});

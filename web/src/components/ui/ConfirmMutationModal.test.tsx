import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { ConfirmMutationModal, type ConfirmableMutation } from './ConfirmMutationModal';

interface Thing {
  id: string;
  name: string;
}

function fakeMutation(overrides: Partial<ConfirmableMutation<string>> = {}): ConfirmableMutation<string> {
  return { mutate: vi.fn(), reset: vi.fn(), isPending: false, error: null, ...overrides };
}

function Harness({ mutation, initial = { id: 't-1', name: 'Widget' } }: { mutation: ConfirmableMutation<string>; initial?: Thing | null }) {
  const [item, setItem] = useState<Thing | null>(initial);
  return (
    <ConfirmMutationModal
      item={item}
      onClose={() => setItem(null)}
      mutation={mutation}
      variables={(thing) => thing.id}
      title="Delete thing?"
      body={`Delete ${item?.name ?? ''}?`}
      confirmLabel="Delete"
      danger
    />
  );
}

describe('ConfirmMutationModal', () => {
  it('is closed while there is no item', () => {
    render(<Harness mutation={fakeMutation()} initial={null} />);
    expect(screen.queryByTestId('confirm-modal')).toBeNull();
  });

  it('runs the mutation on the item and closes when it succeeds', async () => {
    const mutate = vi.fn((_id: string, options: { onSuccess: () => void }) => options.onSuccess());
    render(<Harness mutation={fakeMutation({ mutate })} />);
    expect(screen.getByTestId('confirm-modal')).toHaveTextContent('Delete Widget?');
    await userEvent.setup().click(screen.getByTestId('confirm-button'));
    expect(mutate).toHaveBeenCalledWith('t-1', expect.objectContaining({ onSuccess: expect.any(Function) }));
    expect(screen.queryByTestId('confirm-modal')).toBeNull();
  });

  it('shows the error and stays open; cancelling closes it and resets the mutation', async () => {
    const mutation = fakeMutation({ error: new ApiError(404, 'not_found', 'Not found.') });
    render(<Harness mutation={mutation} />);
    expect(screen.getByRole('alert')).toHaveTextContent('We could not find what you were looking for.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(mutation.reset).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('confirm-modal')).toBeNull();
  });

  it('shows progress on the confirm button while the mutation runs', () => {
    render(<Harness mutation={fakeMutation({ isPending: true })} />);
    expect(screen.getByTestId('confirm-button')).toBeDisabled();
    expect(screen.getByTestId('confirm-button')).toHaveAttribute('aria-busy', 'true');
  });
});

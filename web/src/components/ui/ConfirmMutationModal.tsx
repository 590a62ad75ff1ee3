import type { ReactNode } from 'react';
import { useErrorText } from '../../i18n/useErrorText';
import { ConfirmModal } from './ConfirmModal';

/** The part of a TanStack mutation result a confirmation needs. */
export interface ConfirmableMutation<TVariables> {
  mutate: (variables: TVariables, options: { onSuccess: () => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/**
 * Asks to confirm running `mutation` on `item`: open while `item` is set; shows the mutation's progress and error;
 * closing (or success) calls `onClose`, which should clear `item`; closing also resets the mutation.
 */
export function ConfirmMutationModal<TItem, TVariables>({
  item,
  onClose,
  mutation,
  variables,
  title,
  body,
  confirmLabel,
  danger,
}: {
  item: TItem | null;
  onClose: () => void;
  mutation: ConfirmableMutation<TVariables>;
  variables: (item: TItem) => NoInfer<TVariables>;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: ReactNode;
  danger?: boolean;
}) {
  const errorText = useErrorText();
  return (
    <ConfirmModal
      open={item !== null}
      title={title}
      body={body}
      confirmLabel={confirmLabel}
      danger={danger}
      loading={mutation.isPending}
      error={mutation.error ? errorText(mutation.error) : null}
      onClose={() => {
        onClose();
        mutation.reset();
      }}
      onConfirm={() => item !== null && mutation.mutate(variables(item), { onSuccess: () => onClose() })}
    />
  );
}

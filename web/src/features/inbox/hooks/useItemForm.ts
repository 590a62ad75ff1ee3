import { useState } from 'react';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';

/** The part of a TanStack mutation result a create-or-edit form needs. */
interface SaveMutation<TVariables> {
  mutate: (variables: TVariables, options: { onSuccess: () => void; onError: (err: unknown) => void }) => void;
  reset: () => void;
  isPending: boolean;
}

/**
 * The state of a modal that creates an item (`item` null) or edits it. `save` takes what the form found wrong on
 * this side (field → message) and only calls the API when that is empty; the API's errors are mapped onto `fields`.
 * `close` resets both mutations, so a failed save is not still shown the next time the modal opens.
 */
export function useItemForm<TBody>({
  item,
  actions: { create, update },
  onClose,
  fields,
  codeFields,
}: {
  item: { id: string } | null;
  actions: { create: SaveMutation<TBody>; update: SaveMutation<{ id: string; body: TBody }> };
  onClose: () => void;
  fields: readonly string[];
  codeFields?: Record<string, string>;
}) {
  const errorText = useErrorText();
  const [errors, setErrors] = useState(NO_ERRORS);

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const save = (invalid: Record<string, string>, body: TBody) => {
    if (Object.keys(invalid).length > 0) {
      setErrors({ fields: invalid, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const onError = (err: unknown) => setErrors(mapFormError(err, fields, { describe: errorText, codeFields }));
    if (item) update.mutate({ id: item.id, body }, { onSuccess: close, onError });
    else create.mutate(body, { onSuccess: close, onError });
  };

  return { errors, submitting: (item ? update : create).isPending, close, save };
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';

/** A sentence for an error in the current language: a translation of its code when there is one, else the server's message. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const key = `errors.${error.code}`;
        if (i18n.exists(key)) return t(key as 'errors.unknown');
        if (error.status >= 500) return t('errors.server');
        return error.message;
      }
      return t('errors.unknown');
    },
    [t, i18n],
  );
}

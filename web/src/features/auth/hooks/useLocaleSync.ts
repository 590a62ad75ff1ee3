import { useEffect } from 'react';
import { isLanguage, setLanguage, storedLanguage } from '../../../i18n';
import { useSessionState } from './useSession';

/** When a session starts on a browser with no language picked yet, use the one saved in the profile. */
export function useLocaleSync() {
  const { session } = useSessionState();
  const userId = session?.user.id;
  const locale = session?.user.locale;
  useEffect(() => {
    if (!userId) return;
    if (!storedLanguage() && isLanguage(locale)) void setLanguage(locale);
  }, [userId, locale]);
}

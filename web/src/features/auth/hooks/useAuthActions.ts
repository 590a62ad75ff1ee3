import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { sessionManager } from '../../../api/client';
import type { AuthResponse } from '../../../api/types';
import { homePathFor } from '../../../app/routing';
import { storedLanguage } from '../../../i18n';
import { authApi } from '../api';

/** Stores a new AuthResponse; saves the language picked on the public pages into the profile. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useCallback(
    (auth: AuthResponse) => {
      queryClient.clear();
      sessionManager.apply(auth);
      const picked = storedLanguage();
      if (picked && picked !== auth.session.user.locale) {
        void authApi
          .updateMe({ locale: picked })
          .then((session) => sessionManager.setSession(session))
          .catch(() => undefined);
      }
    },
    [queryClient],
  );
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => sessionManager.logout(),
    onSettled: () => {
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });
}

export function useSwitchTenant() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (tenantId: string) => authApi.switchTenant(tenantId),
    onSuccess: (auth) => {
      queryClient.clear();
      sessionManager.apply(auth);
      void navigate(homePathFor(auth.session), { replace: true });
    },
  });
}

/** Saves the UI language in the profile (called when the switcher is used while signed in). */
export function useSaveLocale() {
  return useCallback((locale: string) => {
    if (sessionManager.getState().status !== 'authenticated') return;
    void authApi
      .updateMe({ locale })
      .then((session) => sessionManager.setSession(session))
      .catch(() => undefined);
  }, []);
}

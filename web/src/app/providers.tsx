import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/errors';
import { onApiError, sessionManager } from '../api/client';
import { useLocaleSync } from '../features/auth';
import { reportBillingError } from '../features/billing';
import { BrandTheme } from '../features/brand/theme';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Client errors (4xx) will not heal by retrying; network and 5xx errors get two more tries.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 15_000,
      },
    },
  });
}

function SessionBootstrap({ children }: { children: ReactNode }) {
  useEffect(() => {
    void sessionManager.start();
  }, []);
  // Billing refusals of any request (a limit reached, a feature not in the plan, an unpaid bill) open the upgrade
  // prompt or the suspended notice, without code in each page.
  useEffect(() => onApiError(reportBillingError), []);
  useLocaleSync();
  return children;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionBootstrap>
        <BrandTheme />
        {children}
      </SessionBootstrap>
    </QueryClientProvider>
  );
}

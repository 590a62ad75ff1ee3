//! The app-wide billing state fed by failed requests (see `reportBillingError`, hooked into the API client): the
//! upgrade prompt to show, and whether the workspace answered "suspended". A tiny external store, read with
//! `useSyncExternalStore`, so the API client can write to it from outside React.
import { useSyncExternalStore } from 'react';
import type { ApiError } from '../../api/errors';
import { actionFor, type BillingPrompt } from './prompt';

interface State {
  prompt: BillingPrompt | null;
  suspended: boolean;
}

let state: State = { prompt: null, suspended: false };
const listeners = new Set<() => void>();

function set(next: Partial<State>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Called with every error answer of the API (see `onApiError`): a read (GET) is a page loading, anything else an
 * action. The billing endpoints' own errors are the billing page's to show.
 */
export function reportBillingError(error: ApiError, request: { method: string; path: string }): void {
  if (request.path.startsWith('/api/v1/billing')) return;
  const source = request.method === 'GET' || request.method === 'HEAD' ? 'query' : 'mutation';
  const action = actionFor(error, source);
  if (action.type === 'prompt') set({ prompt: action.prompt });
  else if (action.type === 'suspended' && !state.suspended) set({ suspended: true });
}

export function closeBillingPrompt(): void {
  if (state.prompt) set({ prompt: null });
}

/** The billing overview answered: the workspace is (or is no longer) suspended. */
export function setWorkspaceSuspended(suspended: boolean): void {
  if (state.suspended !== suspended) set({ suspended });
}

export function useBillingPromptState(): State {
  return useSyncExternalStore(subscribe, () => state, () => state);
}

/** For tests: back to nothing shown. */
export function resetBillingStore(): void {
  set({ prompt: null, suspended: false });
}

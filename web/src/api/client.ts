//! The typed API client (openapi-fetch over the generated schema). It adds the in-memory access token,
//! retries once after a token refresh on 401, turns error bodies into `ApiError`, and tells `onApiError` listeners
//! about every error answer.
import createClient from 'openapi-fetch';
import { apiErrorFrom, networkError, type ApiError } from './errors';
import type { paths } from './generated/schema';
import { createSessionManager, type FetchFn, type SessionManager } from './session';

export { ApiError, type FieldError } from './errors';

/** Answers on these paths are about credentials themselves: a 401 there must not trigger a refresh. */
const NO_REFRESH = [
  '/api/v1/auth/login',
  '/api/v1/auth/register',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/forgot-password',
  '/api/v1/auth/reset-password',
  '/api/v1/auth/invitations/',
  // A wrong two-factor code answers 401 too: it is about the code, not the access token.
  '/api/v1/auth/login/2fa',
  '/api/v1/auth/2fa/',
];

function isCredentialEndpoint(url: string): boolean {
  const path = new URL(url, 'http://localhost').pathname;
  return NO_REFRESH.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)));
}

type TokenSource = Pick<SessionManager, 'getAccessToken' | 'refresh' | 'onAuthFailure'>;

function authorise(request: Request, token: string | null): Request {
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  return request;
}

/** A fetch that signs requests and, on a 401, refreshes once and retries once. */
export function createAuthFetch(baseFetch: FetchFn, tokens: TokenSource): FetchFn {
  return async (request) => {
    const retryCopy = request.clone();
    let response: Response;
    try {
      response = await baseFetch(authorise(request, tokens.getAccessToken()));
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.status !== 401 || isCredentialEndpoint(request.url)) return response;

    const refreshed = await tokens.refresh();
    if (!refreshed) {
      tokens.onAuthFailure();
      return response;
    }
    let retried: Response;
    try {
      retried = await baseFetch(authorise(retryCopy, tokens.getAccessToken()));
    } catch (cause) {
      throw networkError(cause);
    }
    if (retried.status === 401) tokens.onAuthFailure();
    return retried;
  };
}

/** Told about every refused request (after any refresh), with the request's method and path. */
export type ApiErrorListener = (error: ApiError, request: { method: string; path: string }) => void;

const errorListeners = new Set<ApiErrorListener>();

/**
 * Listens to every error answer of the API, whoever made the request and however its caller shows the error (a
 * form, a failed message, a page): the app hooks app-wide reactions here (the billing prompt). Returns the unsubscribe.
 */
export function onApiError(listener: ApiErrorListener): () => void {
  errorListeners.add(listener);
  return () => {
    errorListeners.delete(listener);
  };
}

/** Passes every non-2xx answer (but 401, which belongs to the session) to the listeners, without holding it up. */
function reportErrors(fetchFn: FetchFn): FetchFn {
  return async (request) => {
    const response = await fetchFn(request);
    if (!response.ok && response.status !== 401 && errorListeners.size > 0) {
      const method = request.method;
      const path = new URL(request.url, 'http://localhost').pathname;
      void response
        .clone()
        .json()
        .catch(() => null)
        .then((body: unknown) => {
          const error = apiErrorFrom(response.status, body, response.statusText);
          errorListeners.forEach((l) => l(error, { method, path }));
        });
    }
    return response;
  };
}

export interface ApiClientOptions {
  fetch?: FetchFn;
  baseUrl?: string;
  session: TokenSource;
}

export function createApiClient({ fetch, baseUrl = '', session }: ApiClientOptions) {
  const baseFetch: FetchFn = fetch ?? ((req) => globalThis.fetch(req));
  return createClient<paths>({
    baseUrl,
    credentials: 'include',
    fetch: reportErrors(createAuthFetch(baseFetch, session)),
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the error body. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorFrom(response.status, error, response.statusText);
  return data as T;
}

/** A file as the multipart body (`file`) the upload routes take. The document types that body as its fields; openapi-fetch
 * sends a FormData as it is and the browser sets the boundary, hence the cast. */
export function fileForm(file: File): { file: string } {
  const form = new FormData();
  form.append('file', file);
  return form as unknown as { file: string };
}

export const sessionManager = createSessionManager();
export const api = createApiClient({ session: sessionManager });

//! A small JSON helper for the CRM endpoints the generated OpenAPI types do not describe yet (deals, pipelines,
//! tickets, the CRM dashboard). It goes through the same signed fetch as `api` (access token, one refresh and
//! retry on 401) and throws the same `ApiError`. Once the schema is regenerated, each feature's api.ts can switch
//! to the typed `api` client without touching the components.
import { createAuthFetch, sessionManager } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';
import type { FetchFn } from '../../api/session';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x` for the set values of `query` (empty strings, null and undefined are left out). */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type Http = <T>(method: Method, path: string, options?: RequestOptions) => Promise<T>;

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * docs/crm.md writes a validation error's details as an array (`details: [{field, message}]`) where `ApiError`
 * reads `details.fields[]`: accept both, so per-field messages reach the forms.
 */
export function normaliseErrorBody(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { details?: unknown }).details)) {
    return { ...body, details: { fields: (body as { details: unknown[] }).details } };
  }
  return body;
}

/** A JSON caller of `/api/v1` over `fetchFn` (already signed). */
export function createHttp(fetchFn: FetchFn, baseUrl = ''): Http {
  return async <T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> => {
    const origin = typeof location !== 'undefined' ? location.origin : 'http://localhost';
    const url = new URL(`${baseUrl}/api/v1${path}${queryString(options.query)}`, origin);
    const hasBody = options.body !== undefined;
    const request = new Request(url, {
      method,
      credentials: 'include',
      headers: hasBody ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: hasBody ? JSON.stringify(options.body) : undefined,
    });
    const response = await fetchFn(request);
    const body = await readBody(response);
    if (!response.ok) throw apiErrorFrom(response.status, normaliseErrorBody(body), response.statusText);
    return body as T;
  };
}

/** The app's signed JSON caller. */
export const http: Http = /* @__PURE__ */ createHttp(createAuthFetch((req) => globalThis.fetch(req), sessionManager));

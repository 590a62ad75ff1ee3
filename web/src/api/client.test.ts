import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeAuth } from '../test/fixtures';
import { ApiError, createApiClient, onApiError, unwrap } from './client';
import { createSessionManager, refreshDelayMs } from './session';

const REFRESH = '/api/v1/auth/refresh';
const path = (r: Request) => new URL(r.url).pathname;
const BASE = 'http://parley.test';

function setup(route: Parameters<typeof fakeFetch>[0]) {
  const fake = fakeFetch(route);
  const session = createSessionManager({ fetch: fake.fn, baseUrl: BASE });
  const api = createApiClient({ fetch: fake.fn, baseUrl: BASE, session });
  return { ...fake, session, api };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('API client', () => {
  it('sends the in-memory access token as a Bearer header', async () => {
    const { api, session, calls } = setup(() => json(200, { tenants: 1, users: 2, activeTenants: 1 }));
    session.apply(makeAuth('tok-1'));
    await unwrap(api.GET('/api/v1/admin/stats'));
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok-1');
  });

  it('on 401 refreshes once with the cookie, then retries the request with the new token', async () => {
    const { api, session, calls } = setup((req) => {
      if (path(req) === REFRESH) return json(200, makeAuth('tok-new'));
      return req.headers.get('Authorization') === 'Bearer tok-new'
        ? json(200, { tenants: 3, users: 4, activeTenants: 2 })
        : json(401, { error: 'token_expired', message: 'Token expired.', details: null });
    });
    session.apply(makeAuth('tok-old'));

    const stats = await unwrap(api.GET('/api/v1/admin/stats'));

    expect(stats.tenants).toBe(3);
    expect(calls.map(path)).toEqual(['/api/v1/admin/stats', REFRESH, '/api/v1/admin/stats']);
    const refresh = calls[1]!;
    expect(refresh.method).toBe('POST');
    expect(refresh.credentials).toBe('include');
    expect(calls[2]?.headers.get('Authorization')).toBe('Bearer tok-new');
    expect(session.getAccessToken()).toBe('tok-new');
  });

  it('retries a request with a JSON body with the same body', async () => {
    const { api, session, calls } = setup((req) => {
      if (path(req) === REFRESH) return json(200, makeAuth('tok-new'));
      return req.headers.get('Authorization') === 'Bearer tok-new'
        ? json(201, { id: 'k1', name: 'CI', prefix: 'pk_ab', createdAt: 'x', lastUsedAt: null, revokedAt: null })
        : json(401, { error: 'token_expired', message: 'Token expired.', details: null });
    });
    session.apply(makeAuth('tok-old'));
    await unwrap(api.POST('/api/v1/api-keys', { body: { name: 'CI', scopes: ['contacts:read'] } }));
    expect(await calls[2]!.json()).toEqual({ name: 'CI', scopes: ['contacts:read'] });
  });

  it('requests that fail together share one refresh (refresh tokens rotate)', async () => {
    const { api, session, calls } = setup(async (req) => {
      if (path(req) === REFRESH) {
        await new Promise((r) => setTimeout(r, 10));
        return json(200, makeAuth('tok-new'));
      }
      return req.headers.get('Authorization') === 'Bearer tok-new'
        ? json(200, [])
        : json(401, { error: 'token_expired', message: 'Token expired.', details: null });
    });
    session.apply(makeAuth('tok-old'));
    await Promise.all([
      unwrap(api.GET('/api/v1/invitations')),
      unwrap(api.GET('/api/v1/api-keys')),
      unwrap(api.GET('/api/v1/invitations')),
    ]);
    expect(calls.filter((c) => path(c) === REFRESH)).toHaveLength(1);
  });

  it('when the refresh fails it signs out and throws the 401 as an ApiError, without retrying', async () => {
    const { api, session, calls } = setup((req) =>
      path(req) === REFRESH
        ? json(401, { error: 'refresh_token_reused', message: 'Reused.', details: null })
        : json(401, { error: 'token_expired', message: 'Token expired.', details: null }),
    );
    session.apply(makeAuth('tok-old'));
    const failures: string[] = [];
    session.subscribe(() => failures.push(session.getState().status));

    const err = await unwrap(api.GET('/api/v1/api-keys')).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).code).toBe('token_expired');
    expect(calls.map(path)).toEqual(['/api/v1/api-keys', REFRESH]);
    expect(session.getState()).toEqual({ status: 'anonymous', session: null });
    expect(session.getAccessToken()).toBeNull();
    expect(failures).toContain('anonymous');
  });

  it('a retry that is still unauthorised does not refresh a second time', async () => {
    const { api, session, calls } = setup((req) =>
      path(req) === REFRESH ? json(200, makeAuth('tok-new')) : json(401, { error: 'unauthorized', message: 'No.', details: null }),
    );
    session.apply(makeAuth('tok-old'));
    await expect(unwrap(api.GET('/api/v1/api-keys'))).rejects.toBeInstanceOf(ApiError);
    expect(calls.map(path)).toEqual(['/api/v1/api-keys', REFRESH, '/api/v1/api-keys']);
    expect(session.getState().status).toBe('anonymous');
  });

  it('a 401 from login (wrong password) is an answer, not a reason to refresh', async () => {
    const { api, calls } = setup(() => json(401, { error: 'invalid_credentials', message: 'Wrong.', details: null }));
    const err = await unwrap(api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('invalid_credentials');
    expect(calls).toHaveLength(1);
  });

  it('turns an error body into a typed ApiError with field errors', async () => {
    const { api } = setup(() =>
      json(422, {
        error: 'validation_failed',
        message: 'Some fields are invalid.',
        details: { fields: [{ field: 'email', message: 'must be a valid email address' }] },
      }),
    );
    const err = (await unwrap(
      api.POST('/api/v1/auth/register', { body: { businessName: 'B', name: 'N', email: 'bad', password: 'p' } }),
    ).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('Some fields are invalid.');
    expect(err.fieldErrors).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
  });

  it('a body that is not the error shape still becomes an ApiError', async () => {
    const { api } = setup(() => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }));
    const err = (await unwrap(api.GET('/api/v1/config')).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.code).toBe('http_502');
  });

  it('no answer at all becomes a network_error ApiError', async () => {
    const { api } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await unwrap(api.GET('/api/v1/config')).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network_error');
    expect(err.status).toBe(0);
  });

  it('tells error listeners about every error answer with its method and path, but not about 401s', async () => {
    const { api, session } = setup((req) =>
      path(req) === '/api/v1/contacts'
        ? json(402, { error: 'quota_exceeded', message: 'Over.', details: { limit: 'contacts' } })
        : json(401, { error: 'unauthorized', message: 'No.' }),
    );
    session.apply(makeAuth('tok-1'));
    const heard: Array<[string, string, string]> = [];
    const stop = onApiError((e, r) => heard.push([e.code, r.method, r.path]));
    await expect(unwrap(api.POST('/api/v1/contacts', { body: { phone: '+1' } as never }))).rejects.toBeInstanceOf(ApiError);
    await expect(unwrap(api.GET('/api/v1/admin/stats'))).rejects.toBeInstanceOf(ApiError);
    await vi.waitFor(() => expect(heard).toEqual([['quota_exceeded', 'POST', '/api/v1/contacts']]));
    stop();
  });
});

describe('session manager', () => {
  it('restores the session on start from the refresh cookie, once', async () => {
    const { session, calls } = setup(() => json(200, makeAuth('tok-1')));
    await Promise.all([session.start(), session.start()]);
    expect(calls.filter((c) => path(c) === REFRESH)).toHaveLength(1);
    expect(session.getState().status).toBe('authenticated');
    expect(session.getAccessToken()).toBe('tok-1');
  });

  it('without a valid cookie the visitor is anonymous', async () => {
    const { session } = setup(() => json(401, { error: 'unauthorized', message: 'No.', details: null }));
    expect(await session.start()).toBe(false);
    expect(session.getState()).toEqual({ status: 'anonymous', session: null });
  });

  it('refreshes the access token a minute before it expires', async () => {
    vi.useFakeTimers();
    const { session, calls } = setup(() => json(200, makeAuth('tok-2')));
    session.apply(makeAuth('tok-1', undefined, 900));
    await vi.advanceTimersByTimeAsync(839_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.map(path)).toEqual([REFRESH]);
    expect(session.getAccessToken()).toBe('tok-2');
  });

  it('logout calls the server and forgets the token', async () => {
    const { session, calls } = setup(() => new Response(null, { status: 204 }));
    session.apply(makeAuth('tok-1'));
    await session.logout();
    expect(calls.map(path)).toEqual(['/api/v1/auth/logout']);
    expect(calls[0]?.credentials).toBe('include');
    expect(session.getAccessToken()).toBeNull();
    expect(session.getState().status).toBe('anonymous');
  });

  it('computes the refresh delay', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(60)).toBe(30_000);
    expect(refreshDelayMs(4)).toBe(5_000);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { sessionManager } from '../../api/client';
import { json, makeAuth, makeSession } from '../../test/fixtures';
import { crmApi, fileNameOf } from './api';

describe('crm api', () => {
  afterEach(() => {
    sessionManager.clear();
    vi.unstubAllGlobals();
  });

  it('signs requests, refreshes once on a 401 and retries', async () => {
    sessionManager.apply(makeAuth('old', makeSession()));
    const seen: Array<{ path: string; auth: string | null }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname;
        seen.push({ path, auth: req.headers.get('Authorization') });
        if (path === '/api/v1/auth/refresh') return json(200, makeAuth('new', makeSession()));
        if (req.headers.get('Authorization') === 'Bearer old') return json(401, { error: 'token_expired', message: 'expired' });
        return json(200, { count: 7 });
      }),
    );
    await expect(crmApi.count({ q: 'ana' })).resolves.toEqual({ count: 7 });
    expect(seen.map((s) => `${s.path} ${s.auth ?? ''}`)).toEqual([
      '/api/v1/contacts/count Bearer old',
      '/api/v1/auth/refresh ',
      '/api/v1/contacts/count Bearer new',
    ]);
  });

  it('turns error bodies into ApiErrors with field errors, whichever way details are written', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        new URL(req.url).pathname === '/api/v1/contacts'
          ? json(422, { error: 'validation_failed', message: 'bad', details: [{ field: 'customFields.seats', message: 'must be a number' }] })
          : json(409, { error: 'contact_exists', message: 'exists', details: { fields: [{ field: 'phone', message: 'taken' }] } }),
      ),
    );
    const a = await crmApi.createContact({ phone: '+15550100' }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(ApiError);
    expect((a as ApiError).fieldErrors).toEqual([{ field: 'customFields.seats', message: 'must be a number' }]);
    const b = await crmApi.createSegment({ name: 'x', criteria: { op: 'and', conditions: [] } }).catch((e: unknown) => e);
    expect((b as ApiError).code).toBe('contact_exists');
    expect((b as ApiError).fieldErrors).toEqual([{ field: 'phone', message: 'taken' }]);
  });

  it('reads the download name from Content-Disposition', () => {
    expect(fileNameOf(new Response('', { headers: { 'Content-Disposition': 'attachment; filename="contacts-2026.csv"' } }), 'x.csv')).toBe('contacts-2026.csv');
    expect(fileNameOf(new Response('', { headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%D8%A3.csv" } }), 'x.csv')).toBe('أ.csv');
    expect(fileNameOf(new Response(''), 'x.csv')).toBe('x.csv');
  });
});

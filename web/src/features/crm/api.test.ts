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

  it('turns error bodies into ApiErrors with the field errors of details.fields', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        new URL(req.url).pathname === '/api/v1/contacts'
          ? json(422, { error: 'validation_failed', message: 'bad', details: { fields: [{ field: 'customFields.seats', message: 'must be a number' }] } })
          : json(422, {
              error: 'validation_failed',
              message: 'bad',
              details: { fields: [{ field: 'criteria.conditions.1.value', message: 'must be a date' }] },
            }),
      ),
    );
    const a = await crmApi.createContact({ phone: '+15550100' }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(ApiError);
    expect((a as ApiError).fieldErrors).toEqual([{ field: 'customFields.seats', message: 'must be a number' }]);
    const b = await crmApi.createSegment({ name: 'x', criteria: { op: 'and', conditions: [] } }).catch((e: unknown) => e);
    expect((b as ApiError).code).toBe('validation_failed');
    expect((b as ApiError).fieldErrors).toEqual([{ field: 'criteria.conditions.1.value', message: 'must be a date' }]);
  });

  it('uploads the CSV as multipart and downloads CSVs as blobs', async () => {
    const seen: Array<{ method: string; path: string; type: string | null; file?: string }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname + new URL(req.url).search;
        if (req.method === 'POST') {
          const form = await req.formData();
          const file = form.get('file');
          seen.push({ method: req.method, path, type: req.headers.get('Content-Type'), file: file && typeof file !== 'string' ? await file.text() : undefined });
          return json(201, { id: 'imp-1' });
        }
        seen.push({ method: req.method, path, type: null });
        return new Response('phone\n+15550100\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="contacts-x.csv"' } });
      }),
    );
    const created = vi.fn(() => 'blob:1');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    await expect(crmApi.upload(new File(['phone\n+1555'], 'list.csv', { type: 'text/csv' }))).resolves.toEqual({ id: 'imp-1' });
    await crmApi.exportCsv({ q: 'ana' }, ['c1', 'c2']);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v1/contacts/import', file: 'phone\n+1555' });
    expect(seen[0]?.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[1]).toMatchObject({ method: 'GET', path: '/api/v1/contacts/export?q=ana&ids=c1%2Cc2' });
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('reads the download name from Content-Disposition', () => {
    expect(fileNameOf(new Response('', { headers: { 'Content-Disposition': 'attachment; filename="contacts-2026.csv"' } }), 'x.csv')).toBe('contacts-2026.csv');
    expect(fileNameOf(new Response('', { headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%D8%A3.csv" } }), 'x.csv')).toBe('أ.csv');
    expect(fileNameOf(new Response(''), 'x.csv')).toBe('x.csv');
  });
});

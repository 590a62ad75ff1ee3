import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { json } from '../../test/fixtures';
import { createHttp, queryString } from './http';

describe('queryString', () => {
  it('leaves out unset values and encodes the rest', () => {
    expect(queryString({ a: 'x y', b: undefined, c: null, d: '', e: 0, f: true })).toBe('?a=x+y&e=0&f=true');
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});

describe('createHttp', () => {
  it('sends JSON to /api/v1 with the query and reads the answer', async () => {
    const seen: Request[] = [];
    const http = createHttp(async (req) => {
      seen.push(req.clone());
      return json(200, { ok: 1 });
    });
    await expect(http('POST', '/deals/d1/move', { body: { stageId: 's' }, query: { x: 1 } })).resolves.toEqual({ ok: 1 });
    const url = new URL(seen[0]!.url);
    expect(url.pathname + url.search).toBe('/api/v1/deals/d1/move?x=1');
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(await seen[0]!.json()).toEqual({ stageId: 's' });
  });

  it('answers undefined for 204', async () => {
    const http = createHttp(async () => new Response(null, { status: 204 }));
    await expect(http('DELETE', '/deals/d1')).resolves.toBeUndefined();
  });

  it('throws ApiError with the code, message and field errors (details as an array or as {fields})', async () => {
    const asArray = createHttp(async () => json(422, { error: 'validation_failed', message: 'bad', details: [{ field: 'title', message: 'required' }] }));
    const e1 = await asArray('POST', '/deals').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ApiError);
    expect((e1 as ApiError).code).toBe('validation_failed');
    expect((e1 as ApiError).fieldErrors).toEqual([{ field: 'title', message: 'required' }]);

    const asFields = createHttp(async () => json(422, { error: 'validation_failed', message: 'bad', details: { fields: [{ field: 'value', message: 'too big' }] } }));
    const e2 = (await asFields('POST', '/deals').catch((e: unknown) => e)) as ApiError;
    expect(e2.fieldErrors).toEqual([{ field: 'value', message: 'too big' }]);

    const conflict = createHttp(async () => json(409, { error: 'stage_has_deals', message: 'The stage Lead still has 3 deals.' }));
    const e3 = (await conflict('PATCH', '/pipelines/p').catch((e: unknown) => e)) as ApiError;
    expect(e3.status).toBe(409);
    expect(e3.message).toBe('The stage Lead still has 3 deals.');
  });
});

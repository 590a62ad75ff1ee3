import { afterEach, describe, expect, it, vi } from 'vitest';
import i18n, { addLazyStrings, setLanguage } from '.';

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLanguage('en');
});

describe("the platform's own wording", () => {
  it('is fetched after a language’s strings and put over them, on the first page and in areas loaded later', async () => {
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname;
        asked.push(path);
        const strings = path === '/api/v1/strings/de' ? { 'nav.team': 'Crew', 'webhooks.title': 'Rückrufe' } : {};
        return new Response(JSON.stringify({ version: 3, strings }), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    await setLanguage('de');
    expect(i18n.t('nav.team')).toBe('Crew');
    expect(i18n.t('nav.profile')).not.toBe('Profile');
    // An area loaded afterwards gets its built-in German strings, then the override again on top.
    await addLazyStrings('webhooks');
    expect(i18n.t('webhooks.title' as 'nav.team')).toBe('Rückrufe');
    // Once per language per page load: switching back and forth asks no more.
    await setLanguage('en');
    await setLanguage('de');
    expect(asked.filter((p) => p === '/api/v1/strings/de')).toHaveLength(1);
    await setLanguage('en');
    expect(i18n.t('nav.team')).toBe('Team');
  });

  it('leaves the built-in strings when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    await setLanguage('ru');
    expect(i18n.t('nav.team')).not.toBe('Team');
    expect(i18n.language).toBe('ru');
  });
});

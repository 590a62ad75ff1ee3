import { afterEach, describe, expect, it } from 'vitest';
import i18n, { applySiteLanguage, setLanguage, STORAGE_KEY } from '.';

afterEach(async () => {
  localStorage.removeItem(STORAGE_KEY);
  await i18n.changeLanguage('en');
});

describe("the install's default language", () => {
  it('is used when the person has chosen none, without being remembered as their choice', async () => {
    localStorage.removeItem(STORAGE_KEY);
    expect(await applySiteLanguage('ar')).toBe(true);
    expect(i18n.language).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(i18n.t('auth.login.title')).toBe('مرحبًا بعودتك');
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("gives way to the person's stored choice", async () => {
    await setLanguage('fr');
    expect(await applySiteLanguage('ar')).toBe(false);
    expect(i18n.language).toBe('fr');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('fr');
  });

  it('ignores a language the product does not speak', async () => {
    expect(await applySiteLanguage('xx')).toBe(false);
    expect(await applySiteLanguage(undefined)).toBe(false);
    expect(i18n.language).toBe('en');
  });
});

// The brand in the browser: an owner sets a brand (name, colours, logos, sign-in words, links) on Settings > Brand,
// sees the warning and the live preview while a colour reads badly, and the whole app follows (colour variables,
// title, logo); the sign-in page on the brand's custom domain shows it before anyone signs in; the page fits a phone
// in Arabic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, sql, useStack } from './harness.mjs';

const HOST = 'northwind.brand.test';
useStack({ hostRules: [HOST] });

const PASSWORD = 'correct-horse-9';
const logo = (fill, text) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 48"><rect width="44" height="44" x="2" y="2" rx="10" fill="${fill}"/>` +
  `<text x="56" y="33" font-family="sans-serif" font-size="26" font-weight="700" fill="${text}">Northwind</text></svg>`;

async function upload(token, kind, svg) {
  const form = new FormData();
  form.append('file', new Blob([svg], { type: 'image/svg+xml' }), `${kind}.svg`);
  const res = await fetch(`${baseUrl}/api/v1/settings/brand/assets/${kind}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` }, body: form });
  assert.equal(res.status, 200, `${kind} uploaded: ${await res.clone().text()}`);
}

test('an owner brands the workspace, the app follows, and the sign-in page on its domain shows the brand', async () => {
  const email = `brand-${Date.now()}@example.com`;
  const reg = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ businessName: 'Northwind', name: 'Nora', email, password: PASSWORD }),
  });
  assert.equal(reg.status, 201);
  const { accessToken, session } = await reg.json();
  const saved = await api(accessToken, 'PUT', '/settings/brand', {
    productName: 'Northwind CRM',
    primaryColor: '#0F766E',
    accentColor: '#b45309',
    loginTitle: 'Every customer, one inbox',
    loginText: 'Northwind CRM answers your WhatsApp customers together.',
    supportEmail: 'help@northwind.test',
    termsUrl: 'https://northwind.test/terms',
    privacyUrl: 'https://northwind.test/privacy',
    poweredBy: true,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  await upload(accessToken, 'logo_light', logo('#0f766e', '#0f172a'));
  await upload(accessToken, 'logo_dark', logo('#ffffff', '#ffffff'));

  // Signed in, the app takes the workspace's brand: colours, title, the sidebar's logo.
  const { context, page } = await newPage();
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/app/);
  await page.goto(`${baseUrl}/app/brand`);
  await expectVisible(page.getByTestId('brand-form'), 'the Brand page opens');
  await expectVisible(page.locator('img[alt="Northwind CRM"]'), 'the sidebar shows the brand logo');
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--color-primary-600') === '#0f766e');
  assert.equal(await page.title(), 'Northwind CRM');
  await shot(page, '60-brand-page');

  // A colour that reads badly: warned at once, shown in the preview, saved anyway with the server's warning.
  const primary = page.locator('#primaryColor');
  await primary.fill('#ffff00');
  await expectVisible(page.getByTestId('contrast-warning'), 'the contrast warning shows while typing');
  const previewColour = await page.getByTestId('brand-preview').evaluate((el) => el.style.getPropertyValue('--color-primary-600'));
  assert.equal(previewColour, '#ffff00', 'the live preview uses the unsaved colour');
  await shot(page, '61-brand-contrast-warning', false);
  await primary.fill('#0f766e');
  await page.getByTestId('save-brand').click();
  await expectVisible(page.getByText('Brand saved.'), 'saved');

  // A refused SVG says why.
  await page.getByTestId('upload-favicon').setInputFiles({ name: 'bad.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
  await expectVisible(page.getByText(/That SVG was refused/), 'the refusal names the reason');
  await context.close();

  // Arabic at phone width: right to left, nothing wider than the screen.
  const phone = await newPage(PHONE);
  await signIn(phone.page, email, PASSWORD);
  await phone.page.waitForURL(/\/app/);
  await phone.page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
  await phone.page.goto(`${baseUrl}/app/brand`);
  await expectVisible(phone.page.getByTestId('brand-form'), 'the page opens on a phone');
  await expectVisible(phone.page.getByRole('heading', { name: 'العلامة التجارية' }), 'the page is in Arabic');
  assert.equal(await phone.page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.ok((await overflowX(phone.page)) <= 0, 'the Brand page fits 375 px');
  await shot(phone.page, '62-brand-page-phone-ar');
  await phone.context.close();

  // Before sign-in, on the brand's own (verified) domain, the sign-in page is the brand's.
  const port = new URL(baseUrl).port;
  sql(`insert into custom_domains (id, tenant_id, domain, token, status, verified_at)
       values (gen_random_uuid(), '${session.tenant.id}', '${HOST}', 't', 'active', now())`);
  const visitor = await newPage();
  // Another node's cache may still hold the old answer for up to a minute; this one was never asked for the host.
  await visitor.page.goto(`http://${HOST}:${port}/login`);
  await expectVisible(visitor.page.getByText('Every customer, one inbox'), 'the brand’s sign-in heading');
  await expectVisible(visitor.page.getByText('Powered by Parley'), 'powered by shows');
  await expectVisible(visitor.page.getByRole('link', { name: 'Terms' }), 'the terms link');
  assert.equal(await visitor.page.title(), 'Northwind CRM');
  await shot(visitor.page, '63-brand-login-on-domain');
  await visitor.context.close();

  // The platform's own host stays Parley's.
  const plain = await newPage();
  await plain.page.goto(`${baseUrl}/login`);
  await plain.page.waitForFunction(() => document.title === 'Parley');
  await plain.context.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

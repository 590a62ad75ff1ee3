// Branded mail in the browser: an owner opens Settings > Mail, sees the sender and every mail, edits the invitation
// with a placeholder chip while the preview (a sandboxed frame, styled under the app's CSP) follows the unsaved
// text in the brand's colour, saves, sends a test that reaches the dev mailbox with the brand's name as sender, and
// reads the Arabic editor right to left at phone width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, shot, signIn, until, useStack } from './harness.mjs';

useStack();

const PASSWORD = 'correct-horse-9';
const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 48"><rect width="44" height="44" x="2" y="2" rx="10" fill="#0f766e"/>' +
  '<text x="56" y="33" font-family="sans-serif" font-size="26" font-weight="700" fill="#0f172a">Northwind</text></svg>';

test('an owner edits a mail with a live preview, sends a test, and reads the Arabic editor on a phone', async () => {
  const email = `mail-${Date.now()}@example.com`;
  const reg = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ businessName: 'Northwind', name: 'Nora', email, password: PASSWORD }),
  });
  assert.equal(reg.status, 201);
  const { accessToken } = await reg.json();
  const brand = await api(accessToken, 'PUT', '/settings/brand', {
    productName: 'Northwind CRM',
    primaryColor: '#0f766e',
    supportEmail: 'help@northwind.test',
    termsUrl: 'https://northwind.test/terms',
    poweredBy: true,
  });
  assert.equal(brand.status, 200, JSON.stringify(brand.body));
  const form = new FormData();
  form.append('file', new Blob([logo], { type: 'image/svg+xml' }), 'logo.svg');
  const up = await fetch(`${baseUrl}/api/v1/settings/brand/assets/logo_light`, { method: 'PUT', headers: { Authorization: `Bearer ${accessToken}` }, body: form });
  assert.equal(up.status, 200);
  const sender = await api(accessToken, 'PUT', '/settings/mail/sender', { fromName: 'Northwind Support', fromAddress: 'hello@northwind.test' });
  assert.equal(sender.status, 200, JSON.stringify(sender.body));

  const { context, page } = await newPage(DESKTOP);
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/app/);
  await page.getByRole('link', { name: 'Mail', exact: true }).first().click();
  await expectVisible(page.getByTestId('mail-templates'), 'Settings > Mail lists the mails');
  assert.equal(await page.getByTestId('mail-sender').getAttribute('data-status'), 'pending');
  assert.equal(await page.getByTestId('mail-sender-record').count(), 3, 'the verification, SPF and DKIM records');
  await shot(page, '70-mail-page');

  await page.getByTestId('edit-invitation-en').click();
  await expectVisible(page.getByTestId('mail-subject'), 'the editor opens');
  await expectVisible(page.getByTestId('mail-preview-frame'), 'the preview shows');
  const subject = page.getByTestId('mail-subject');
  await subject.fill('You are invited to ');
  await page.getByTestId('placeholder-workspace').click();
  assert.equal(await subject.inputValue(), 'You are invited to {{workspace}}', 'the chip goes where the cursor was');
  await until(() => page.getByTestId('mail-preview-subject').textContent(), (s) => s === 'You are invited to Acme Store', 'the preview follows the unsaved subject');
  const frame = page.frameLocator('[data-testid="mail-preview-frame"]');
  await until(
    () => frame.locator('h1').evaluate((el) => getComputedStyle(el).color).catch(() => ''),
    (c) => c === 'rgb(15, 118, 110)',
    "the preview's heading takes the brand's colour (styles applied through the CSSOM, under the app's CSP)",
  );
  assert.equal(await frame.locator('img').getAttribute('alt'), 'Northwind CRM');
  assert.ok(await frame.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo loads in the preview');
  assert.match(await page.getByTestId('mail-preview-from').textContent(), /Northwind Support/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, '71-mail-editor');

  await page.getByTestId('mail-save').click();
  await expectVisible(page.getByText('Mails in this language use your own text.'), 'saved');
  const before = Date.now();
  await page.getByTestId('mail-send-test').click();
  await expectVisible(page.getByText(`A test was sent to ${email}.`), 'the test went to the owner');
  const test = await until(
    async () => (await (await fetch(`${baseUrl}/api/v1/dev/mailbox`)).json()).find((m) => m.to === email && m.subject.startsWith('[Test]') && Date.parse(m.createdAt) >= before - 1000),
    Boolean,
    'the test mail in the dev mailbox',
  );
  assert.equal(test.subject, '[Test] You are invited to Acme Store');
  assert.match(test.from, /^"Northwind Support" </, 'unverified: the brand name on our address');
  await context.close();

  // Arabic, at phone width: the editor reads right to left and nothing scrolls sideways.
  const phone = await newPage(PHONE);
  await signIn(phone.page, email, PASSWORD);
  await phone.page.waitForURL(/\/app/);
  await phone.page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
  await phone.page.goto(`${baseUrl}/app/mail/invitation/ar`);
  await expectVisible(phone.page.getByTestId('mail-preview-frame'), 'the Arabic editor and its preview');
  assert.equal(await phone.page.getByTestId('mail-subject').getAttribute('dir'), 'rtl');
  assert.equal(await phone.page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await overflowX(phone.page), 0, 'the editor fits a phone');
  await shot(phone.page, '72-mail-editor-ar-phone');
  await phone.page.goto(`${baseUrl}/app/mail`);
  await expectVisible(phone.page.getByTestId('mail-templates'), 'the Arabic Mail page');
  assert.equal(await overflowX(phone.page), 0, 'the Mail page fits a phone');
  await shot(phone.page, '73-mail-page-ar-phone');
  await phone.context.close();
});

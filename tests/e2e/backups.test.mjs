// Browser end-to-end test of the platform admin's Backups page on the demo (`parley serve --demo` makes a backup at
// start and checks it by restoring it into a scratch database): the last verified restore is at the top with its
// checks, the backup downloads as a tar, "Back up now" adds one that turns done by itself, and the page fits a phone
// in Arabic. Screenshots in screenshots/. Run: `npm run build` in web/, then `node --test backups.test.mjs` here.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO_PASSWORD, DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, until, useStack } from './harness.mjs';

const BACKUPS = mkdtempSync(path.join(tmpdir(), 'parley-e2e-backups-'));
useStack({ demo: true, env: { PARLEY_BACKUP__DIR: BACKUPS } });

// crates/services/src/platform/seed.rs: DEMO_ADMIN.
const ADMIN = 'admin@demo.parley.local';

async function adminToken() {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, 'the admin signs in through the API');
  const body = await res.json();
  const code = (await (await fetch(`${baseUrl}/api/v1/auth/2fa/demo-code`)).json()).code;
  const second = await fetch(`${baseUrl}/api/v1/auth/login/2fa`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ challenge: body.challenge, code }),
  });
  assert.equal(second.status, 200, 'the admin completes the sign-in with the demo code');
  return (await second.json()).accessToken;
}

async function signInAdmin(page) {
  await signIn(page, ADMIN);
  await expectVisible(page.getByTestId('demo-code-fill'), 'the demo hint gives the admin\'s code');
  await page.getByTestId('demo-code-fill').click();
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL('**/admin');
}

test('backups: the demo backup is verified and downloads, Back up now finishes, the page fits a phone in Arabic', async (t) => {
  const token = await adminToken();
  // The demo makes and checks its backup in the background after start.
  const listed = await until(
    () => api(token, 'GET', '/admin/backups'),
    (r) => r.status === 200 && r.body.lastVerified?.verifyOk === true,
    'the demo backup is made and verified',
    90_000,
  );
  const demo = listed.body.lastVerified;
  assert.equal(demo.status, 'done');
  assert.deepEqual(demo.verifyChecks.map((c) => [c.name, c.ok]), [['migrations', true], ['counts', true], ['sample_read', true]]);
  assert.ok(demo.counts.contacts > 0, 'the demo backup holds the demo contacts');

  const { context, page } = await newPage(DESKTOP);
  await signInAdmin(page);
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.waitForURL('**/admin/backups');
  await expectVisible(page.getByTestId('backups-page'), 'the Backups page opens');

  await t.test('the last verified restore is at the top with its checks', async () => {
    const top = page.getByTestId('last-verified');
    await expectVisible(top.locator('[data-check="counts"][data-ok="true"]'), 'the counts check passed');
    assert.match(await top.textContent(), /restored and checked/);
    const row = page.locator(`[data-testid="backup"][data-id="${demo.id}"]`);
    assert.equal(await row.getAttribute('data-status'), 'done');
    assert.equal(await row.getAttribute('data-verified'), 'true');
    assert.match(await page.getByTestId('backup-settings').textContent(), new RegExp(BACKUPS.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')));
    await shot(page, 'backups-desktop');
  });

  await t.test('Download gives the backup as a tar', async () => {
    const row = page.locator(`[data-testid="backup"][data-id="${demo.id}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-backup').click()]);
    assert.match(download.suggestedFilename(), /\.tar$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(257, 262).toString(), 'ustar', 'a tar archive');
    const text = bytes.toString('latin1');
    for (const f of ['manifest.json', 'database.dump', 'media.tar']) assert.ok(text.includes(`${demo.id}/${f}`), `${f} is in it`);
  });

  await t.test('Back up now adds a backup that turns done by itself', async () => {
    const before = await page.getByTestId('backup').count();
    await page.getByTestId('backup-now').click();
    await until(() => page.getByTestId('backup').count(), (n) => n === before + 1, 'the new backup is listed');
    const fresh = page.getByTestId('backup').first();
    await expectVisible(fresh.locator('xpath=self::*[@data-status="done"]'), 'the new backup finishes without a reload');
    const after = await api(token, 'GET', '/admin/backups');
    assert.equal(after.body.items[0].status, 'done');
    assert.ok(after.body.items[0].sizeBytes > 1000);
  });

  await t.test('Verify checks the new backup', async () => {
    const fresh = page.getByTestId('backup').first();
    await fresh.getByTestId('verify-backup').click();
    await expectVisible(fresh.locator('xpath=self::*[@data-verified="true"]'), 'the new backup is verified');
  });
  await context.close();

  await t.test('in Arabic at phone width the page fits and reads right to left', async () => {
    const { context: phone, page: p } = await newPage(PHONE);
    await signInAdmin(p);
    await p.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await p.goto(`${baseUrl}/admin/backups`);
    await expectVisible(p.getByTestId('backups-page'), 'the page opens in Arabic');
    assert.equal(await p.evaluate(() => document.documentElement.dir), 'rtl');
    assert.match(await p.getByTestId('backups-page').textContent(), /النسخ الاحتياطية/);
    assert.equal(await overflowX(p), 0, 'nothing scrolls sideways at phone width');
    await shot(p, 'backups-phone-ar');
    await phone.close();
  });

  assert.deepEqual(pageErrors, []);
});

// Operations in the browser (docs/upgrade.md), on the demo: the platform admin's System page shows the health report
// (real checks: the demo's database, Redis, dev mailbox, local storage and Stripe simulator) with the running version,
// and turns maintenance mode on with a message; a tenant user then sees the banner and their writes answer 503,
// while reads and sign-in work; turned off, the banner goes. The page fits a phone in Arabic.
// Run: `npm run build` in web/, then `node --test operations.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, until, useStack } from './harness.mjs';

useStack({ demo: true });

// crates/services/src/platform/seed.rs: DEMO_OWNER and DEMO_ADMIN.
const OWNER = 'owner@demo.parley.local';
const ADMIN = 'admin@demo.parley.local';
const MESSAGE = 'Upgrading to the next version, back in ten minutes.';

async function ownerToken() {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, 'the owner signs in through the API (also during maintenance)');
  return (await res.json()).accessToken;
}

async function adminSignIn(page) {
  await signIn(page, ADMIN);
  await expectVisible(page.getByTestId('demo-code-hint'), "the demo hint gives the admin's code");
  await page.getByTestId('demo-code-fill').click();
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/admin/);
}

test('the admin reads the health report and turns maintenance on; a tenant user sees the banner and cannot write', async () => {
  const { context: adminContext, page: admin } = await newPage();
  await adminSignIn(admin);
  await admin.getByRole('link', { name: 'System health' }).first().click();
  await expectVisible(admin.getByTestId('system-health-page'), 'the System page opens');
  await expectVisible(admin.getByTestId('health-check-database'), 'the checks are listed');
  for (const name of ['database', 'migrations', 'redis', 'smtp', 'storage', 'whatsapp', 'stripe', 'disk', 'queues', 'clock', 'version', 'build']) {
    assert.equal(await admin.getByTestId(`health-check-${name}`).count(), 1, `the ${name} check is shown`);
  }
  for (const name of ['database', 'migrations', 'redis', 'storage', 'stripe']) {
    assert.equal(await admin.getByTestId(`health-check-${name}`).getAttribute('data-status'), 'ok', `${name} is ok on the demo`);
  }
  assert.match(await admin.getByTestId('health-check-stripe').textContent(), /simulator/, 'the demo checks its Stripe simulator');
  assert.match(await admin.getByTestId('running-version').first().textContent(), /^Parley \d+\.\d+\.\d+/, 'the running version is shown');
  await admin.getByTestId('health-rerun').click();
  await expectVisible(admin.getByTestId('health-check-database'), 'the checks are listed again after a re-run');
  await shot(admin, '90-system-health');

  // Maintenance on, with a message.
  await admin.getByTestId('maintenance-message').fill(MESSAGE);
  await admin.getByTestId('maintenance-on').click();
  await until(() => admin.getByTestId('maintenance-switch').getAttribute('aria-checked'), (v) => v === 'true', 'the switch shows maintenance on');
  await shot(admin, '91-maintenance-on');

  // A tenant user: sign-in works, the banner shows the message, reads work, a write answers 503.
  const { context: ownerContext, page: owner } = await newPage();
  await signIn(owner, OWNER);
  await owner.waitForURL(/\/app/);
  await expectVisible(owner.getByTestId('maintenance-banner'), 'the owner sees the maintenance banner');
  assert.match(await owner.getByTestId('maintenance-banner').textContent(), new RegExp(MESSAGE.replace(/\./g, '\\.')));
  await shot(owner, '92-maintenance-banner');
  const token = await ownerToken();
  assert.equal((await api(token, 'GET', '/contacts')).status, 200, 'reads keep working');
  const write = await api(token, 'POST', '/contacts', { phone: '+14155550177', name: 'Maintenance test' });
  assert.equal(write.status, 503);
  assert.equal(write.body.error, 'maintenance');
  assert.equal(write.body.message, MESSAGE);

  // The System page at phone width, in Arabic.
  const { context: phoneContext, page: phone } = await newPage(PHONE);
  await adminSignIn(phone);
  await phone.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
  await phone.goto(`${baseUrl}/admin/system`);
  await expectVisible(phone.getByTestId('system-health-page'), 'the System page opens at phone width');
  await expectVisible(phone.getByTestId('health-check-database'), 'the checks are listed at phone width');
  assert.equal(await phone.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await overflowX(phone), 0, 'the page fits a phone');
  await shot(phone, '93-system-health-phone-ar');
  await phoneContext.close();

  // Off: the banner goes (the app polls the config; a reload reads it at once) and writes work again.
  await admin.getByTestId('maintenance-switch').click();
  await until(() => admin.getByTestId('maintenance-switch').getAttribute('aria-checked'), (v) => v === 'false', 'the switch shows maintenance off');
  await owner.reload();
  await expectVisible(owner.getByTestId('header-title'), 'the app is back');
  await owner.waitForLoadState('networkidle');
  assert.equal(await owner.getByTestId('maintenance-banner').count(), 0, 'no banner once maintenance is off');
  const created = await api(token, 'POST', '/contacts', { phone: '+14155550177', name: 'Maintenance test' });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  await adminContext.close();
  await ownerContext.close();
  assert.deepEqual(pageErrors, [], 'no errors in any page');
});

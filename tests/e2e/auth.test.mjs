// Browser end-to-end test of sign-up, sign-in, invitations, language and password reset; two-factor sign-in (enrol on
// the Security page, sign in with a code and with a recovery code, a remembered device, enrolment a workspace requires)
// and the sessions list.
// It starts the real `parley serve` on a fresh database and drives Chromium through the built web app
// (web/dist, served by the binary). Run: `npm run build` in web/, then `node --test` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  baseUrl,
  browser,
  expectVisible,
  linkFromMail,
  newPage,
  onServer,
  overflowX,
  pageErrors,
  settle,
  shot,
  useStack,
} from './harness.mjs';
import { createHmac, randomBytes } from 'node:crypto';

useStack();

const run = randomBytes(3).toString('hex');
const owner = { business: `Lumen Bakery ${run}`, name: 'Olivia Owner', email: `owner-${run}@example.com`, password: 'purple-owl-harbour-91' };
const agent = { name: 'Adam Agent', email: `agent-${run}@example.com`, password: 'cyan-river-lantern-27', newPassword: 'amber-stone-meadow-64' };

test('sign up, invite an agent, switch to Arabic, reset a password', async (t) => {
  const { context: ownerCtx, page } = await newPage();
  const startedAt = Date.now() - 5_000;

  await t.test('a new business signs up and lands on the owner dashboard', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel('Business name').fill(owner.business);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await shot(page, '01-signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expectVisible(page.getByTestId('layout-user'), 'the owner layout appears after sign-up');
    assert.equal(new URL(page.url()).pathname, '/app');
    await expectVisible(page.getByText(`Welcome, ${owner.name}`), 'the dashboard welcomes the owner by name');
    await expectVisible(page.getByTestId('header-title').getByText(owner.business), 'the header shows the tenant name');
    await expectVisible(page.getByText('Getting started'), 'the getting-started checklist is shown');
    await page.getByTestId('stat-members-value').getByText('1').waitFor();
    await shot(page, '02-owner-dashboard');

    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(stored.every((k) => k === 'parley.locale'), `nothing but the language is kept in localStorage (found ${stored})`);
  });

  await t.test('the dashboard works on a phone, with the sidebar as a drawer', async () => {
    await page.setViewportSize(PHONE);
    await expectVisible(page.getByText(`Welcome, ${owner.name}`), 'the welcome is visible on a phone');
    assert.equal(await page.getByRole('link', { name: 'Team' }).isVisible(), false, 'the sidebar is hidden on a phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page does not scroll sideways at 375px (overflow ${overflow}px)`);
    await shot(page, '03-owner-dashboard-phone');
    await page.getByTestId('open-nav').click();
    await expectVisible(page.getByTestId('nav-drawer').getByRole('link', { name: 'Team' }), 'the drawer shows the navigation');
    await settle(page.getByTestId('nav-drawer'));
    await shot(page, '04-phone-nav-drawer', false);
    await page.getByTestId('nav-drawer').getByRole('link', { name: 'Team' }).click();
    await page.waitForURL('**/app/team');
    await expectVisible(page.getByTestId('members-table'), 'the Team page opens from the drawer');
    assert.equal(await page.getByTestId('nav-drawer').count(), 0, 'the drawer closes after navigating');
    const teamOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(teamOverflow <= 0, `the Team page (with its wide table) does not scroll sideways at 375px (overflow ${teamOverflow}px)`);
    await page.setViewportSize(DESKTOP);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/app$/);
  });

  await t.test('the owner logs out and logs in again', async () => {
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('logout-button').click();
    await page.waitForURL('**/login');
    await expectVisible(page.getByRole('heading', { name: 'Welcome back' }), 'the login page is shown after logout');
    await expectVisible(page.getByTestId('dev-mailbox-link'), 'the login page links to the dev mailbox when it is on');

    // After logging out, the session must not come back on reload.
    await page.reload();
    await expectVisible(page.getByRole('heading', { name: 'Welcome back' }), 'still logged out after a reload');

    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await shot(page, '05-login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByTestId('layout-user'), 'the owner layout appears after login');
    assert.equal(new URL(page.url()).pathname, '/app');

    // The session survives a reload (restored from the refresh cookie).
    await page.reload();
    await expectVisible(page.getByTestId('layout-user'), 'the session is restored after a reload');
  });

  let acceptUrlShown;
  await t.test('the owner invites an agent from the Team page', async () => {
    await page.getByRole('link', { name: 'Team' }).click();
    await page.waitForURL('**/app/team');
    await expectVisible(page.getByRole('heading', { name: 'Team', level: 1 }), 'the Team page opens');
    await expectVisible(page.getByTestId('members-table').getByText(owner.email), 'the owner is listed as a member');
    await shot(page, '06-team');

    await page.getByTestId('invite-member').click();
    const modal = page.getByTestId('invite-modal');
    await expectVisible(modal, 'the invite dialog opens');
    const roles = await modal.locator('select#invite-role option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(roles.sort(), ['agent', 'manager'], 'an owner may invite agents and managers');
    await modal.getByLabel('Email').fill(agent.email);
    await modal.locator('select#invite-role').selectOption('agent');
    await modal.getByTestId('send-invite').click();

    const sent = page.getByTestId('invite-sent-modal');
    await expectVisible(sent, 'the dialog confirms the invitation');
    acceptUrlShown = await sent.getByTestId('accept-url').inputValue();
    assert.match(acceptUrlShown, /\/invite\/[^/\s]+$/, 'the accept URL is shown with a copy button');
    await expectVisible(sent.getByRole('button', { name: 'Copy' }), 'the accept URL has a copy button');
    await shot(page, '07-invite-sent');
    await sent.getByRole('button', { name: 'Done' }).click();
    await expectVisible(page.getByTestId('invitations-table').getByText(agent.email), 'the invitation is listed as pending');
  });

  let inviteLink;
  await t.test('the invitation mail is in the dev mailbox', async () => {
    const { mail, link } = await linkFromMail(agent.email, '/invite/', { after: startedAt });
    inviteLink = link;
    assert.equal(new URL(link).pathname, new URL(acceptUrlShown).pathname, 'the mailed link is the accept URL shown in the app');

    const { page: mailPage, context } = await newPage();
    await mailPage.goto(`${baseUrl}/dev/mailbox`);
    await expectVisible(mailPage.getByRole('heading', { name: 'Dev mailbox' }), 'the dev mailbox page opens');
    await expectVisible(mailPage.getByText(mail.subject), 'the dev mailbox page lists the invitation mail');
    await expectVisible(mailPage.locator(`a[href="${link}"]`), 'the link in the mail is clickable');
    await shot(mailPage, '08-dev-mailbox');
    await context.close();
  });

  const { context: agentCtx, page: agentPage } = await newPage();
  await t.test('the agent accepts the invitation in a new browser and lands in the agent workspace', async () => {
    await agentPage.goto(onServer(inviteLink));
    await expectVisible(agentPage.getByTestId('invitation-tenant').getByText(owner.business), 'the invitation shows the tenant name');
    await expectVisible(agentPage.getByTestId('invitation-preview').getByText(agent.email), 'the invitation shows the email');
    await expectVisible(agentPage.getByTestId('invitation-preview').getByText('Agent'), 'the invitation shows the role');
    await agentPage.getByLabel('Your name').fill(agent.name);
    await agentPage.getByLabel('Choose a password').fill(agent.password);
    await shot(agentPage, '09-accept-invitation');
    await agentPage.getByRole('button', { name: 'Accept invitation' }).click();

    await expectVisible(agentPage.getByTestId('layout-agent'), 'the agent layout appears after accepting');
    assert.equal(new URL(agentPage.url()).pathname, '/agent');
    await expectVisible(agentPage.getByRole('heading', { name: 'Your workspace' }), 'the agent dashboard is shown');
    await expectVisible(agentPage.getByTestId('agent-tenant').getByText(owner.business), 'the agent sees their tenant');
    await expectVisible(agentPage.getByTestId('agent-role').getByText('Agent'), 'the agent sees their role');
    assert.equal(await agentPage.getByRole('link', { name: 'Team' }).count(), 0, 'agents have no Team page');
    await shot(agentPage, '10-agent-dashboard');
  });

  await t.test('the agent switches to Arabic and the layout turns right-to-left', async () => {
    await agentPage.getByTestId('language-switcher').selectOption('ar');
    await agentPage.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await agentPage.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await agentPage.evaluate(() => document.documentElement.lang), 'ar');
    await expectVisible(agentPage.getByRole('heading', { name: 'مساحة عملك' }), 'the dashboard is in Arabic');
    // Mirrored: the sidebar sits on the right.
    const sidebar = await agentPage.locator('aside').first().boundingBox();
    assert.ok(sidebar && sidebar.x > DESKTOP.width / 2, `the sidebar is on the right in Arabic (x=${sidebar?.x})`);
    await shot(agentPage, '11-agent-dashboard-ar');

    await agentPage.reload();
    await expectVisible(agentPage.getByTestId('layout-agent'), 'the agent stays signed in after a reload');
    assert.equal(await agentPage.evaluate(() => document.documentElement.dir), 'rtl', 'the language choice is remembered');
  });
  await agentCtx.close();

  await t.test('the owner sees the agent in the team', async () => {
    await page.reload();
    await expectVisible(page.getByTestId('members-table').getByText(agent.email), 'the agent is now a member');
    assert.equal(await page.getByTestId('invitations-table').getByText(agent.email).count(), 0, 'the invitation is no longer pending');
  });
  await ownerCtx.close();

  await t.test('the agent resets a forgotten password and signs in with the new one', async () => {
    const { context, page: p } = await newPage();
    const askedAt = Date.now() - 2_000;
    await p.goto(`${baseUrl}/login`);
    await p.getByRole('link', { name: 'Forgot password?' }).click();
    await p.waitForURL('**/forgot-password');
    await p.getByLabel('Email').fill(agent.email);
    await p.getByRole('button', { name: 'Send reset link' }).click();
    await expectVisible(p.getByText('Check your inbox'), 'the page confirms the reset mail');
    await shot(p, '12-forgot-password-sent');

    const { link } = await linkFromMail(agent.email, '/reset-password', { after: askedAt });
    assert.match(link, /\/reset-password\?token=/);
    await p.goto(onServer(link));
    await p.getByLabel('New password').fill(agent.newPassword);
    await p.getByLabel('Confirm password').fill(agent.newPassword);
    await shot(p, '13-reset-password');
    await p.getByRole('button', { name: 'Set new password' }).click();
    await p.waitForURL('**/login');
    await expectVisible(p.getByText('Your password has been changed.'), 'the login page confirms the new password');

    await p.getByLabel('Email').fill(agent.email);
    await p.getByLabel('Password', { exact: true }).fill(agent.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(p.getByText('The email or password is incorrect.'), 'the old password no longer works');
    assert.equal(new URL(p.url()).pathname, '/login');

    await p.getByLabel('Password', { exact: true }).fill(agent.newPassword);
    await shot(p, '14-login-after-reset');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(p.getByTestId('layout-agent'), 'the agent signs in with the new password');
    // This browser never picked a language: the one saved in the profile (Arabic, via PATCH /auth/me) applies.
    await p.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: 10_000 }).catch(() => {
      throw new Error('the Arabic saved in the profile was not applied after sign-in');
    });
    await expectVisible(p.getByRole('heading', { name: 'مساحة عملك' }), 'the agent dashboard is in Arabic');
    await shot(p, '15-agent-after-reset-ar');
    await context.close();
  });

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

/** RFC 4648 base32 (the authenticator key the Security page shows) to bytes. */
function base32decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    assert.ok(i >= 0, `"${c}" is base32`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The authenticator app: RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s). A code is good once, so each call answers the
 * code of a step after the last one used (the server accepts one step ahead), waiting when it would be further. */
function authenticator(secret) {
  const key = base32decode(secret);
  let last = -1;
  const at = (step) => {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(step));
    const h = createHmac('sha1', key).update(msg).digest();
    const o = h[h.length - 1] & 0xf;
    return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
  };
  return {
    async next() {
      for (;;) {
        const now = Math.floor(Date.now() / 30_000);
        const step = Math.max(now, last + 1);
        if (step <= now + 1) {
          last = step;
          return at(step);
        }
        await new Promise((r) => setTimeout(r, 2_000));
      }
    },
  };
}

async function apiCall(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function logOut(page) {
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('logout-button').click();
  await page.waitForURL('**/login');
}

async function submitPassword(page, email, password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Enrols on an enrolment form (the Security page's or the enrolment page's): reads the key from the page, types a code,
 * checks the ten recovery codes and their download, and answers the codes and the authenticator. */
async function enrolOnPage(page) {
  const form = page.getByTestId('two-factor-enrol');
  await expectVisible(form, 'the set-up shows the QR code and the key');
  const qrLoaded = await page.getByTestId('two-factor-qr').evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(qrLoaded, 'the QR code image renders (a data: SVG, allowed by the CSP)');
  const secret = (await page.getByTestId('two-factor-secret').textContent()).replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/, `the key is base32 (${secret})`);
  const app = authenticator(secret);
  await page.getByLabel('Code from the app').fill(await app.next());
  await page.getByTestId('two-factor-enable').click();
  await expectVisible(page.getByTestId('recovery-codes'), 'the recovery codes are shown once');
  const codes = await page.getByTestId('recovery-code').allTextContents();
  assert.equal(codes.length, 10, 'ten recovery codes');
  assert.equal(new Set(codes).size, 10, 'all different');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recovery-codes-download').click()]);
  assert.equal(download.suggestedFilename(), 'parley-recovery-codes.txt');
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(await download.path(), 'utf8');
  for (const c of codes) assert.ok(text.includes(c), `the downloaded file holds ${c}`);
  return { app, codes };
}

test('two-factor sign-in: enrol on the Security page, sign in with a code and a recovery code; sessions', async (t) => {
  const person = { business: `Cedar Print ${run}`, name: 'Tara Twofactor', email: `tara-${run}@example.com`, password: 'slate-orchid-meadow-38' };
  const registered = await apiCall(null, 'POST', '/auth/register', { businessName: person.business, name: person.name, email: person.email, password: person.password });
  assert.equal(registered.status, 201, `registered (${JSON.stringify(registered.body)})`);
  // Two more sessions elsewhere (the API), to end from the page.
  for (let i = 0; i < 2; i += 1) {
    const other = await apiCall(null, 'POST', '/auth/login', { email: person.email, password: person.password });
    assert.equal(other.status, 200);
  }

  const { context, page } = await newPage();
  let app;
  let codes;

  await t.test('the sessions list shows this device and ends other sessions', async () => {
    await page.goto(`${baseUrl}/login`);
    await submitPassword(page, person.email, person.password);
    await page.waitForURL('**/app');
    await page.getByRole('link', { name: 'Security' }).first().click();
    await page.waitForURL('**/app/security');
    const rows = page.getByTestId('session-row');
    await expectVisible(rows.filter({ hasText: 'This device' }), 'this browser is marked');
    assert.ok((await rows.count()) >= 3, `this browser and the two API sessions are listed (${await rows.count()})`);
    const before = await rows.count();
    await rows.filter({ hasNot: page.getByText('This device') }).first().getByTestId('end-session').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="session-row"]').length === n - 1, before);
    await page.getByTestId('end-other-sessions').click();
    await page.getByTestId('confirm-button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 1);
    await expectVisible(rows.filter({ hasText: 'This device' }), 'only this browser is left');
    await shot(page, '20-security-sessions');
  });

  await t.test('the person enrols two-factor sign-in and saves the recovery codes', async () => {
    await page.getByTestId('two-factor-start').click();
    ({ app, codes } = await enrolOnPage(page));
    await shot(page, '21-recovery-codes');
    await page.getByTestId('recovery-codes-done').click();
    await expectVisible(page.getByTestId('two-factor-card').getByText('On', { exact: true }), 'two-factor shows as on');
    await expectVisible(page.getByTestId('recovery-codes-left').getByText('Unused recovery codes: 10'), 'ten codes left');
  });

  await t.test('signing in asks for a code: a wrong one is refused, the app\'s works', async () => {
    await logOut(page);
    await submitPassword(page, person.email, person.password);
    const code = page.getByLabel('Authentication code');
    await expectVisible(code, 'the second step asks for a code');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectVisible(page.getByText('That code is not right.'), 'a wrong code is refused with our sentence');
    await code.fill(await app.next());
    await shot(page, '22-login-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/app');
    await expectVisible(page.getByTestId('layout-user'), 'signed in with the code');
  });

  await t.test('a recovery code signs in once and the device can be remembered', async () => {
    await logOut(page);
    await submitPassword(page, person.email, person.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByLabel('Remember this device for 30 days').check();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/app');

    await page.goto(`${baseUrl}/settings/security`);
    await page.waitForURL('**/app/security');
    await expectVisible(page.getByTestId('recovery-codes-left').getByText('Unused recovery codes: 9'), 'the used code is gone');
    await expectVisible(page.getByTestId('device-row'), 'this browser is remembered');

    // A remembered browser skips the code.
    await logOut(page);
    await submitPassword(page, person.email, person.password);
    await page.waitForURL('**/app');

    await page.goto(`${baseUrl}/app/security`);
    await page.getByTestId('forget-device').click();
    await page.getByTestId('devices-card').waitFor({ state: 'detached' });
    await logOut(page);
    await submitPassword(page, person.email, person.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectVisible(page.getByText('That recovery code is not valid or was already used.'), 'a recovery code works once');
    await page.getByLabel('Recovery code').fill(codes[1]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/app');
  });

  await t.test('the Security page works at phone width in Arabic', async () => {
    await page.setViewportSize(PHONE);
    await page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await page.goto(`${baseUrl}/app/security`);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(page.getByRole('heading', { name: 'الأمان', exact: true }), 'the page is in Arabic');
    await expectVisible(page.getByTestId('session-row').first(), 'the sessions are listed');
    assert.ok((await overflowX(page)) <= 0, 'no sideways scrolling at 375 px');
    await shot(page, '23-security-ar-phone');
    await page.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  });
  await context.close();

  await t.test('a workspace that requires two-factor keeps its member on the enrolment page until they set it up', async () => {
    const owner2 = { business: `Birch Tiles ${run}`, name: 'Rami Required', email: `rami-${run}@example.com`, password: 'teal-comet-orchard-75' };
    const reg = await apiCall(null, 'POST', '/auth/register', { businessName: owner2.business, name: owner2.name, email: owner2.email, password: owner2.password });
    assert.equal(reg.status, 201);
    const policy = await apiCall(reg.body.accessToken, 'PUT', '/auth/2fa/policy', { requireTwoFactor: true });
    assert.equal(policy.status, 200, JSON.stringify(policy.body));

    const { context: ctx, page: p } = await newPage(PHONE);
    await p.goto(`${baseUrl}/login`);
    await submitPassword(p, owner2.email, owner2.password);
    await p.waitForURL('**/two-factor/setup');
    await expectVisible(p.getByText(`${owner2.business} requires two-factor sign-in for all its members.`), 'the page says why');
    await p.goto(`${baseUrl}/app/contacts`);
    await p.waitForURL('**/two-factor/setup');
    assert.ok((await overflowX(p)) <= 0, 'the enrolment page fits a phone');
    await shot(p, '24-enrolment-required');
    await enrolOnPage(p);
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.waitForURL('**/app');
    await expectVisible(p.getByTestId('layout-user'), 'after enrolling, the workspace opens');
    await p.goto(`${baseUrl}/app/security`);
    await expectVisible(p.getByTestId('require-two-factor'), 'the owner sees the workspace switch');
    assert.equal(await p.getByTestId('require-two-factor').getAttribute('aria-checked'), 'true');
    await ctx.close();
  });

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

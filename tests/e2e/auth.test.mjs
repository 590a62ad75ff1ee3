// Browser end-to-end test of sign-up, sign-in, invitations, language and password reset.
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
  pageErrors,
  settle,
  shot,
  useStack,
} from './harness.mjs';
import { randomBytes } from 'node:crypto';

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
    await agentPage.getByTestId('language-switcher').getByRole('button', { name: 'العربية' }).click();
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

// Browser end-to-end test of billing (contract: docs/billing.md) on the demo (`parley serve --demo`, which runs the
// Stripe simulator in-process at /stripe-sim): a new business signs up into the default plan's trial (Starter),
// reaches its team members limit (the Team page locks the invite button and names Growth; the API answers 402), pays for Growth on the
// simulator's hosted Checkout with 4242 4242 4242 4242, sees the new plan and limits, and after the simulator's clock
// passes the carried-over trial, the paid invoice with its PDF; the invitation refused before now goes through. The
// platform admin creates a plan through the dialog (it reaches the simulator's products) and sees MRR grow by
// exactly Growth's monthly price. Last, the billing page at phone width in Arabic (right to left).
// Run: `npm run build` in web/, then `node --test billing.test.mjs` here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { DESKTOP, PHONE, baseUrl, expectVisible, newPage, pageErrors, shot, sleep, useStack } from './harness.mjs';

useStack({ demo: true });

const DEMO_PASSWORD = 'parley-demo-1';
const ADMIN = 'admin@demo.parley.local';
const SIM_KEY = 'sk_test_x';
const run = randomBytes(3).toString('hex');
const owner = { business: `Harbour Florist ${run}`, name: 'Hana Harbour', email: `owner-${run}@example.com`, password: 'green-fern-harbour-52' };
const invitee = (i) => `agent${i}-${run}@example.com`;
const NEW_PLAN = { name: `Scale ${run}`, monthly: '79', monthlyMinor: 7900, maxAgents: 25 };
const GROWTH = { name: 'Growth', monthlyMinor: 4900, maxAgents: 10 };
const STARTER_AGENTS = 3;

/** The demo platform admin's next usable two-factor code (demo mode only). */
async function demoCode() {
  const res = await fetch(`${baseUrl}/api/v1/auth/2fa/demo-code`);
  assert.equal(res.status, 200, 'GET /auth/2fa/demo-code answers in demo mode');
  const body = await res.json();
  assert.equal(body.email, ADMIN);
  return body.code;
}

/** A JSON call of the API with a bearer token. */
async function api(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/** A call of the Stripe simulator's API (`/stripe-sim/v1/...`) with a test key. */
async function sim(path) {
  const res = await fetch(`${baseUrl}/stripe-sim/v1${path}`, { headers: { Authorization: `Bearer ${SIM_KEY}` } });
  assert.equal(res.status, 200, `GET /stripe-sim/v1${path} answers 200`);
  return res.json();
}

/** An amount as the billing pages write it in English (`$49`, `$180.50`; see web/src/features/billing/money.ts). */
function usd(minor) {
  const whole = minor % 100 === 0;
  return new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(minor / 100);
}

const usdMrr = (overview) => overview.mrr.find((m) => m.currency === 'usd')?.amount ?? 0;

async function noSidewaysScroll(page, what, size = PHONE) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} does not scroll sideways at ${size.width}px (overflow ${overflow}px)`);
}

/** The text of the usage meter `key` on the billing page ("3 of 10"). */
const meterText = (page, key) => page.locator(`[data-testid="usage-meter"][data-key="${key}"] [role="progressbar"]`).getAttribute('aria-valuetext');

/** Waits until the usage meter `key` reads `want` (the overview may be read again after the page shows). */
async function waitForMeter(page, key, want, what) {
  await page
    .waitForFunction(
      ([k, w]) => document.querySelector(`[data-testid="usage-meter"][data-key="${k}"] [role="progressbar"]`)?.getAttribute('aria-valuetext') === w,
      [key, want],
    )
    .catch(async () => {
      throw new Error(`${what}: the ${key} meter reads "${want}"; it reads "${await meterText(page, key).catch(() => '(none)')}"`);
    });
}

/** Invites `email` as an agent from the open Team page; resolves with the POST /invitations answer. */
async function invite(page, email) {
  await page.getByTestId('invite-member').click();
  const modal = page.getByTestId('invite-modal');
  await expectVisible(modal, 'the invite dialog opens');
  await modal.getByLabel('Email').fill(email);
  await modal.locator('select#invite-role').selectOption('agent');
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/invitations' && r.request().method() === 'POST'),
    modal.getByTestId('send-invite').click(),
  ]);
  return res;
}

test('a business trials, hits a limit, upgrades through Checkout, and the admin sees it', async (t) => {
  let n = 0;
  let broken = null;
  let page;
  /** A subtest that keeps a screenshot when it fails; the steps after a failed one are skipped (they build on it). */
  const step = (name, fn) =>
    t.test(name, { skip: broken ? `"${broken}" failed` : false }, async () => {
      n += 1;
      try {
        await fn();
      } catch (e) {
        broken = name;
        const failed = `billing-failed-${n}`;
        if (page) await shot(page, failed, false).catch(() => undefined);
        e.message += `\n(at ${page?.url()}; screenshot ${failed}.png; page errors: ${JSON.stringify(pageErrors)})`;
        throw e;
      }
    });

  const login = await api(null, 'POST', '/auth/login', { email: ADMIN, password: DEMO_PASSWORD });
  assert.equal(login.status, 200, 'the demo platform admin signs in through the API');
  assert.equal(login.body.twoFactorRequired, true, 'a platform admin always needs a second factor');
  const second = await api(null, 'POST', '/auth/login/2fa', { challenge: login.body.challenge, code: await demoCode() });
  assert.equal(second.status, 200, `the demo admin's code completes the sign-in (${JSON.stringify(second.body)})`);
  const adminToken = second.body.accessToken;
  const before = await api(adminToken, 'GET', '/admin/billing');
  assert.equal(before.status, 200, `GET /admin/billing answers the admin (${JSON.stringify(before.body)})`);
  const mrrBefore = usdMrr(before.body);

  const owned = await newPage();
  page = owned.page;
  let growthId;
  let refusedEmail;

  await step('a new business signs up into the trial of the default plan', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByLabel('Business name').fill(owner.business);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectVisible(page.getByTestId('layout-user'), 'the owner lands in the workspace after sign-up');

    const banner = page.locator('[data-testid="billing-banner"][data-kind="trial"]');
    await expectVisible(banner, 'a trial banner shows above the dashboard');
    assert.match(await banner.textContent(), /Your trial ends in 14 days/, 'the banner counts the 14 days of the trial');
    await shot(page, 'billing-01-dashboard-trial', false);

    await banner.getByTestId('billing-banner-link').click();
    await page.waitForURL('**/app/billing');
    await expectVisible(page.getByTestId('current-plan-name').getByText('Starter', { exact: true }), 'the current plan is Starter, the default');
    const current = page.getByTestId('current-plan');
    await expectVisible(current.getByText('Trial', { exact: true }), 'the plan has the Trial badge');
    const state = await page.getByTestId('current-plan-state').textContent();
    assert.match(state, /Your trial ends in 14 days/, `the plan's state says when the trial ends ("${state}")`);
    assert.match(state, /Choose a plan below/, 'a trial without a card is told to choose a plan');
    assert.equal(await meterText(page, 'agents'), `1 of ${STARTER_AGENTS}`, 'the team members meter counts the owner against 3');
    assert.equal(await meterText(page, 'whatsAppNumbers'), '0 of 1', 'one WhatsApp number is allowed');
    assert.equal(await meterText(page, 'contacts'), '0 of 1,000', '1,000 contacts are allowed');
    assert.equal(await page.getByTestId('billing-banner-link').count(), 0, 'the banner does not link to the page it is on');
    await shot(page, 'billing-02-trial');
  });

  await step('at the team members limit the invite button is locked, names Growth, and the API refuses with 402', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Team' }).click();
    await page.waitForURL('**/app/team');
    // The owner plus two pending invitations fill Starter's three seats.
    for (let i = 1; i < STARTER_AGENTS; i++) {
      const res = await invite(page, invitee(i));
      assert.equal(res.status(), 201, `invitation ${i} is accepted (${await res.text()})`);
      const sent = page.getByTestId('invite-sent-modal');
      await expectVisible(sent, 'the dialog confirms the invitation');
      await sent.getByRole('button', { name: 'Done' }).click();
      await expectVisible(page.getByTestId('invitations-table').getByText(invitee(i)), `${invitee(i)} is listed as pending`);
    }

    // The page says so before anyone fills the form: the seats are full, and which plans allow more.
    const notice = page.getByTestId('limit-reached');
    await expectVisible(notice, 'the seats-full notice shows at the limit');
    const text = await notice.textContent();
    assert.match(text, /3 of 3 team members used/, `the notice counts the seats ("${text}")`);
    assert.match(text, /That is all your Starter plan allows\./, 'the notice names the plan');
    assert.match(text, /Growth/, 'the notice names Growth');
    assert.equal(await page.getByTestId('invite-member').isDisabled(), true, 'the invite button is locked');

    // The API still refuses past the limit, naming Growth as the plan that allows it.
    refusedEmail = invitee(STARTER_AGENTS);
    const login = await api(null, 'POST', '/auth/login', { email: owner.email, password: owner.password });
    assert.equal(login.status, 200, 'the owner signs in through the API');
    const res = await api(login.body.accessToken, 'POST', '/invitations', { email: refusedEmail, role: 'agent' });
    assert.equal(res.status, 402, 'the next invitation is refused with 402');
    const err = res.body;
    assert.equal(err.error, 'quota_exceeded', `the refusal is quota_exceeded (${JSON.stringify(err)})`);
    assert.deepEqual(
      { limit: err.details.limit, max: err.details.max, used: err.details.used, plan: err.details.plan, upgradeTo: err.details.upgradeTo?.name },
      { limit: 'agents', max: STARTER_AGENTS, used: STARTER_AGENTS, plan: 'Starter', upgradeTo: GROWTH.name },
      'the refusal names the limit, the usage and Growth as the plan that allows it',
    );
    growthId = err.details.upgradeTo.id;
    await shot(page, 'billing-03-seats-full', false);

    await notice.getByTestId('lock-upgrade').click();
    await page.waitForURL(`**/app/billing?plan=${growthId}`);
    await expectVisible(page.getByTestId('plan-picker'), "the notice's link leads to the plan picker");
    const card = page.locator(`[data-testid="plan-card"][data-plan-id="${growthId}"]`);
    await expectVisible(card, 'the Growth card is there');
    assert.match(await card.getAttribute('class'), /ring-accent/, 'the suggested plan is highlighted');
    await page.waitForFunction(
      (id) => {
        const r = document.querySelector(`[data-testid="plan-card"][data-plan-id="${id}"]`)?.getBoundingClientRect();
        return r && r.top >= 0 && r.bottom <= window.innerHeight + 1;
      },
      growthId,
    );
    await waitForMeter(page, 'agents', `${STARTER_AGENTS} of ${STARTER_AGENTS}`, 'the seats are full (the owner and two pending invitations)');
    await shot(page, 'billing-04-plans-suggested', false);
  });

  await step('Growth is paid on the simulated Checkout and the new limits show', async () => {
    const card = page.locator(`[data-testid="plan-card"][data-plan-id="${growthId}"]`);
    await card.getByTestId('plan-choose').click();
    await page.waitForURL(/\/stripe-sim\/checkout\/[^/]+$/);
    await expectVisible(page.getByRole('heading', { name: `Subscribe to ${GROWTH.name}` }), 'the hosted Checkout page is for Growth');
    const checkout = await page.locator('body').textContent();
    assert.match(checkout, /Free trial until/, "the trial's remainder is carried into the subscription");
    assert.match(checkout, /Due today: \$0\.00/, 'nothing is due today');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await shot(page, 'billing-05-checkout', false);
    await page.getByRole('button', { name: 'Start trial' }).click();

    await page.waitForURL(/\/app\/billing/);
    await expectVisible(page.getByTestId('checkout-success'), 'back from Checkout, the page thanks the owner');
    await expectVisible(page.getByTestId('current-plan-name').getByText(GROWTH.name, { exact: true }), 'the current plan is Growth');
    assert.equal(new URL(page.url()).search, '', 'the checkout query string is gone (a reload does not refresh again)');
    await waitForMeter(page, 'agents', `${STARTER_AGENTS} of ${GROWTH.maxAgents}`, "Growth's team members limit shows");
    assert.equal(await meterText(page, 'contacts'), '0 of 10,000', "Growth's contacts limit shows");
    assert.equal(await meterText(page, 'whatsAppNumbers'), '0 of 2', "Growth's numbers limit shows");
    const state = await page.getByTestId('current-plan-state').textContent();
    assert.match(state, /Your trial ends in 1[34] days/, `the subscription trials until the old trial's end ("${state}")`);
    assert.doesNotMatch(state, /Choose a plan|Add a payment method/, 'with a card, nobody is asked to choose a plan or add a card');
    assert.equal(await page.locator('[data-testid="billing-banner"][data-kind="trial"]').count(), 0, 'no trial banner once a card is on file');
    await expectVisible(page.getByTestId('portal-button'), 'the Customer Portal button shows once the workspace is a customer');
    const growthCard = page.locator(`[data-testid="plan-card"][data-plan-id="${growthId}"]`);
    await expectVisible(growthCard.getByText('Current plan', { exact: true }), 'Growth is marked as the current plan in the picker');
    await expectVisible(page.getByTestId('invoice-table').or(page.getByText('No invoices yet.')), 'the invoices section shows');
    await shot(page, 'billing-06-growth-trialing');
  });

  await step('past the trial, the first invoice is paid and listed with its PDF', async () => {
    const clock = await fetch(`${baseUrl}/stripe-sim/_sim/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seconds: 15 * 86_400 }),
    });
    assert.equal(clock.status, 200, `the simulator's clock moves 15 days (${await clock.text()})`);

    // The webhooks (trial end, invoice paid) are processed by a job: the page is read again until it shows them.
    const paid = page.getByTestId('invoice-row').filter({ has: page.getByText('Paid', { exact: true }) });
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.reload();
      await expectVisible(page.getByTestId('current-plan-name'), 'the billing page loads');
      await page.getByTestId('invoice-table').or(page.getByText('No invoices yet.')).first().waitFor();
      const active = await page.getByTestId('current-plan').getByText('Active', { exact: true }).count();
      if (active > 0 && (await paid.count()) > 0) break;
      if (Date.now() > deadline) {
        throw new Error(`within 30 s of the clock passing the trial, the plan is active and a paid invoice is listed; the page says: ${await page.getByTestId('billing-page').innerText()}`);
      }
      await sleep(500);
    }
    assert.equal(await paid.count(), 1, 'one paid invoice');
    const row = paid.first();
    const number = (await row.locator('td').first().locator('p').first().textContent()).trim();
    assert.match(number, /^PRLY-\d{4}$/, `the invoice has a number ("${number}")`);
    assert.equal((await row.locator('td').nth(2).innerText()).trim(), '$49.00', "the invoice is for Growth's monthly price");
    const state = await page.getByTestId('current-plan-state').textContent();
    assert.match(state, /Renews on/, `an active subscription says when it renews ("${state}")`);

    const pdf = row.getByRole('link', { name: 'PDF' });
    const href = await pdf.getAttribute('href');
    assert.ok(href, 'the invoice links its PDF');
    const res = await fetch(new URL(href, baseUrl));
    assert.equal(res.status, 200, `the PDF link answers (${href})`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/pdf/, 'the PDF link answers application/pdf');
    assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-', 'the answer is a PDF');
    assert.ok(await row.getByRole('link', { name: 'View' }).getAttribute('href'), 'the invoice links its hosted page');
    await shot(page, 'billing-07-invoice-paid');
  });

  await step('the invitation refused on Starter now goes through', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Team' }).click();
    await page.waitForURL('**/app/team');
    const res = await invite(page, refusedEmail);
    assert.equal(res.status(), 201, `the fourth invitation is accepted on Growth (${await res.text()})`);
    await expectVisible(page.getByTestId('invite-sent-modal'), 'the dialog confirms the invitation');
    assert.equal(await page.getByTestId('billing-prompt').count(), 0, 'no upgrade prompt this time');
    await page.getByTestId('invite-sent-modal').getByRole('button', { name: 'Done' }).click();
    await expectVisible(page.getByTestId('invitations-table').getByText(refusedEmail), 'the fourth invitation is listed');
  });

  const admin = await newPage();
  await step('the platform admin creates a plan through the dialog', async () => {
    const a = admin.page;
    await a.goto(`${baseUrl}/login`);
    await a.getByLabel('Email').fill(ADMIN);
    await a.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    // The second step: the demo admin's current code, as the demo's hint gives it.
    await a.getByLabel('Authentication code').fill(await demoCode());
    await a.getByRole('button', { name: 'Verify' }).click();
    await a.waitForURL('**/admin**');
    await a.getByRole('link', { name: 'Plans' }).click();
    await a.waitForURL('**/admin/plans');
    await expectVisible(a.getByTestId('plan-row').filter({ hasText: GROWTH.name }), 'the demo plans are listed');

    await a.getByTestId('plan-new').click();
    const dialog = a.getByTestId('plan-dialog');
    await expectVisible(dialog, 'the new plan dialog opens');
    await dialog.getByTestId('plan-save').click();
    await expectVisible(dialog.getByText('This is required.'), 'a plan without a name is refused');
    await dialog.getByLabel('Name').fill(NEW_PLAN.name);
    await dialog.getByLabel('Description').fill('For teams answering around the clock.');
    await dialog.getByTestId('price-monthly').fill(NEW_PLAN.monthly);
    await dialog.getByTestId('limit-maxAgents').fill(String(NEW_PLAN.maxAgents));
    await dialog.getByTestId('feature-chatbotFlows').check();
    await dialog.getByTestId('feature-campaigns').check();
    await shot(admin.page, 'billing-08-admin-plan-dialog', false);
    const [created] = await Promise.all([
      a.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/admin/plans' && r.request().method() === 'POST'),
      dialog.getByTestId('plan-save').click(),
    ]);
    assert.equal(created.status(), 201, `POST /admin/plans creates it (${await created.text()})`);
    const plan = await created.json();
    await dialog.waitFor({ state: 'detached' });

    const row = a.locator(`[data-testid="plan-row"][data-plan-id="${plan.id}"]`);
    await expectVisible(row.getByText(NEW_PLAN.name), 'the new plan is listed');
    assert.equal((await row.getByTestId('plan-prices').textContent()).trim(), `${usd(NEW_PLAN.monthlyMinor)} / month`, 'with its monthly price');
    assert.match(await row.textContent(), /Features: 2 of 9/, 'with its two features (of the nine a plan has, agency among them)');
    assert.equal(plan.limits.maxAgents, NEW_PLAN.maxAgents, 'the limit is stored');
    assert.equal(plan.features.chatbotFlows, true, 'the feature switch is stored');
    await shot(admin.page, 'billing-09-admin-plans');

    const products = await sim('/products?limit=100');
    const product = products.data.find((p) => p.name === NEW_PLAN.name);
    assert.ok(product, `the plan is a product in the Stripe simulator (${products.data.map((p) => p.name).join(', ')})`);
    const prices = await sim(`/prices?product=${product.id}&active=true`);
    assert.deepEqual(
      prices.data.map((p) => [p.unit_amount, p.currency, p.recurring?.interval]),
      [[NEW_PLAN.monthlyMinor, 'usd', 'month']],
      'with one monthly price of the amount typed',
    );
  });

  await step("the admin's MRR grew by exactly Growth's monthly price", async () => {
    const a = admin.page;
    const expected = mrrBefore + GROWTH.monthlyMinor;
    const after = await api(adminToken, 'GET', '/admin/billing');
    assert.equal(usdMrr(after.body), expected, `GET /admin/billing: MRR ${usdMrr(after.body)} = ${mrrBefore} before + ${GROWTH.monthlyMinor}`);
    await a.getByRole('link', { name: 'Subscriptions' }).click();
    await a.waitForURL('**/admin/billing');
    const mrr = a.getByTestId('mrr-amount');
    await expectVisible(mrr, 'the MRR figure shows');
    assert.equal((await mrr.textContent()).trim(), usd(expected), `the page shows MRR ${usd(expected)} (was ${usd(mrrBefore)})`);
    const row = a.getByTestId('subscription-row').filter({ hasText: owner.business });
    await expectVisible(row, 'the new workspace is listed');
    const cells = await row.locator('td').allInnerTexts();
    assert.match(cells[1], new RegExp(`^${GROWTH.name}\\s+Monthly`), `it is on Growth monthly (${cells[1]})`);
    assert.match(cells[2], /Active/, `it is active (${cells[2]})`);
    assert.equal(cells[3].trim(), usd(GROWTH.monthlyMinor), 'its MRR is the Growth price');
    await shot(admin.page, 'billing-10-admin-mrr');
  });
  await admin.context.close();

  await step('the billing page on a phone in Arabic', async () => {
    await page.setViewportSize(PHONE);
    await page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await page.goto(`${baseUrl}/app/billing`);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(page.getByTestId('invoice-row'), 'the billing page shows its invoice in Arabic');
    const heading = await page.locator('h1').first().textContent();
    assert.match(heading, /[\u0600-\u06FF]/, `the title is in Arabic ("${heading}")`);
    const keys = await page.evaluate(() => document.body.innerText.match(/\b(billing|adminBilling|common)\.[a-zA-Z.]+\b/g) ?? []);
    assert.deepEqual(keys, [], 'no untranslated keys on the Arabic billing page');
    await noSidewaysScroll(page, 'the Arabic billing page');
    await shot(page, 'billing-11-phone-ar', false);
    await page.getByTestId('plan-picker').scrollIntoViewIfNeeded();
    await shot(page, 'billing-12-phone-ar-plans', false);
    const invoice = page.getByTestId('invoice-row').first();
    await invoice.scrollIntoViewIfNeeded();
    // The status and the PDF link stay in view on a phone, not behind the table's own sideways scroll.
    for (const [what, locator] of [
      ['the status', invoice.getByText('مدفوعة').filter({ visible: true })],
      ['the PDF link', invoice.locator('a[href$="/pdf"]')],
    ]) {
      const box = await locator.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${what} of the invoice is on screen at 375px (${JSON.stringify(box)})`);
    }
    const inner = await page.getByTestId('invoice-table').evaluate((el) => el.parentElement.scrollWidth - el.parentElement.clientWidth);
    assert.ok(inner <= 0, `the invoice table fits the phone without its own sideways scroll (overflow ${inner}px)`);
    await shot(page, 'billing-13-phone-ar-invoices', false);
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  });

  await owned.context.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

// Browser end-to-end test of outbound webhooks (Settings → Webhooks, docs/webhooks.md) on the demo, with
// PARLEY_FLOWS__HTTP_ALLOW=["127.0.0.1"] (webhooks reach what flows' HTTP nodes may reach) so the endpoint can be a
// receiver this test serves on 127.0.0.1. The owner opens Webhooks, is told under the field that an endpoint needs an
// event (the API's 422), creates one for contact.created, sees the signing secret once (with the snippet) and copies
// it, sends a test and sees "Delivered 200"; a contact created through the API reaches the receiver, whose every
// request is verified with the shown secret (HMAC-SHA256 over "t.body"); the endpoint's page lists the delivery, its
// drawer shows the body as sent and the attempt. The demo's own endpoints (a live one posting to the server's request
// sink, a retired one Parley turned off) are listed first. Then the pages in Arabic on a phone. Screenshots in screenshots/.
// Run: `npm run build` in web/, then `node --test webhooks.test.mjs` here.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { PHONE, baseUrl, expectVisible, newPage, pageErrors, settle, shot, sleep, useStack } from './harness.mjs';

useStack({ demo: true, env: { PARLEY_FLOWS__HTTP_ALLOW: '["127.0.0.1"]' } });

const PASSWORD = 'parley-demo-1';
const OWNER = 'owner@demo.parley.local';
const CONTACT_PHONE = '+971 50 555 0199';
const CONTACT_NAME = 'Webhook Wafa';

/** The integrator's server: keeps every request (headers and the raw body) and answers 200. */
const receiver = { server: null, port: 0, requests: [] };
before(async () => {
  receiver.server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      receiver.requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.port = receiver.server.address().port;
});
after(() => new Promise((resolve) => receiver.server?.close(resolve)));

/** Whether `signature` (`t=...,v1=...[,v1=...]`) signs `body` with `secret`, as the docs tell receivers to check. */
function verified(body, signature, secret) {
  const parts = String(signature ?? '').split(',');
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts.filter((p) => p.startsWith('v1=')).some((p) => {
    const got = Buffer.from(p.slice(3));
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

async function waitForRequest(predicate, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = receiver.requests.find(predicate);
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`the receiver got no ${what}; it got: ${JSON.stringify(receiver.requests.map((r) => r.headers['parley-event']))}`);
}

async function signIn(page, email) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function api(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('an endpoint is created, shows its secret once, tests delivered, and logs a signed contact.created', async (t) => {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  const token = (await login.json()).accessToken;

  const { context, page } = await newPage();
  const url = `http://127.0.0.1:${receiver.port}/parley/hooks`;
  let secret = '';
  let endpointId = '';

  await t.test("the owner opens Webhooks from the sidebar and finds the demo's endpoints", async () => {
    await signIn(page, OWNER);
    await page.waitForURL('**/app');
    await page.getByRole('link', { name: 'Webhooks' }).first().click();
    await page.waitForURL('**/app/webhooks');
    await expectVisible(page.getByRole('heading', { name: 'Webhooks' }), 'the Webhooks page opens');
    const demo = page.getByTestId('webhook-row');
    await expectVisible(demo.filter({ hasText: '/api/v1/dev/webhook-sink' }), "the demo's live endpoint posts to its request sink");
    const retired = demo.filter({ hasText: 'crm-legacy.demo-company.example' });
    await expectVisible(retired.getByText(/Parley turned it off/), 'the retired one says why Parley turned it off');
    await shot(page, 'webhooks-01-list');
  });

  await t.test('an endpoint without events is refused under the events, then created for contact.created', async () => {
    await page.getByTestId('webhook-new').first().click();
    const form = page.getByTestId('webhook-form');
    await expectVisible(form, 'the create dialog opens');
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Description').fill('Order system');
    await form.getByTestId('webhook-save').click();
    await expectVisible(form.getByTestId('error-webhook-events'), 'the 422 on events shows under the events');

    const families = await form.getByTestId('event-family').evaluateAll((els) => els.map((e) => e.getAttribute('data-family')));
    assert.deepEqual(families, ['message', 'conversation', 'contact', 'deal', 'ticket', 'campaign', 'flow', 'subscription'], 'kinds are grouped by family in order');
    const contactCreated = form.locator('[data-testid="event-kind"][value="contact.created"]');
    await contactCreated.check();
    const row = form.locator('li').filter({ has: page.locator('[data-testid="event-kind"][value="contact.created"]') });
    await expectVisible(row.getByText('A contact was created by a person or through the API.'), "the kind's description is shown");
    await row.getByText('Example body').click();
    await expectVisible(row.locator('pre').getByText('"type": "contact.created"'), 'the example body expands');
    await shot(page, 'webhooks-02-form');
    await form.getByTestId('webhook-save').click();

    const modal = page.getByTestId('webhook-secret-modal');
    await expectVisible(modal, 'the secret is shown after create');
    secret = await modal.getByTestId('webhook-secret').inputValue();
    assert.match(secret, /^whsec_\S{20,}$/, 'the secret looks like a signing secret');
    await expectVisible(modal.getByTestId('webhook-verify-snippet').getByText("createHmac('sha256', secret)", { exact: false }), 'the Node snippet shows');
    await shot(page, 'webhooks-03-secret');
    await modal.getByRole('button', { name: 'Done' }).click();
    await modal.waitFor({ state: 'hidden' });
    assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page once the dialog is closed');

    const card = page.getByTestId('webhook-row').filter({ hasText: url });
    await expectVisible(card.getByText(url), 'the endpoint is listed with its URL');
    await expectVisible(card.getByText('Order system'), 'and its description');
    await expectVisible(card.getByTestId('webhook-events').getByText('contact.created'), 'and its event');
    endpointId = await card.getAttribute('data-id');
    const listed = await api(token, 'GET', '/webhooks');
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.filter((e) => e.url === url).map((e) => [e.id, e.events]),
      [[endpointId, ['contact.created']]],
      'the API has the endpoint as made',
    );
  });

  await t.test('the test button delivers a signed webhook.test and says Delivered 200', async () => {
    const card = page.getByTestId('webhook-row').filter({ hasText: url });
    await card.getByTestId('webhook-test').click();
    const result = card.getByTestId('webhook-test-result');
    await expectVisible(result, 'the test result shows under the endpoint');
    assert.equal(await result.getAttribute('data-delivered'), 'true');
    await expectVisible(result.getByText(/Delivered 200 in \d+ ms/), 'it says Delivered 200');
    const req = await waitForRequest((r) => r.headers['parley-event'] === 'webhook.test', 'webhook.test');
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/parley/hooks');
    assert.ok(verified(req.body, req.headers['parley-signature'], secret), `the test's signature verifies with the shown secret (${req.headers['parley-signature']})`);
    assert.ok(!verified(req.body, req.headers['parley-signature'], `${secret}x`), 'and not with another secret');
    assert.equal(JSON.parse(req.body).type, 'webhook.test');
    await shot(page, 'webhooks-04-tested');
  });

  await t.test('a contact created through the API is delivered signed, and its delivery is in the log with its body', async () => {
    const made = await api(token, 'POST', '/contacts', { phone: CONTACT_PHONE, name: CONTACT_NAME });
    assert.equal(made.status, 201, `the contact is created: ${JSON.stringify(made.body)}`);
    const req = await waitForRequest((r) => r.headers['parley-event'] === 'contact.created', 'contact.created');
    assert.ok(verified(req.body, req.headers['parley-signature'], secret), 'the contact.created delivery verifies with the secret');
    const body = JSON.parse(req.body);
    assert.equal(body.type, 'contact.created');
    assert.equal(body.data.id, made.body.id, 'the delivery names the new contact');
    assert.equal(body.data.name, CONTACT_NAME);

    await page.getByTestId('webhook-row').filter({ hasText: url }).getByTestId('webhook-open').click();
    await page.waitForURL(`**/app/webhooks/${endpointId}`);
    await expectVisible(page.getByTestId('webhook-title').getByText(url), "the endpoint's page opens");
    const row = page.locator('[data-testid="delivery-row"][data-event="contact.created"]');
    await expectVisible(row, 'the contact.created delivery is listed');
    await expectVisible(row.locator('[data-testid="delivery-state"][data-state="delivered"]'), 'as delivered');
    await expectVisible(page.locator('[data-testid="delivery-row"][data-event="webhook.test"]'), 'the test delivery is listed too');
    await shot(page, 'webhooks-05-endpoint');

    await page.getByTestId('delivery-filter').selectOption('dead');
    await expectVisible(page.getByText('No delivery in this state'), 'filtered by a state none is in: an empty state');
    await page.getByTestId('delivery-filter').selectOption('delivered');
    await expectVisible(row, 'filtered by delivered: listed again');

    await row.getByTestId('delivery-open').click();
    const drawer = page.getByTestId('delivery-drawer');
    await expectVisible(drawer, 'the delivery opens in a drawer');
    const shown = JSON.parse(await drawer.getByTestId('delivery-body').innerText());
    assert.deepEqual(shown, body, 'the drawer shows the body exactly as the receiver got it');
    await expectVisible(drawer.getByTestId('delivery-attempt').getByTestId('attempt-status').getByText('200'), 'the attempt answered 200');
    await expectVisible(drawer.getByText('{"received":true}'), "the receiver's answer is excerpted");
    await shot(page, 'webhooks-06-drawer');

    const before = receiver.requests.filter((r) => r.headers['parley-event'] === 'contact.created').length;
    await drawer.getByTestId('delivery-replay').click();
    await expectVisible(drawer.getByText(/Queued again as delivery #\d+/), 'the replay is queued');
    await waitForRequest(
      (r) => r.headers['parley-event'] === 'contact.created' && receiver.requests.filter((x) => x.headers['parley-event'] === 'contact.created').length > before,
      'replayed contact.created',
    );
    const copies = receiver.requests.filter((r) => r.headers['parley-event'] === 'contact.created');
    assert.equal(copies.at(-1).headers['parley-event-id'], copies[0].headers['parley-event-id'], 'the replay carries the same event id');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  await t.test('rolling the secret shows the new one once; deliveries carry both signatures during the overlap', async () => {
    await page.getByTestId('webhook-roll').click();
    const roll = page.getByTestId('webhook-roll-modal');
    await expectVisible(roll, 'the roll dialog opens');
    await roll.getByText('For 24 hours').click();
    await roll.getByTestId('webhook-roll-confirm').click();
    const modal = page.getByTestId('webhook-secret-modal');
    await expectVisible(modal, 'the new secret is shown');
    const fresh = await modal.getByTestId('webhook-secret').inputValue();
    assert.notEqual(fresh, secret, 'a new secret');
    await expectVisible(modal.getByText(/The previous secret also signs deliveries until/), 'the overlap is said');
    await modal.getByRole('button', { name: 'Done' }).click();
    const n = receiver.requests.length;
    await page.getByTestId('webhook-test').click();
    await expectVisible(page.getByTestId('webhook-test-result').getByText(/Delivered 200/), 'the test still delivers');
    const req = await waitForRequest((r, i) => i >= n && r.headers['parley-event'] === 'webhook.test', 'a second webhook.test');
    assert.ok(verified(req.body, req.headers['parley-signature'], fresh), 'signed with the new secret');
    assert.ok(verified(req.body, req.headers['parley-signature'], secret), 'and with the old one during the overlap');
  });

  await context.close();
});

test('the webhooks pages in Arabic on a phone: right to left, no sideways scrolling', async () => {
  const { context, page } = await newPage(PHONE);
  await signIn(page, OWNER);
  await page.waitForURL('**/app');
  await page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
  await page.goto(`${baseUrl}/app/webhooks`);
  await expectVisible(page.getByRole('heading', { name: 'خطافات الويب' }), 'the page is in Arabic');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const card = page.getByTestId('webhook-row').filter({ hasText: '/parley/hooks' });
  await expectVisible(card, 'the endpoint is listed');
  assert.ok((await overflowX(page)) <= 0, 'the list does not scroll sideways');
  await shot(page, 'webhooks-07-ar-phone-list');

  await card.getByTestId('webhook-edit').click();
  const form = page.getByTestId('webhook-form');
  await expectVisible(form.getByText('جهات الاتصال'), 'the families are named in Arabic');
  await settle(form);
  await shot(page, 'webhooks-08-ar-phone-form', false);
  await page.keyboard.press('Escape');

  await card.getByTestId('webhook-open').click();
  await expectVisible(page.locator('[data-testid="delivery-card"][data-event="contact.created"]'), 'the deliveries are listed as cards');
  assert.equal(await page.getByTestId('deliveries-table').isVisible(), false, 'the table is for wider screens');
  assert.ok((await overflowX(page)) <= 0, 'the endpoint page does not scroll sideways');
  await shot(page, 'webhooks-09-ar-phone-endpoint');
  await page.getByTestId('delivery-card').getByTestId('delivery-open').first().click();
  const drawer = page.getByTestId('delivery-drawer');
  await expectVisible(drawer.getByText('النص كما أُرسل'), 'the drawer is in Arabic');
  await shot(page, 'webhooks-10-ar-phone-drawer', false);
  await page.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  await context.close();
  assert.deepEqual(pageErrors, [], 'no page errors');
});

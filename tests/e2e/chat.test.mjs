// Browser end-to-end test of the inbox against the built-in WhatsApp simulator (`parley serve --demo`):
// a customer writes from the /phone page, the owner answers from Conversations, read receipts travel back,
// and the agent sees the same conversation. Run: `npm run build` in web/, then `node --test chat.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, baseUrl, expectVisible, newPage, pageErrors, shot, sleep, useStack } from './harness.mjs';

useStack({ demo: true });

const PASSWORD = 'parley-demo-1';
const CUSTOMER = 'Casey Customer';
const FROM_CUSTOMER = 'Hello from the customer';
const FROM_BUSINESS = 'Hello from the business';

async function signIn(page, email) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} does not scroll sideways at ${PHONE.width}px (overflow ${overflow}px)`);
}

test('a customer and the business chat through the simulated number', async (t) => {
  // Customers read only when the phone page says so: the blue ticks below must come from that page.
  const config = await fetch(`${baseUrl}/sim/api/config`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ autoRead: false }),
  });
  assert.equal(config.status, 200, 'the simulator takes its config in demo mode');

  const { context: customerCtx, page: customer } = await newPage();
  const { context: ownerCtx, page: owner } = await newPage();
  const conversationUrl = { value: '' };

  await t.test('the owner opens the inbox', async () => {
    await signIn(owner, 'owner@demo.parley.local');
    await expectVisible(owner.getByTestId('layout-user'), 'the owner lands in the user area');
    await owner.getByRole('link', { name: 'Conversations', exact: true }).click();
    await owner.waitForURL('**/app/conversations');
    await expectVisible(owner.getByTestId('conversation-item').first(), 'the inbox lists the demo conversations');
  });

  await t.test('the customer writes from the phone page', async () => {
    await customer.goto(`${baseUrl}/phone`);
    await expectVisible(customer.getByTestId('phone-chat'), 'the phone page shows the chat with the demo number');
    await expectVisible(customer.getByTestId('phone-business-name').getByText('Demo Company'), 'the chat is with the demo business');
    assert.equal(await customer.getByTestId('phone-customer').inputValue(), '+1 415 555 0100', 'the customer number has its default');
    await customer.getByTestId('phone-input').fill(FROM_CUSTOMER);
    await customer.getByTestId('phone-input').press('Enter');
    const mine = customer.getByTestId('phone-message').filter({ hasText: FROM_CUSTOMER });
    await expectVisible(mine, 'the sent message shows in the customer chat');
    await mine.getByTestId('phone-ticks').and(customer.locator('[data-status="delivered"]')).waitFor();
  });

  await t.test('the conversation appears in the inbox without a reload, and opens', async () => {
    const item = owner.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
    await expectVisible(item, 'the new conversation shows up by polling');
    await expectVisible(item.getByTestId('conversation-preview').getByText(FROM_CUSTOMER), 'the list shows the last message as preview');
    await expectVisible(item.getByTestId('unread-badge').getByText('1'), 'the conversation counts one unread message');
    await shot(owner, 'chat-01-conversations');

    await item.click();
    await owner.waitForURL(/\/app\/conversations\/[0-9a-f-]+$/);
    conversationUrl.value = owner.url();
    await expectVisible(owner.getByTestId('conversation-title').getByText(CUSTOMER), 'the conversation header names the customer');
    await expectVisible(owner.getByTestId('conversation-number').getByText('Demo number (simulator)'), 'the header names the number');
    await expectVisible(owner.getByTestId('window-indicator').getByText(/Reply window open until/), 'the reply window is open');
    const inbound = owner.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: FROM_CUSTOMER });
    await expectVisible(inbound, 'the customer message shows as an inbound bubble');
    await item.getByTestId('unread-badge').waitFor({ state: 'detached' }).catch(() => {
      throw new Error('opening the conversation marks it read (the unread badge goes away)');
    });
  });

  await t.test('the business reply reaches the phone, and its read comes back as blue ticks', async () => {
    await owner.getByTestId('composer-input').fill(FROM_BUSINESS);
    await owner.getByTestId('composer-input').press('Enter');
    const reply = owner.locator('[data-testid="message"][data-direction="outbound"]').filter({ hasText: FROM_BUSINESS });
    await expectVisible(reply, 'the reply shows as an outbound bubble at once');
    await owner.waitForFunction(() => document.querySelector('[data-testid="composer-input"]')?.value === '').catch(() => {
      throw new Error('the composer is cleared after sending');
    });

    const received = customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: FROM_BUSINESS });
    await expectVisible(received, 'the customer phone receives the reply');
    // The phone page is visible, so it reads the reply; the simulator sends the read receipt to Parley.
    await reply.locator('[data-testid="message-ticks"][data-status="read"]').waitFor({ timeout: 20_000 }).catch(async () => {
      const status = await reply.getByTestId('message-ticks').getAttribute('data-status');
      throw new Error(`the reply should turn read (blue ticks) after the customer read it; it is ${status}`);
    });
    const mine = customer.getByTestId('phone-message').filter({ hasText: FROM_CUSTOMER });
    await mine.locator('[data-testid="phone-ticks"][data-status="read"]').waitFor().catch(() => {
      throw new Error('the customer sees blue ticks once the business opened the conversation');
    });
    await shot(owner, 'chat-02-conversation');
  });

  await t.test('a photo and a location from the customer show inline', async () => {
    await customer.getByTestId('phone-attach').click();
    await customer.getByTestId('phone-send-photo').click();
    await customer.getByTestId('phone-attach').click();
    await customer.getByTestId('phone-send-location').click();

    const image = owner.getByTestId('message-image');
    await expectVisible(image, 'the photo shows inline in the conversation');
    await owner.waitForFunction(() => {
      const img = document.querySelector('[data-testid="message-image"]');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 1;
    });
    assert.match(await image.getAttribute('src'), /^blob:/, 'the photo is fetched with the session and shown from an object URL');
    await expectVisible(owner.getByTestId('message-location').getByText('37.79550, -122.39370'), 'the location shows its coordinates');
    await expectVisible(customer.getByTestId('phone-message').filter({ hasText: 'Ferry Building' }), 'the customer chat shows the location');
    await expectVisible(customer.getByTestId('phone-picture'), 'the customer chat shows the photo it sent');
    await shot(owner, 'chat-03-conversation-media');
    await shot(customer, 'chat-04-phone');
  });

  await t.test('the business sends a file: uploaded, then sent as a picture', async () => {
    // The smallest valid PNG (1x1): JPEG and PNG go out as pictures, anything else as a document.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await owner.getByTestId('composer-file').setInputFiles({ name: 'menu.png', mimeType: 'image/png', buffer: png });
    const sent = owner.locator('[data-testid="message"][data-direction="outbound"]').filter({ has: owner.getByTestId('message-image') });
    await expectVisible(sent, 'the uploaded picture shows as an outbound bubble');
    await sent.locator('[data-testid="message-ticks"]:not([data-status="pending"])').waitFor().catch(() => {
      throw new Error('the picture leaves the queue (sent, delivered or read)');
    });
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: 'Photo' }), 'the customer receives the picture');
  });

  await t.test('the status select moves the conversation between the lists', async () => {
    const item = owner.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
    await owner.getByTestId('conversation-status').selectOption('resolved');
    await item.waitFor({ state: 'detached' }).catch(() => {
      throw new Error('a resolved conversation leaves the Open list');
    });
    await owner.getByTestId('filter-status').selectOption('resolved');
    await expectVisible(item, 'the conversation is in the Resolved list');
    await owner.getByTestId('conversation-status').selectOption('open');
    await owner.getByTestId('filter-status').selectOption('open');
    await expectVisible(item, 'reopened, it is back in the Open list');
  });

  await t.test('on a phone, the inbox shows one pane at a time', async () => {
    await owner.setViewportSize(PHONE);
    await expectVisible(owner.getByTestId('conversation'), 'the open conversation fills the phone screen');
    assert.equal(await owner.getByTestId('conversation-list').isVisible(), false, 'the list is hidden while a conversation is open');
    await noSidewaysScroll(owner, 'the conversation');
    await shot(owner, 'chat-05-conversation-phone', false);
    await owner.getByTestId('conversation-back').click();
    await owner.waitForURL(/\/app\/conversations$/);
    await expectVisible(owner.getByTestId('conversation-list'), 'the back button shows the list');
    await noSidewaysScroll(owner, 'the conversation list');
    await shot(owner, 'chat-06-conversations-phone', false);

    await customer.setViewportSize(PHONE);
    await noSidewaysScroll(customer, 'the phone page');
    await shot(customer, 'chat-07-phone-phone');
    await owner.setViewportSize(DESKTOP);
  });

  await t.test('the demo number page shows its webhook, templates and link to the customer phone', async () => {
    await owner.getByRole('link', { name: 'WhatsApp numbers' }).click();
    await owner.waitForURL('**/app/whatsapp');
    const row = owner.getByTestId('number-row').filter({ hasText: 'Demo number (simulator)' });
    await expectVisible(row, 'the demo number is listed');
    await expectVisible(row.getByText('Simulator'), 'the demo number is marked as simulated');
    await expectVisible(row.getByText('Connected'), 'the demo number is connected');
    await shot(owner, 'chat-08-numbers');
    await row.getByRole('link', { name: 'Demo number (simulator)' }).click();
    await owner.waitForURL(/\/app\/whatsapp\/[0-9a-f-]+$/);
    assert.match(await owner.getByTestId('webhook-url').inputValue(), /\/api\/v1\/webhooks\/whatsapp\/[0-9a-f-]+$/, 'the webhook URL is shown');
    assert.ok((await owner.getByTestId('verify-token').inputValue()).length >= 8, 'the verify token is shown');
    await expectVisible(owner.getByText('Paste into Meta → WhatsApp → Configuration', { exact: false }), 'the webhook card says where to paste');
    assert.equal(await owner.getByTestId('open-customer-phone').getAttribute('href'), '/phone?number=100000000000001');
    await expectVisible(owner.getByTestId('templates-table').getByText('hello_world'), 'the synced demo templates are listed');
    await expectVisible(owner.getByTestId('webhook-log'), 'the webhook log lists the deliveries');

    await owner.getByTestId('test-connection').click();
    await expectVisible(owner.getByTestId('test-result').getByText('The connection works'), 'the connection test succeeds against the simulator');
    await expectVisible(owner.getByTestId('test-result').getByText(/Verified name: Demo Company/), 'the test shows the verified name');
    await shot(owner, 'chat-09-number-detail');

    // A new template goes to Meta (the simulator) for review and comes back approved by webhook.
    await owner.getByTestId('new-template').click();
    const modal = owner.getByRole('dialog');
    await modal.getByLabel('Name', { exact: true }).fill('shipping_update');
    await modal.getByLabel('Body', { exact: true }).fill('Your parcel {{1}} ships today.');
    await modal.getByLabel('Example for {{1}}').fill('AB-123');
    await modal.getByRole('button', { name: 'Submit for review' }).click();
    const created = owner.getByTestId('templates-table').getByRole('row').filter({ hasText: 'shipping_update' });
    await expectVisible(created, 'the new template is listed');
    await shot(owner, 'chat-09b-template-created');
    // Meta's review takes a moment (the simulator's delivery delay); the page shows what is stored when loaded.
    const approved = () =>
      owner.getByTestId('templates-table').getByRole('row').filter({ hasText: 'shipping_update' }).getByText(/^approved$/i);
    for (let i = 0; i < 20 && !(await approved().isVisible()); i++) {
      await sleep(500);
      await owner.reload();
      await owner.getByTestId('templates-table').waitFor();
    }
    await expectVisible(approved(), 'the approval webhook marked it approved');
    await owner.setViewportSize(PHONE);
    await noSidewaysScroll(owner, 'the number page');
    await shot(owner, 'chat-10-number-detail-phone');
    await owner.setViewportSize(DESKTOP);
  });

  await t.test('the owner connects a QR number, the phone scans it, and the owner removes it', async () => {
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'WhatsApp numbers' }).click();
    await owner.waitForURL('**/app/whatsapp');
    await owner.getByTestId('connect-number').click();
    const modal = owner.getByTestId('connect-modal');
    await expectVisible(modal, 'the connect dialog opens');
    await shot(owner, 'chat-12-connect-cloud');
    await modal.getByTestId('connect-submit').click();
    await expectVisible(modal.getByTestId('error-connect-name'), 'a missing name is reported next to its field');
    await expectVisible(modal.getByTestId('error-connect-phoneNumberId'), 'a missing phone number ID is reported next to its field');

    await modal.getByTestId('connect-tab-wasender').click();
    await modal.getByLabel('Name', { exact: true }).fill('Support line');
    await modal.getByLabel('Phone number', { exact: true }).fill('+971 50 123 4567');
    await shot(owner, 'chat-13-connect-qr');
    await modal.getByTestId('connect-submit').click();
    await owner.waitForURL(/\/app\/whatsapp\/[0-9a-f-]+$/);
    await expectVisible(owner.getByTestId('qr-code').locator('svg'), 'the QR code is drawn for the phone to scan');
    await owner.locator('[data-testid="connection-status"][data-status="need_scan"]').waitFor();
    await shot(owner, 'chat-14-qr-number');

    const sessions = await (await fetch(`${baseUrl}/sim/api/wasender/sessions`)).json();
    const session = sessions.find((s) => s.name === 'Support line');
    assert.ok(session, `the simulator has the QR session (${JSON.stringify(sessions)})`);
    const scan = await fetch(`${baseUrl}/sim/api/wasender/sessions/${session.id}/scan`, { method: 'POST' });
    assert.equal(scan.status, 200, 'the simulated phone scans the code');
    await owner.locator('[data-testid="connection-status"][data-status="connected"]').waitFor().catch(() => {
      throw new Error('the page follows the QR session until it is connected');
    });
    await expectVisible(owner.getByTestId('qr-card').getByText('This phone is linked'), 'the QR card says the phone is linked');

    await owner.getByTestId('edit-number').click();
    const edit = owner.getByTestId('edit-number-modal');
    await edit.getByLabel('Name', { exact: true }).fill('Support desk');
    await edit.getByLabel('Messages per second').fill('20');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expectVisible(owner.getByRole('heading', { name: 'Support desk', level: 1 }), 'the new name shows after saving');
    assert.equal(await owner.getByTestId('edit-number-modal').count(), 0, 'the edit dialog closes after saving');

    await owner.getByTestId('delete-number').click();
    await owner.getByTestId('confirm-modal').getByTestId('confirm-button').click();
    await owner.waitForURL(/\/app\/whatsapp$/);
    await expectVisible(owner.getByTestId('number-row').filter({ hasText: 'Demo number (simulator)' }), 'back on the list');
    assert.equal(await owner.getByTestId('number-row').filter({ hasText: 'Support desk' }).count(), 0, 'the deleted number is gone');
  });

  await t.test('the agent sees the conversation in the agent inbox, also in Arabic', async () => {
    const { context, page: agent } = await newPage();
    await signIn(agent, 'agent@demo.parley.local');
    await expectVisible(agent.getByTestId('layout-agent'), 'the agent lands in the agent area');
    await agent.getByRole('link', { name: 'Conversations', exact: true }).click();
    await agent.waitForURL('**/agent/conversations');
    const item = agent.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
    await expectVisible(item, 'the agent sees the conversation');
    await item.click();
    await agent.waitForURL(/\/agent\/conversations\/[0-9a-f-]+$/);
    assert.equal(new URL(agent.url()).pathname.split('/').pop(), new URL(conversationUrl.value).pathname.split('/').pop(), 'it is the same conversation');
    await expectVisible(agent.locator('[data-testid="message"][data-direction="outbound"]').filter({ hasText: FROM_BUSINESS }), 'the agent sees the reply');

    await agent.getByTestId('language-switcher').selectOption('ar');
    await agent.waitForFunction(() => document.documentElement.dir === 'rtl');
    const inbound = await agent.locator('[data-testid="message"][data-direction="inbound"]').first().locator('> div').boundingBox();
    const outbound = await agent.locator('[data-testid="message"][data-direction="outbound"]').first().locator('> div').boundingBox();
    assert.ok(inbound && outbound && outbound.x < inbound.x, `in Arabic the business bubbles sit on the left (outbound x=${outbound?.x}, inbound x=${inbound?.x})`);
    await shot(agent, 'chat-11-agent-conversation-ar');
    await context.close();
  });

  await ownerCtx.close();
  await customerCtx.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

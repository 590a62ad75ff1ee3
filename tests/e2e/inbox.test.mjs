// Browser end-to-end test of the live team inbox (contract: /work/contract/INBOX_API.md) against the built-in WhatsApp
// simulator (`parley serve --demo`): the owner and the agent both have the Inbox open, a customer writes from /phone
// and both see it without reloading; the owner assigns it to the agent, who sees it under Mine; typing, replies with
// their ticks, internal notes and a canned reply travel live between them and the customer.
// Run: `npm run build` in web/, then `node --test inbox.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, baseUrl, expectVisible, newPage, pageErrors, shot, sleep, useStack } from './harness.mjs';

useStack({ demo: true });

const PASSWORD = 'parley-demo-1';
const CUSTOMER = 'Casey Customer';
const AGENT_NAME = 'Adam Agent';
const FROM_CUSTOMER = 'Hi, is order 1042 on its way?';
const REPLY = 'Yes, it ships today.';
const NOTE = 'Internal: offer free shipping next time';
const CANNED_SHORTCUT = 'signoff';
const CANNED_CONTENT = 'Thanks {{contact.name}}! {{agent.name}} from {{business.name}}, {{order.id}}';
const CANNED_FILLED = 'Thanks Casey Customer! Adam Agent from Demo Company, {{order.id}}';

async function signIn(page, email) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the inbox from the sidebar and waits until its socket is live. */
async function openInbox(page, area) {
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Conversations' }).click();
  await page.waitForURL(`**/${area}/conversations`);
  await page.locator('[data-testid="connection-indicator"][data-state="live"]').waitFor().catch(async () => {
    const state = await page.getByTestId('connection-indicator').getAttribute('data-state');
    throw new Error(`the inbox connects to live updates (socket.io); the indicator says "${state}"`);
  });
}

/** Marks the page, so a later check can prove it was not reloaded meanwhile. */
const markPage = (page) => page.evaluate(() => (window.__inboxMark = 'not reloaded'));
async function assertNotReloaded(page, who) {
  assert.equal(await page.evaluate(() => window.__inboxMark), 'not reloaded', `${who}'s page was not reloaded`);
}

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} does not scroll sideways at ${PHONE.width}px (overflow ${overflow}px)`);
}

test('two agents work one conversation live with the customer', async (t) => {
  // Customers read only when the phone page says so: the blue ticks below must come from that page.
  const config = await fetch(`${baseUrl}/sim/api/config`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ autoRead: false }),
  });
  assert.equal(config.status, 200, 'the simulator takes its config in demo mode');

  const { context: ownerCtx, page: owner } = await newPage();
  const { context: agentCtx, page: agent } = await newPage();
  const { context: customerCtx, page: customer } = await newPage();
  const ownerItem = () => owner.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
  const agentItem = () => agent.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
  let allBefore = 0; // the demo's own open conversations, seeded before the test

  await t.test('the owner saves a canned reply in the inbox settings', async () => {
    await signIn(owner, 'owner@demo.parley.local');
    await expectVisible(owner.getByTestId('layout-user'), 'the owner lands in the user area');
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Inbox settings' }).click();
    await owner.waitForURL('**/app/inbox-settings');
    await expectVisible(owner.getByTestId('inbox-settings-form'), 'the hours and routing settings open first');
    await owner.getByTestId('settings-tab-canned').click();
    await owner.waitForURL('**/app/inbox-settings/canned-responses');
    await owner.getByTestId('new-canned').click();
    const modal = owner.getByTestId('canned-modal');
    await modal.getByLabel('Shortcut').fill('Bad Shortcut!');
    await modal.getByLabel('Title').fill('Sign-off');
    await modal.getByLabel('Message').fill(CANNED_CONTENT);
    await modal.getByTestId('canned-submit').click();
    await expectVisible(modal.getByTestId('error-canned-shortcut'), 'an invalid shortcut is reported next to its field');
    await modal.getByLabel('Shortcut').fill(CANNED_SHORTCUT);
    await modal.getByTestId('canned-submit').click();
    await modal.waitFor({ state: 'detached' }).catch(() => {
      throw new Error('the canned reply dialog closes once it is saved');
    });
    await expectVisible(owner.locator(`[data-testid="canned-row"][data-shortcut="${CANNED_SHORTCUT}"]`), 'the new canned reply is listed');
    await shot(owner, 'inbox-01-canned-replies');
  });

  await t.test('both open the inbox and it is live', async () => {
    await openInbox(owner, 'app');
    await expectVisible(owner.getByTestId('conversation-item').first(), 'the inbox lists the demo conversations');
    allBefore = Number(await owner.getByTestId('inbox-tab-all').getByTestId('inbox-tab-count').getAttribute('data-count'));
    await signIn(agent, 'agent@demo.parley.local');
    await expectVisible(agent.getByTestId('layout-agent'), 'the agent lands in the agent area');
    await openInbox(agent, 'agent');
    assert.equal(await agent.getByRole('link', { name: 'Inbox settings' }).count(), 0, 'agents have no inbox settings');
    await markPage(owner);
    await markPage(agent);
  });

  await t.test('a customer message appears in both inboxes without a reload', async () => {
    await customer.goto(`${baseUrl}/phone`);
    await expectVisible(customer.getByTestId('phone-chat'), 'the phone page shows the chat with the demo number');
    await customer.getByTestId('phone-input').fill(FROM_CUSTOMER);
    await customer.getByTestId('phone-input').press('Enter');
    await customer
      .getByTestId('phone-message')
      .filter({ hasText: FROM_CUSTOMER })
      .locator('[data-testid="phone-ticks"][data-status="delivered"]')
      .waitFor();

    for (const [page, item, who] of [
      [owner, ownerItem, 'the owner'],
      [agent, agentItem, 'the agent'],
    ]) {
      await expectVisible(item(), `${who} sees the new conversation appear`);
      await expectVisible(item().getByTestId('conversation-preview').getByText(FROM_CUSTOMER), `${who} sees the last message as preview`);
      await expectVisible(item().getByTestId('unread-badge').getByText('1'), `${who} sees one unread message`);
      await assertNotReloaded(page, who);
    }
    const all = owner.getByTestId('inbox-tab-all').getByTestId('inbox-tab-count');
    await owner.waitForFunction((n) => document.querySelector('[data-testid="inbox-tab-all"] [data-testid="inbox-tab-count"]')?.dataset.count === n, String(allBefore + 1)).catch(async () => {
      throw new Error(`the All tab counts the new conversation (${allBefore} before, it says ${await all.getAttribute('data-count')})`);
    });
    await shot(owner, 'inbox-02-new-conversation');
  });

  await t.test('the owner assigns it to the agent, who sees it under Mine live', async () => {
    await agent.getByTestId('inbox-tab-mine').click();
    await expectVisible(agent.getByTestId('conversations-page').getByText('Nothing assigned to you'), "the agent's Mine tab is empty at first");

    await ownerItem().click();
    await owner.waitForURL(/\/app\/conversations\/[0-9a-f-]+$/);
    await expectVisible(owner.getByTestId('conversation-title').getByText(CUSTOMER), 'the conversation opens');
    await expectVisible(owner.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: FROM_CUSTOMER }), 'the customer message shows');
    await owner.getByTestId('assign-button').click();
    const option = owner.getByTestId('assign-menu').getByTestId('assign-option').filter({ hasText: AGENT_NAME });
    await expectVisible(option, 'the assign menu lists the agent');
    await owner.locator('[data-testid="assign-option"][data-online="true"]').filter({ hasText: AGENT_NAME }).waitFor().catch(() => {
      throw new Error('the agent, whose inbox is open, shows as online in the assign menu');
    });
    await option.click();
    await expectVisible(owner.getByTestId('assign-button').getByText(AGENT_NAME), 'the header names the agent as assignee');

    await expectVisible(agentItem(), 'the conversation appears under Mine for the agent without a reload');
    await agent.waitForFunction(() => document.querySelector('[data-testid="inbox-tab-mine"] [data-testid="inbox-tab-count"]')?.dataset.count === '1').catch(() => {
      throw new Error("the agent's Mine tab counts the assigned conversation");
    });
    await assertNotReloaded(agent, 'the agent');
    await shot(agent, 'inbox-03-agent-mine');
  });

  await t.test('the owner sees the agent typing, then the reply; the customer gets it and reads it', async () => {
    await agentItem().click();
    await agent.waitForURL(/\/agent\/conversations\/[0-9a-f-]+$/);
    assert.equal(new URL(agent.url()).pathname.split('/').pop(), new URL(owner.url()).pathname.split('/').pop(), 'both have the same conversation open');
    await expectVisible(agent.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: FROM_CUSTOMER }), 'the agent sees the customer message');

    await agent.getByTestId('composer-input').pressSequentially(REPLY.slice(0, 8), { delay: 60 });
    await expectVisible(owner.getByTestId('typing-indicator').getByText(`${AGENT_NAME} is typing…`), 'the owner sees that the agent is typing');
    await shot(owner, 'inbox-04-typing');
    await agent.getByTestId('composer-input').pressSequentially(REPLY.slice(8));
    await agent.getByTestId('composer-input').press('Enter');
    await agent.waitForFunction(() => document.querySelector('[data-testid="composer-input"]')?.value === '').catch(() => {
      throw new Error('the composer is cleared after sending');
    });

    const mine = agent.locator('[data-testid="message"][data-direction="outbound"]').filter({ hasText: REPLY });
    await expectVisible(mine, 'the reply shows in the agent conversation at once');
    const theirs = owner.locator('[data-testid="message"][data-direction="outbound"]').filter({ hasText: REPLY });
    await expectVisible(theirs, 'the reply appears live in the owner conversation');
    await owner.getByTestId('typing-indicator').waitFor({ state: 'detached' }).catch(() => {
      throw new Error('the typing indicator goes away once the reply arrived');
    });
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: REPLY }), 'the customer receives the reply');

    // The phone page is visible, so it reads the reply; the read receipt comes back as blue ticks, live.
    for (const [bubble, who] of [
      [mine, 'the agent'],
      [theirs, 'the owner'],
    ]) {
      await bubble.locator('[data-testid="message-ticks"][data-status="read"]').waitFor({ timeout: 20_000 }).catch(async () => {
        const status = await bubble.getByTestId('message-ticks').getAttribute('data-status');
        throw new Error(`${who} sees the reply turn read (blue ticks); it is ${status}`);
      });
    }
    assert.equal(await mine.count(), 1, 'the reply shows once (the optimistic copy was replaced, not duplicated)');
    await expectVisible(
      customer.getByTestId('phone-message').filter({ hasText: FROM_CUSTOMER }).locator('[data-testid="phone-ticks"][data-status="read"]'),
      'the customer sees blue ticks once the conversation was opened',
    );
  });

  await t.test('a private note of the owner reaches the agent live but never the customer', async () => {
    await owner.getByTestId('composer-mode-note').click();
    await owner.getByTestId('composer-input').fill(NOTE);
    await owner.getByTestId('composer-input').press('Control+Enter');
    await expectVisible(owner.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: NOTE }), 'the owner sees the note');
    const note = agent.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: NOTE });
    await expectVisible(note, 'the agent sees the note live');
    await expectVisible(note.getByTestId('note-label').getByText('Olivia Owner'), 'the note names who wrote it');
    await sleep(1500);
    assert.equal(await customer.getByTestId('phone-message').filter({ hasText: NOTE }).count(), 0, 'the customer never gets the note');
    await shot(agent, 'inbox-05-note');
  });

  await t.test('the agent answers with a canned reply picked by typing /', async () => {
    const input = agent.getByTestId('composer-input');
    await input.pressSequentially(`/${CANNED_SHORTCUT.slice(0, 3)}`);
    const picker = agent.getByTestId('canned-picker');
    await expectVisible(picker.locator(`[data-testid="canned-option"][data-shortcut="${CANNED_SHORTCUT}"]`), 'typing / opens the canned replies, filtered');
    await shot(agent, 'inbox-06-canned-picker');
    await input.press('Enter');
    await picker.waitFor({ state: 'detached' });
    assert.equal(await input.inputValue(), CANNED_FILLED, 'the canned reply is inserted with its variables filled (unknown ones left as they are)');
    await input.press('Enter');
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: 'Adam Agent from Demo Company' }), 'the customer receives the canned reply');
    await expectVisible(owner.locator('[data-testid="message"][data-direction="outbound"]').filter({ hasText: 'Adam Agent from Demo Company' }), 'the owner sees it live');
  });

  await t.test('the agent says busy and the owner sees it among the agents', async () => {
    await agent.getByTestId('agent-status-button').click();
    await agent.getByTestId('agent-status-menu').locator('[data-testid="agent-status-option"][data-status="busy"]').click();
    await agent.locator('[data-testid="agent-status-button"][data-status="busy"]').waitFor();
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Inbox settings' }).click();
    await owner.getByTestId('settings-tab-agents').click();
    const row = owner.getByTestId('agent-row').filter({ hasText: AGENT_NAME });
    await expectVisible(row, 'the agents page lists the agent');
    await owner.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid="agent-row"]')].some((r) => r.textContent.includes(name) && r.dataset.status === 'busy' && r.dataset.online === 'true'),
      AGENT_NAME,
    ).catch(async () => {
      throw new Error(`the agent shows online and busy (row says status ${await row.getAttribute('data-status')}, online ${await row.getAttribute('data-online')})`);
    });
    await shot(owner, 'inbox-07-agents');
    await owner.goBack();
    await owner.goBack();
    await owner.waitForURL(/\/app\/conversations\/[0-9a-f-]+$/);
  });

  await t.test('on a phone, list and conversation are separate screens', async () => {
    await agent.setViewportSize(PHONE);
    await expectVisible(agent.getByTestId('conversation'), 'the open conversation fills the phone screen');
    assert.equal(await agent.getByTestId('conversation-list').isVisible(), false, 'the list is hidden while a conversation is open');
    await noSidewaysScroll(agent, 'the conversation');
    await shot(agent, 'inbox-08-phone-conversation', false);
    await agent.getByTestId('contact-panel-toggle').click();
    await expectVisible(agent.getByTestId('contact-panel').getByTestId('contact-conversation-link'), 'the contact panel lists the contact conversations');
    await noSidewaysScroll(agent, 'the contact panel');
    await shot(agent, 'inbox-09-phone-contact', false);
    await agent.getByTestId('contact-panel-close').click();
    await agent.getByTestId('conversation-back').click();
    await agent.waitForURL(/\/agent\/conversations$/);
    await expectVisible(agent.getByTestId('conversation-list'), 'the back button shows the list');
    await noSidewaysScroll(agent, 'the conversation list');
    await shot(agent, 'inbox-10-phone-list', false);
    await agent.setViewportSize(DESKTOP);
    await shot(owner, 'inbox-11-owner-conversation');
  });

  await ownerCtx.close();
  await agentCtx.close();
  await customerCtx.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

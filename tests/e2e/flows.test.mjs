// Browser end-to-end test of chatbot flows (docs/flows.md) on the demo (`parley serve --demo`): the owner pauses the
// demo's "Order status", builds "Order lookup" from the Order status template with its HTTP node pointed at a local
// test server (allowed through PARLEY_FLOWS__HTTP_ALLOW), tries it in the sandbox (a bad order number and its retry,
// then a real lookup), and publishes it; a customer on /phone goes through it, taps "Talk to a person" on the
// welcome menu's reply buttons (the run is handed off and the conversation lands in the agent's inbox), and picks a
// day from the list of an "Appointment request" flow built from its template; the owner finds the runs completed and
// handed off with their traces, and looks at the builder on a phone and in Arabic.
// Run: `npm run build` in web/, then `node --test flows.test.mjs` here.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD as PASSWORD, DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, useStack } from './harness.mjs';

useStack({ demo: true, env: { PARLEY_FLOWS__HTTP_ALLOW: '["127.0.0.1"]' } });

const OWNER = 'owner@demo.parley.local';
const AGENT = 'agent@demo.parley.local';
const ORDER_FLOW = 'Order lookup';
const APPOINTMENT_FLOW = 'Appointment booking';
// A number no demo contact has, so no seeded run or conversation interferes.
const CUSTOMER_PHONE = '+1 415 555 0142';
const CUSTOMER = 'Olivia Order';
const GOOD_ORDER = 'A1042';
const BAD_ORDER = 'no idea, sorry!';
// The Order status template's texts (crates/flow/src/templates.rs).
const ASK_ORDER = "What's your order number?";
const RETRY_ORDER = 'Order numbers look like A1234 or 100-2345';
const MENU_TEXT = 'How can we help you today?';

/** The shop's order API: `GET /api/orders/A1042` is shipped, any other order is unknown. Keeps every request. */
const shop = { server: null, port: 0, requests: [] };
before(async () => {
  shop.server = createServer((req, res) => {
    shop.requests.push({ method: req.method, url: req.url, accept: req.headers.accept });
    const m = req.method === 'GET' && req.url?.match(/^\/api\/orders\/([^/?]+)$/);
    if (m && decodeURIComponent(m[1]) === GOOD_ORDER) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: GOOD_ORDER, status: 'shipped', delivery: { eta: 'Thursday' } }));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found' }));
  });
  await new Promise((resolve) => shop.server.listen(0, '127.0.0.1', resolve));
  shop.port = shop.server.address().port;
});
after(() => new Promise((resolve) => shop.server?.close(resolve)));

const lookups = () => shop.requests.filter((r) => r.url === `/api/orders/${GOOD_ORDER}`).length;

/** The flows list's row of `name` (the table on a desktop; the cards list is hidden there). */
const flowRow = (page, name) => page.getByTestId('flow-row').filter({ visible: true }).filter({ has: page.getByText(name, { exact: true }) });

/** Creates a flow from a template in the "New flow" dialog and waits for the builder; returns the flow id. */
async function createFromTemplate(page, template, name) {
  await page.getByTestId('new-flow').click();
  const dialog = page.getByTestId('new-flow-dialog');
  await expectVisible(dialog.locator(`[data-testid="template-card"][data-template="${template}"]`), `the gallery offers the ${template} template`);
  await dialog.locator(`[data-testid="template-card"][data-template="${template}"]`).click();
  await dialog.getByTestId('new-flow-name').fill(name);
  await dialog.getByTestId('create-flow').click();
  await page.waitForURL(/\/app\/flows\/[0-9a-f-]+$/);
  await expectVisible(page.getByTestId('flow-builder'), 'the builder opens on the new flow');
  await expectVisible(page.getByTestId('builder-title').getByText(name), 'the builder shows the flow name');
  return new URL(page.url()).pathname.split('/').pop();
}

/** Publishes from the builder and waits for the version to be live. */
async function publish(page, version) {
  await page.getByTestId('publish').click();
  await expectVisible(page.getByText(`Version ${version} is published and live.`), `version ${version} is published`);
  await page.locator('[data-testid="builder-status"][data-status="published"]').waitFor();
}

test('a flow is built from a template, tried in the sandbox, published and walked by a customer', async (t) => {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  const token = (await login.json()).accessToken;

  const { context: ownerCtx, page: owner } = await newPage();
  const { context: customerCtx, page: customer } = await newPage(PHONE);
  const { context: agentCtx, page: agent } = await newPage();
  const ids = { order: '', appointment: '', welcome: '' };
  const lookupUrl = `http://127.0.0.1:${shop.port}/api/orders/{{vars.order_id}}`;

  const bot = (text) => customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: text });
  const say = async (text) => {
    await customer.getByTestId('phone-input').fill(text);
    await customer.getByTestId('phone-input').press('Enter');
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="true"]').filter({ hasText: text }), `the customer's "${text}" shows in the chat`);
  };

  await t.test('the owner opens Flows and pauses the demo "Order status"', async () => {
    await signIn(owner, OWNER);
    await expectVisible(owner.getByTestId('layout-user'), 'the owner lands in the user area');
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Flows', exact: true }).click();
    await owner.waitForURL('**/app/flows');
    for (const name of ['Welcome menu', 'Order status', 'Quote request', 'After-hours reply']) {
      await expectVisible(flowRow(owner, name), `the demo flow "${name}" is listed`);
    }
    // The status badges drop their data-status (components/ui/Badge passes no extra props on), so read their words.
    await expectVisible(flowRow(owner, 'After-hours reply').getByText('Draft', { exact: true }), 'the after-hours reply is a draft');
    ids.welcome = await flowRow(owner, 'Welcome menu').getAttribute('data-flow-id');
    await shot(owner, 'flows-01-list');

    const row = flowRow(owner, 'Order status');
    await expectVisible(row.getByText('Published', { exact: true }), 'the demo "Order status" is published');
    await row.getByTestId('flow-menu').click();
    await owner.getByTestId('flow-pause').click();
    await owner.getByTestId('confirm-modal').getByTestId('confirm-button').click();
    await owner.getByTestId('confirm-modal').waitFor({ state: 'detached' });
    await expectVisible(row.getByText('Paused', { exact: true }), 'the demo "Order status" is paused');
  });

  await t.test('the owner builds "Order lookup" from the Order status template, pointed at the local shop', async () => {
    ids.order = await createFromTemplate(owner, 'order_status', ORDER_FLOW);
    const http = owner.locator('[data-testid="flow-node"][data-node-id="lookup"]');
    await expectVisible(http, 'the template has its HTTP node');
    await http.click();
    const panel = owner.locator('[data-testid="node-panel"][data-node-id="lookup"]');
    await expectVisible(panel, 'clicking the HTTP node opens its settings');
    const url = panel.getByTestId('field-url');
    assert.equal(await url.inputValue(), 'https://shop.example.com/api/orders/{{vars.order_id}}', "the template's URL is the example shop");
    await url.fill(lookupUrl);
    await owner.locator('[data-testid="save-status"][data-status="saved"]').waitFor({ timeout: 10_000 });
    const saved = await api(token, 'GET', `/flows/${ids.order}`);
    assert.equal(saved.status, 200);
    const node = saved.body.draft.nodes.find((n) => n.id === 'lookup');
    assert.equal(node?.data?.url, lookupUrl, 'the autosave stored the new URL in the draft');
    assert.deepEqual(
      saved.body.issues.filter((i) => i.severity === 'error'),
      [],
      'an address on the allow list is not refused as private',
    );
    await expectVisible(owner.getByTestId('issues-ok'), 'the canvas says the flow has no issues');
    await shot(owner, 'flows-02-builder-http-node');
  });

  await t.test('the sandbox asks again after a bad order number and looks the good one up for real', async () => {
    await owner.getByTestId('open-test').click();
    const phone = owner.getByTestId('test-panel');
    await expectVisible(phone, 'the test phone opens');
    await phone.getByTestId('sandbox-samples').uncheck();
    await phone.getByTestId('sandbox-first-message').fill('order');
    await phone.getByTestId('sandbox-start').click();
    const botLine = (text) => phone.locator('[data-testid="sandbox-line"][data-from="bot"]').filter({ hasText: text });
    await expectVisible(botLine(ASK_ORDER), 'the draft asks for the order number');

    await phone.getByTestId('sandbox-input').fill(BAD_ORDER);
    await phone.getByTestId('sandbox-input').press('Enter');
    await expectVisible(botLine(RETRY_ORDER), 'a reply that is no order number is answered by the retry text');
    assert.equal(shop.requests.length, 0, 'nothing was looked up for the bad reply');

    await phone.getByTestId('sandbox-input').fill(GOOD_ORDER);
    await phone.getByTestId('sandbox-input').press('Enter');
    await expectVisible(botLine(/shipped.*Thursday/s), "the shop's answer (status and delivery) comes back in the test phone");
    await expectVisible(phone.getByTestId('sandbox-ended').getByText('Completed'), 'the test run is completed');
    assert.equal(lookups(), 1, 'the sandbox called the local shop once (a real call, not the sample)');
    assert.equal(shop.requests[0].accept, 'application/json', "the node's Accept header was sent");
    await expectVisible(owner.locator('[data-testid="flow-node"][data-node-id="status"][data-visited="true"]'), 'the path is lit on the canvas');
    await shot(owner, 'flows-03-sandbox');
  });

  await t.test('the owner publishes version 1', async () => {
    await publish(owner, 1);
    await expectVisible(owner.getByTestId('builder-status').getByText('v1'), 'the toolbar shows version 1');
    await shot(owner, 'flows-04-published');
  });

  await t.test('the agent has the inbox open', async () => {
    await signIn(agent, AGENT);
    await expectVisible(agent.getByTestId('layout-agent'), 'the agent lands in the agent area');
    await agent.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Conversations' }).click();
    await agent.waitForURL('**/agent/conversations');
    await agent.locator('[data-testid="connection-indicator"][data-state="live"]').waitFor();
  });

  await t.test('a customer on /phone asks for an order: retry, then the lookup answers', async () => {
    await customer.goto(`${baseUrl}/phone`);
    await expectVisible(customer.getByTestId('phone-chat'), 'the phone page opens the chat with the demo number');
    await customer.getByTestId('phone-customer').fill(CUSTOMER_PHONE);
    await customer.getByTestId('phone-name').fill(CUSTOMER);
    await expectVisible(customer.getByTestId('phone-messages').getByText('Say hello'), "the new customer's chat is empty");

    await say('order');
    await expectVisible(bot(ASK_ORDER), 'the published flow asks for the order number');
    await say(BAD_ORDER);
    await expectVisible(bot(RETRY_ORDER), 'the bot asks again after a bad order number');
    await say(GOOD_ORDER);
    await expectVisible(bot(/shipped.*Thursday/s), 'the bot answers with the status and the delivery day from the shop');
    await expectVisible(bot(/shipped/).locator('strong').getByText('shipped', { exact: true }), "WhatsApp's *bold* shows as bold");
    assert.equal(lookups(), 2, 'the published flow called the local shop (once more)');
    await shot(customer, 'flows-05-phone-order');
  });

  await t.test('the customer taps "Talk to a person" on the welcome menu; the agent gets the conversation', async () => {
    await say('menu');
    const menu = bot(MENU_TEXT);
    await expectVisible(menu, 'the welcome menu arrives');
    assert.equal(await menu.getAttribute('data-kind'), 'buttons', 'the welcome menu is a reply-buttons message');
    assert.deepEqual(
      await menu.getByTestId('phone-reply-button').allTextContents(),
      ['Our products', 'Opening hours', 'Talk to a person'],
      'its three buttons show under the bubble',
    );
    await shot(customer, 'flows-06-phone-buttons');
    await menu.getByRole('button', { name: 'Talk to a person' }).click();
    const tapped = customer.locator('[data-testid="phone-message"][data-mine="true"][data-kind="reply"]').filter({ hasText: 'Talk to a person' });
    await expectVisible(tapped, "the tapped button shows as the customer's message");
    await expectVisible(tapped.getByTestId('phone-quote').getByText(MENU_TEXT), 'quoting the menu it answers');
    await tapped.locator('[data-testid="phone-ticks"][data-status="delivered"], [data-testid="phone-ticks"][data-status="read"]').waitFor();

    const item = agent.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
    await expectVisible(item, 'the handed-off conversation is in the agent inbox without a reload');
    await item.click();
    await agent.waitForURL(/\/agent\/conversations\/[0-9a-f-]+$/);
    await expectVisible(agent.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: 'Talk to a person' }), "the agent sees the customer's tap");
    const fromBot = agent.locator('[data-testid="message"][data-direction="outbound"]').filter({ has: agent.getByTestId('message-bot') });
    await expectVisible(fromBot.filter({ hasText: MENU_TEXT }), "the agent sees the bot's menu, marked as the bot's");
    await expectVisible(fromBot.filter({ hasText: 'Welcome menu' }), 'bot messages name their flow');
    await agent.getByTestId('bot-bar').waitFor({ state: 'detached' }).catch(() => {
      throw new Error('no bot is running in the conversation once it was handed off');
    });
    await shot(agent, 'flows-07-agent-handoff');
  });

  await t.test('an "Appointment request" flow: the customer picks a day from the list', async () => {
    await owner.getByTestId('flow-builder').locator('a[href="/app/flows"]').click();
    await owner.waitForURL('**/app/flows');
    ids.appointment = await createFromTemplate(owner, 'appointment_request', APPOINTMENT_FLOW);
    await owner.getByTestId('save-status').and(owner.locator('[data-status="saved"]')).waitFor();
    await publish(owner, 1);

    await say('I would like to book an appointment');
    const list = bot('Which day suits you best for your appointment?');
    await expectVisible(list, 'the bot offers the days as a list');
    assert.equal(await list.getAttribute('data-kind'), 'list', 'the days come as a list message');
    const open = list.getByTestId('phone-open-list');
    await expectVisible(open.getByText('Pick a day'), "the list's button carries its label");
    await open.click();
    const sheet = customer.getByRole('dialog', { name: 'Pick a day' });
    await expectVisible(sheet, 'the list opens as a sheet');
    assert.deepEqual(await sheet.locator('h3').allTextContents(), ['Weekdays', 'Weekend'], 'the sheet shows the sections');
    assert.equal(await sheet.getByTestId('phone-list-row').count(), 6, 'the sheet lists the six days');
    assert.equal(await customer.evaluate(() => document.activeElement?.dataset.replyId), 'mon', 'the first row has the focus');
    await shot(customer, 'flows-08-phone-list');
    await customer.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    assert.equal(await customer.evaluate(() => document.activeElement?.dataset.testid), 'phone-open-list', 'Escape closes the sheet and gives the focus back');

    await open.click();
    await sheet.locator('[data-testid="phone-list-row"][data-reply-id="tue"]').click();
    await sheet.waitFor({ state: 'detached' });
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="true"][data-kind="reply"]').filter({ hasText: 'Tuesday' }), "the picked row shows as the customer's message");
    await expectVisible(bot('Great, Tuesday. Which date exactly?'), 'the bot answers the chosen day');
    await say('14/03/2027');
    await expectVisible(bot('We noted your request for Tuesday 2027-03-14'), 'the bot confirms the day and the date');
    await shot(customer, 'flows-09-phone-list-answered');
  });

  await t.test("the owner's executions show the runs completed and handed off, with their traces", async () => {
    const openRuns = async (id, name) => {
      await owner.goto(`${baseUrl}/app/flows`);
      const row = flowRow(owner, name);
      await row.getByTestId('flow-menu').click();
      await owner.getByRole('link', { name: 'Runs' }).click();
      await owner.waitForURL(`**/app/flows/${id}/runs`);
      await expectVisible(owner.getByTestId('runs-page').getByRole('heading', { name: `Runs of “${name}”` }), 'the runs page names the flow');
    };
    const runOf = (status) => owner.locator(`[data-testid="run-row"][data-status="${status}"]`).filter({ hasText: CUSTOMER });
    const traceHas = async (node, what) => expectVisible(owner.getByTestId('run-trace').locator(`[data-testid="trace-step"][data-node="${node}"]`), what);

    await openRuns(ids.order, ORDER_FLOW);
    await expectVisible(runOf('completed'), "the customer's run of Order lookup is completed");
    assert.equal(await owner.getByTestId('run-row').count(), 1, "only the customer's run is an execution (sandbox runs are not listed)");
    await runOf('completed').click();
    await expectVisible(owner.getByTestId('run-trace').getByText('Completed', { exact: true }), 'the trace says completed');
    for (const node of ['ask_order', 'lookup', 'found', 'status']) await traceHas(node, `the trace has the ${node} step`);
    const retried = owner.locator('[data-testid="trace-step"][data-node="ask_order"]').filter({ hasText: BAD_ORDER }).filter({ hasText: 'retry: 1' });
    await expectVisible(retried, 'the trace shows the bad reply and the retry');
    await shot(owner, 'flows-10-runs-order');

    await openRuns(ids.welcome, 'Welcome menu');
    await expectVisible(runOf('handed_off'), "the customer's welcome menu run is handed off");
    await runOf('handed_off').click();
    await traceHas('human', 'the trace ends at the handoff');
    await shot(owner, 'flows-11-runs-welcome');

    await openRuns(ids.appointment, APPOINTMENT_FLOW);
    await expectVisible(runOf('handed_off'), "the customer's appointment run is handed off to the team");
    await runOf('handed_off').click();
    await traceHas('day', 'the trace has the list question');
    await shot(owner, 'flows-12-runs-appointment');
  });

  await t.test('the builder on a phone and in Arabic', async () => {
    await owner.setViewportSize(PHONE);
    await owner.goto(`${baseUrl}/app/flows/${ids.order}`);
    await expectVisible(owner.getByTestId('flow-builder'), 'the builder opens on a phone');
    await expectVisible(owner.getByTestId('phone-readonly'), 'on a phone the canvas is read-only and says so');
    await expectVisible(owner.locator('[data-testid="flow-node"][data-node-id="lookup"]'), 'the nodes are drawn');
    await shot(owner, 'flows-13-builder-phone', false);
    const phoneOverflow = await overflowX(owner);

    await owner.getByTestId('language-switcher').selectOption('ar');
    await owner.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(owner.getByTestId('flow-builder'), 'the builder shows in Arabic');
    await shot(owner, 'flows-14-builder-phone-ar', false);
    const arOverflow = await overflowX(owner);
    await owner.setViewportSize(DESKTOP);
    await shot(owner, 'flows-15-builder-ar', false);
    assert.ok(phoneOverflow <= 0 && arOverflow <= 0, `the builder does not scroll sideways on a phone (overflow ${phoneOverflow}px, in Arabic ${arOverflow}px)`);

    // The customer's list sheet, right to left.
    await customer.getByTestId('language-switcher').selectOption('ar');
    await customer.waitForFunction(() => document.documentElement.dir === 'rtl');
    await customer.getByTestId('phone-open-list').last().click();
    await expectVisible(customer.getByTestId('phone-list-sheet'), 'the sheet opens in Arabic');
    await shot(customer, 'flows-16-phone-list-ar');
    assert.ok((await overflowX(customer)) <= 0, 'the phone page does not scroll sideways in Arabic');
    await customer.getByTestId('phone-list-close').click();
  });

  await agentCtx.close();
  await customerCtx.close();
  await ownerCtx.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

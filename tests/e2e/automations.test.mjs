// Browser end-to-end test of automations (docs/automations.md) on the demo (`parley serve --demo`). The owner opens
// Automations from the sidebar and finds the demo's four rules in their order; builds "keyword `pricing` → add the
// label Sales lead, assign to Adam Agent, start the Welcome menu flow" in the editor (a missing label is pointed out
// under its picker, the API's 422s on the empty name and on a too frequent schedule under their fields); moves the
// rule up with its arrow button and with dnd-kit's keyboard drag; a customer on /phone writes "pricing" and gets the
// flow's first message, and the conversation has the label and Adam; the rule's run log shows the run with its three
// actions. A rule is paused and resumed with its switch, another deleted after a confirmation. Then the list, the
// editor and the run log in English on a phone and in Arabic (right to left), without sideways scrolling.
// Screenshots in screenshots/.
// Run: `npm run build` in web/, then `node --test automations.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, sleep, until, useStack } from './harness.mjs';

useStack({ demo: true });

const OWNER = 'owner@demo.parley.local';
const RULE = 'Pricing questions to sales';
// Demo data (crates/services/src/platform/seed.rs, demo_flows.rs, demo_automations.rs).
const LABEL = 'Sales lead';
const AGENT = 'Adam Agent';
const FLOW = 'Welcome menu';
const MENU_TEXT = 'How can we help you today?';
const DEMO_RULES = ['Refund requests to Adam', 'Nudge when a customer waits 30 minutes', 'Monday morning digest', 'VIP contacts get a deal'];
// A number no demo contact has, so no seeded conversation or run interferes.
const CUSTOMER_PHONE = '+1 415 555 0177';
const CUSTOMER_DIGITS = '14155550177';
const CUSTOMER = 'Priya Pricing';

/** An element's text without the bidi isolates the summaries put around names and keywords. */
const plainText = async (locator) => (await locator.textContent()).replace(/[\u2068\u2069]/g, '');
const rowNames = (page) => page.getByTestId('automation-name').allTextContents();
const ruleRow = (page, name) => page.getByTestId('automation-row').filter({ has: page.getByTestId('automation-name').getByText(name, { exact: true }) });

/** The rules' names in the order the API runs them. */
async function apiOrder(token) {
  const res = await api(token, 'GET', '/automations');
  assert.equal(res.status, 200);
  return res.body.sort((a, b) => a.position - b.position).map((r) => r.name);
}

/** Polls `read` until `check` holds on its answer (or fails with the last answer). */
test('a keyword rule built in the editor labels, assigns and starts a flow for a customer, and logs the run', async (t) => {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  const token = (await login.json()).accessToken;
  const labelId = (await api(token, 'GET', '/labels')).body.find((l) => l.name === LABEL)?.id;
  const agentId = (await api(token, 'GET', '/agents')).body.find((a) => a.name === AGENT)?.userId;
  const flowId = (await api(token, 'GET', '/flows')).body.find((f) => f.name === FLOW)?.id;
  assert.ok(labelId && agentId && flowId, 'the demo has the label, the agent and the flow');

  const { context: ownerCtx, page: owner } = await newPage();
  const { context: customerCtx, page: customer } = await newPage(PHONE);
  let ruleId = '';

  await t.test('the owner opens Automations from the sidebar and finds the demo rules in their order', async () => {
    await signIn(owner, OWNER);
    await expectVisible(owner.getByTestId('layout-user'), 'the owner lands in the user area');
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Automations', exact: true }).click();
    await owner.waitForURL('**/app/automations');
    await expectVisible(owner.getByRole('heading', { name: 'Automations' }), 'the Automations page opens');
    await expectVisible(owner.getByTestId('automation-row').first(), 'the rules are listed');
    assert.deepEqual(await rowNames(owner), DEMO_RULES, 'the demo rules in the order they run');
    const refund = ruleRow(owner, DEMO_RULES[0]);
    assert.equal(await plainText(refund.getByTestId('automation-trigger')), 'a message contains “refund”, “money back” or “return”', 'the trigger reads as a sentence');
    assert.equal(await plainText(refund.getByTestId('automation-conditions')), 'always (no conditions)');
    assert.equal(
      await plainText(refund.getByTestId('automation-actions')),
      'add the label Order issue, then assign to Adam Agent, then stop the rules below',
      'so do the actions, with names',
    );
    assert.equal(await plainText(ruleRow(owner, DEMO_RULES[1]).getByTestId('automation-conditions')), 'inside business hours', 'and the conditions');
    const vip = ruleRow(owner, DEMO_RULES[3]);
    assert.equal(await vip.getAttribute('data-enabled'), 'false', 'the disabled demo rule is off');
    await expectVisible(vip.getByText('Paused'), 'and says it is paused');
    assert.equal(await vip.getByTestId('automation-enabled').getAttribute('aria-checked'), 'false');
    await shot(owner, 'automations-01-list');
  });

  await t.test('the editor points at a missing label, shows the API’s 422 under the name, then saves the rule', async () => {
    await owner.getByTestId('automation-new').first().click();
    await owner.waitForURL('**/app/automations/new');
    const editor = owner.getByTestId('rule-editor');
    await expectVisible(editor, 'the editor opens');

    await owner.getByTestId('rule-save').click();
    const first = editor.getByTestId('action-row').nth(0);
    await expectVisible(first.getByText('Choose one.'), 'an action without its label is pointed out under the picker');
    await first.getByTestId('action-label').selectOption({ label: LABEL });
    await owner.getByTestId('rule-save').click();
    await expectVisible(editor.getByTestId('error-rule-name'), "the API's 422 on the empty name shows under the name");
    assert.match(await editor.getByTestId('error-rule-name').innerText(), /required/);
    assert.equal(owner.url(), `${baseUrl}/app/automations/new`, 'nothing was saved');

    await editor.getByLabel('Name').fill(RULE);
    // A schedule more often than every five minutes: the API names `trigger.cron`, shown under the cron field.
    await editor.getByTestId('trigger-kind').selectOption('schedule');
    await editor.getByTestId('trigger-cron').fill('*/2 * * * *');
    await owner.getByTestId('rule-save').click();
    await expectVisible(editor.getByTestId('error-trigger-cron'), "the API's 422 on the cron shows under the cron");
    assert.equal(owner.url(), `${baseUrl}/app/automations/new`, 'still nothing saved');
    await editor.getByTestId('trigger-kind').selectOption('messageReceived');
    await editor.getByTestId('trigger-keyword-input').fill('pricing');
    await editor.getByTestId('trigger-keyword-input').press('Enter');
    await expectVisible(editor.getByTestId('trigger-keyword').getByText('pricing'), 'the keyword is added as a chip');

    await editor.getByTestId('action-add').click();
    const second = editor.getByTestId('action-row').nth(1);
    await second.getByTestId('action-type').selectOption('assign');
    await second.getByTestId('action-agent').selectOption({ label: AGENT });
    await editor.getByTestId('action-add').click();
    const third = editor.getByTestId('action-row').nth(2);
    await third.getByTestId('action-type').selectOption('startFlow');
    await third.getByTestId('action-flow').selectOption({ label: FLOW });
    assert.equal(
      await plainText(editor.getByTestId('rule-preview-text')),
      `When a message contains “pricing”: add the label ${LABEL}, then assign to ${AGENT}, then start the flow ${FLOW}.`,
      'the rule reads back as a sentence',
    );
    await owner.evaluate(() => window.scrollTo(0, 0));
    await shot(owner, 'automations-02-editor');
    await owner.getByTestId('rule-save').click();
    await owner.waitForURL('**/app/automations');

    assert.deepEqual(await apiOrder(token), [...DEMO_RULES, RULE], 'a new rule goes last');
    const saved = (await api(token, 'GET', '/automations')).body.find((r) => r.name === RULE);
    ruleId = saved.id;
    assert.deepEqual(saved.trigger, { kind: 'messageReceived', keywords: ['pricing'] });
    assert.deepEqual(saved.conditions, { match: 'all', groups: [] });
    assert.deepEqual(saved.actions, [
      { type: 'addLabel', labelId },
      { type: 'assign', userId: agentId, teamId: null },
      { type: 'startFlow', flowId },
    ]);
    assert.equal(saved.enabled, true);
    await expectVisible(ruleRow(owner, RULE), 'the list shows the new rule');
    assert.deepEqual(await rowNames(owner), [...DEMO_RULES, RULE]);
  });

  await t.test('the rule moves up with its arrow button and with a keyboard drag', async () => {
    await ruleRow(owner, RULE).getByTestId('automation-up').click();
    const once = [DEMO_RULES[0], DEMO_RULES[1], DEMO_RULES[2], RULE, DEMO_RULES[3]];
    await until(() => rowNames(owner), (n) => JSON.stringify(n) === JSON.stringify(once), 'the list shows the rule one up');
    await until(() => apiOrder(token), (n) => JSON.stringify(n) === JSON.stringify(once), 'the API runs the rule one up');

    // dnd-kit's keyboard sensor: Space picks the rule up, the arrow moves it, Space drops it; each step is announced
    // to screen readers (the test waits for each announcement rather than for a fixed time).
    const announced = (text) =>
      owner
        .locator('[id^="DndLiveRegion"]', { hasText: text })
        .waitFor({ state: 'attached' })
        .catch((e) => assert.fail(`dnd-kit did not announce "${text}": ${e.message.split('\n')[0]}`));
    const handle = ruleRow(owner, RULE).getByTestId('automation-handle');
    await handle.focus();
    await owner.keyboard.press('Space');
    // "Picked up …" is replaced at once by where the rule is over: its own place.
    await announced(`${RULE} is over position 4.`);
    // The sensor starts listening for arrows just after it announces the pick-up; on a loaded machine a first arrow
    // can come before that. Press again only while the rule is still announced over its own place (no overshoot).
    const region = owner.locator('[id^="DndLiveRegion"]');
    for (let i = 0; i < 5; i++) {
      await owner.keyboard.press('ArrowUp');
      const moved = await region.filter({ hasText: `${RULE} is over position 3.` }).waitFor({ state: 'attached', timeout: 3000 }).then(() => true, () => false);
      if (moved || !(await region.filter({ hasText: `${RULE} is over position 4.` }).count())) break;
    }
    await announced(`${RULE} is over position 3.`);
    await owner.keyboard.press('Space');
    await announced(`${RULE} dropped at position 3.`);
    const twice = [DEMO_RULES[0], DEMO_RULES[1], RULE, DEMO_RULES[2], DEMO_RULES[3]];
    await until(() => rowNames(owner), (n) => JSON.stringify(n) === JSON.stringify(twice), 'the list shows the dragged rule');
    await until(() => apiOrder(token), (n) => JSON.stringify(n) === JSON.stringify(twice), 'the API runs the rules in the dragged order');
    await owner.reload();
    await expectVisible(ruleRow(owner, RULE), 'the list is back after a reload');
    assert.deepEqual(await rowNames(owner), twice, 'the order stays after a reload');
    assert.equal(await ruleRow(owner, RULE).getByTestId('automation-position').innerText(), '3');
  });

  await t.test('a customer writes "pricing" on /phone: the flow answers, the conversation has the label and Adam', async () => {
    await customer.goto(`${baseUrl}/phone`);
    await expectVisible(customer.getByTestId('phone-chat'), 'the phone page opens the chat with the demo number');
    await customer.getByTestId('phone-customer').fill(CUSTOMER_PHONE);
    await customer.getByTestId('phone-name').fill(CUSTOMER);
    await expectVisible(customer.getByTestId('phone-messages').getByText('Say hello'), "the new customer's chat is empty");
    await customer.getByTestId('phone-input').fill('Hi, what is your pricing?');
    await customer.getByTestId('phone-input').press('Enter');
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="true"]').filter({ hasText: 'pricing' }), "the customer's message shows");
    await expectVisible(customer.locator('[data-testid="phone-message"][data-mine="false"]').filter({ hasText: MENU_TEXT }), "the flow's first message reaches the phone");
    await shot(customer, 'automations-03-phone');

    const contact = await until(
      async () => (await api(token, 'GET', `/contacts?q=${CUSTOMER_DIGITS}`)).body?.items?.[0],
      (c) => Boolean(c?.id),
      'the customer is a contact',
    );
    const conversation = await until(
      async () => (await api(token, 'GET', `/conversations?contactId=${contact.id}`)).body?.items?.[0],
      (c) => c?.assigneeId === agentId && (c?.labels ?? []).some((l) => l.id === labelId),
      `the conversation is assigned to ${AGENT} and has the label ${LABEL}`,
    );
    assert.equal(conversation.assigneeName, AGENT);
  });

  await t.test("the rule's run log shows the run, its contact and its three actions", async () => {
    await ruleRow(owner, RULE).getByTestId('automation-runs').click();
    await owner.waitForURL(`**/app/automations/${ruleId}/runs`);
    const run = owner.getByTestId('run-row').first();
    await expectVisible(run, 'the run is listed');
    assert.equal(await owner.getByTestId('run-row').count(), 1, 'one run: the one message with the keyword');
    assert.equal(await run.getAttribute('data-status'), 'matched');
    await expectVisible(run.getByTestId('run-status').getByText('Ran'), 'the outcome is named');
    await expectVisible(run.getByTestId('run-contact').getByText(CUSTOMER), "the contact's name links to the contact");
    await expectVisible(run.getByTestId('run-conversation'), 'and the conversation');
    assert.deepEqual(
      await run.getByTestId('run-action').evaluateAll((els) => els.map((e) => [e.dataset.type, e.dataset.ok])),
      [['addLabel', 'true'], ['assign', 'true'], ['startFlow', 'true']],
      'each action ran',
    );
    await shot(owner, 'automations-04-runs');
    await owner.getByTestId('run-filter').selectOption('failed');
    await expectVisible(owner.getByText('No runs with this outcome'), 'no failed runs');

    await owner.goto(`${baseUrl}/app/automations`);
    await expectVisible(ruleRow(owner, RULE).getByTestId('automation-stats').getByText(/Runs: 1 · last run/), 'the list counts the run');
  });

  await t.test('a rule is paused and resumed with its switch, another deleted after a confirmation', async () => {
    const row = ruleRow(owner, RULE);
    await row.getByTestId('automation-enabled').click();
    await expectVisible(row.getByText('Paused'), 'the rule says it is paused');
    await until(async () => (await api(token, 'GET', `/automations/${ruleId}`)).body.enabled, (e) => e === false, 'the API has the rule off');
    await row.getByTestId('automation-enabled').click();
    await until(async () => (await api(token, 'GET', `/automations/${ruleId}`)).body.enabled, (e) => e === true, 'the API has the rule on again');
    // The switch redraws when its refetch lands, which can be after the API already answers "on".
    await until(() => row.getByTestId('automation-enabled').getAttribute('aria-checked'), (v) => v === 'true', 'the switch shows the rule on');

    const digest = (await api(token, 'GET', '/automations')).body.find((r) => r.name === DEMO_RULES[2]);
    await ruleRow(owner, DEMO_RULES[2]).getByTestId('automation-delete').click();
    const dialog = owner.getByRole('dialog');
    await expectVisible(dialog.getByText(`“${DEMO_RULES[2]}” stops running`), 'the confirmation names the rule');
    await shot(owner, 'automations-05-delete', false);
    await dialog.getByRole('button', { name: 'Delete rule' }).click();
    await ruleRow(owner, DEMO_RULES[2]).waitFor({ state: 'detached' });
    assert.equal((await api(token, 'GET', `/automations/${digest.id}`)).status, 404, 'the rule is gone');
  });

  await ownerCtx.close();
  await customerCtx.close();
});

test('the automations pages in Arabic and on a phone: right to left, no sideways scrolling', async () => {
  const { context, page } = await newPage(PHONE);
  await signIn(page, OWNER);
  await page.waitForURL('**/app');

  await page.goto(`${baseUrl}/app/automations`);
  await expectVisible(ruleRow(page, RULE), 'the list opens on a phone');
  assert.ok((await overflowX(page)) <= 0, 'the list does not scroll sideways on a phone');
  await shot(page, 'automations-06-phone-list');
  await ruleRow(page, RULE).getByTestId('automation-edit').click();
  await expectVisible(page.getByTestId('rule-editor').getByLabel('Name'), 'the editor opens on a phone');
  assert.equal(await page.getByTestId('rule-editor').getByLabel('Name').inputValue(), RULE, 'with the rule loaded');
  assert.equal(await page.getByTestId('action-row').count(), 3);
  assert.ok((await overflowX(page)) <= 0, 'the editor does not scroll sideways on a phone');
  await shot(page, 'automations-07-phone-editor');

  await page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
  await page.goto(`${baseUrl}/app/automations`);
  await expectVisible(page.getByRole('heading', { name: 'الأتمتة' }), 'the page is in Arabic');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const row = ruleRow(page, RULE);
  await expectVisible(row, 'the rule is listed');
  assert.equal(await plainText(row.getByTestId('automation-trigger')), 'تحتوي رسالة على «pricing»', 'the trigger reads in Arabic');
  assert.ok((await overflowX(page)) <= 0, 'the Arabic list does not scroll sideways');
  await shot(page, 'automations-08-ar-phone-list');

  await row.getByTestId('automation-edit').click();
  const editor = page.getByTestId('rule-editor');
  await expectVisible(editor.getByText('تعديل القاعدة'), 'the editor is in Arabic');
  assert.match(await plainText(editor.getByTestId('rule-preview-text')), /^عندما تحتوي رسالة على «pricing»: إضافة التصنيف Sales lead، ثم الإسناد إلى Adam Agent، ثم بدء التدفق Welcome menu\.$/, 'the preview reads in Arabic');
  assert.ok((await overflowX(page)) <= 0, 'the Arabic editor does not scroll sideways');
  await shot(page, 'automations-09-ar-phone-editor');

  await page.goto(`${baseUrl}/app/automations`);
  await ruleRow(page, RULE).getByTestId('automation-runs').click();
  await expectVisible(page.getByTestId('run-row').first().getByText('عملت'), 'the run log is in Arabic');
  assert.ok((await overflowX(page)) <= 0, 'the Arabic run log does not scroll sideways');
  await shot(page, 'automations-10-ar-phone-runs');
  await page.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  await context.close();
  assert.deepEqual(pageErrors, [], 'no page errors');
});

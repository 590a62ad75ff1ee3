// Browser end-to-end test of campaigns on the demo (`parley serve --demo`): the owner opens Campaigns, goes through
// the wizard (a name, the demo number, the order_update template with {{1}} from the contact's name with a fallback
// and {{2}} a fixed text, the "Pro or Enterprise in Lisbon" segment with its final count, a pace of one message a
// second), sends a test to a number and launches; on the live page pauses and resumes it and watches the counters
// reach completed; a recipient answers through the simulator's control API, and the inbox shows that conversation
// tagged with the campaign's name. Then the campaign page in Arabic on a phone. Screenshots in screenshots/.
// Run: `npm run build` in web/, then `node --test campaigns.test.mjs` here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DEMO_PASSWORD as PASSWORD, DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, sleep, useStack, sim } from './harness.mjs';

useStack({ demo: true });

const OWNER = 'owner@demo.parley.local';
// crates/services/src/platform/seed.rs DEMO_PHONE_NUMBER_ID: the demo number in the simulator.
const DEMO_PHONE_NUMBER_ID = '100000000000001';
const CAMPAIGN = 'Lisbon order update';
const SEGMENT = 'Pro or Enterprise in Lisbon';
const FALLBACK = 'there';
const STATUS_TEXT = 'on its way';
// Not a demo contact: the test message takes the fallback.
const TEST_PHONE = '+351 910 000 042';
const SUPPRESSED = '+351 912 000 111';
const SUPPRESSED_E164 = '+351912000111';

const digits = (phone) => phone.replace(/\D/g, '');

test('a campaign is built in the wizard, test-sent, launched, paused, resumed, completed, and its reply tagged in the inbox', async (t) => {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  const token = (await login.json()).accessToken;

  const connections = await api(token, 'GET', '/whatsapp/connections');
  const demoNumber = connections.body.find((c) => c.phoneNumberId === DEMO_PHONE_NUMBER_ID);
  assert.ok(demoNumber, `the demo number (${DEMO_PHONE_NUMBER_ID}) is connected: ${JSON.stringify(connections.body)}`);

  const { context, page: owner } = await newPage();
  const ids = { campaign: '', finalCount: 0, replier: '', replierName: '' };

  await t.test('the owner opens Campaigns from the sidebar', async () => {
    await signIn(owner, OWNER);
    await expectVisible(owner.getByTestId('layout-user'), 'the owner lands in the user area');
    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Campaigns', exact: true }).click();
    await owner.waitForURL('**/app/campaigns');
    await expectVisible(owner.getByTestId('campaigns-page'), 'the campaigns list opens');
    await shot(owner, 'campaigns-01-list');
  });

  await t.test('the wizard: name, number, template with its preview, variables, audience with the final count', async () => {
    await owner.getByTestId('new-campaign').click();
    await owner.waitForURL('**/app/campaigns/new');
    await owner.getByTestId('campaign-name').fill(CAMPAIGN);
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/\/app\/campaigns\/[0-9a-f-]+\/edit\?step=number$/);
    ids.campaign = new URL(owner.url()).pathname.split('/')[3];
    const draft = await api(token, 'GET', `/campaigns/${ids.campaign}`);
    assert.equal(draft.status, 200);
    assert.equal(draft.body.status, 'draft', 'the name step created a draft');
    assert.equal(draft.body.name, CAMPAIGN);

    await owner.locator(`[data-testid="number-option"][data-connection-id="${demoNumber.id}"] input`).check();
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/step=template$/);

    const orderUpdate = owner.locator('[data-testid="template-option"][data-template="order_update"]');
    await expectVisible(orderUpdate, 'the demo number offers the approved order_update template');
    await orderUpdate.click();
    await expectVisible(owner.getByTestId('preview-body').getByText(/Your order .* is .*\./), 'the preview shows the template body');
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/step=variables$/);

    const row1 = owner.locator('[data-testid="variable-row"][data-slot="body.1"]');
    const row2 = owner.locator('[data-testid="variable-row"][data-slot="body.2"]');
    await expectVisible(row1, 'a row for {{1}}');
    await expectVisible(row2, 'a row for {{2}}');
    await row1.getByTestId('variable-source').selectOption('field');
    await row1.getByTestId('variable-value').selectOption('name');
    await row1.getByTestId('variable-fallback').fill(FALLBACK);
    await row2.getByTestId('variable-source').selectOption('constant');
    await row2.getByTestId('variable-value').fill(STATUS_TEXT);
    await expectVisible(owner.getByTestId('preview-body').getByText(`Your order [Name] is ${STATUS_TEXT}.`), 'the preview fills {{1}} with the name field and {{2}} with the text');
    await shot(owner, 'campaigns-02-wizard-preview');
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/step=audience$/);
    const saved = await api(token, 'GET', `/campaigns/${ids.campaign}`);
    assert.deepEqual(
      saved.body.variables,
      {
        'body.1': { source: 'field', value: 'name', fallback: FALLBACK },
        'body.2': { source: 'constant', value: STATUS_TEXT, fallback: null },
      },
      'the variables step saved its mappings in the draft',
    );

    const segment = owner.getByTestId('include-segment').filter({ hasText: SEGMENT });
    await expectVisible(segment, `the demo segment "${SEGMENT}" is offered`);
    await segment.click();
    const finalCount = owner.getByTestId('final-count');
    await owner.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="final-count"]')?.textContent ?? '') && Number(document.querySelector('[data-testid="final-count"]')?.textContent) > 0, null, { timeout: 15_000 });
    ids.finalCount = Number(await finalCount.textContent());
    const preview = await api(token, 'GET', `/campaigns/${ids.campaign}/preview`);
    assert.equal(preview.status, 200);
    assert.equal(preview.body.audience.finalCount, ids.finalCount, 'the page shows the final count of the pre-send checks');
    await shot(owner, 'campaigns-03-wizard-audience');
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/step=schedule$/);
  });

  await t.test('schedule: now, at one message a second; review: checks, cost, a test send', async () => {
    await owner.getByTestId('limit-rate').check();
    await owner.getByTestId('rate').fill('1');
    await owner.getByTestId('wizard-next').click();
    await owner.waitForURL(/step=review$/);
    await expectVisible(owner.getByTestId('pre-send-checks'), 'the review runs the pre-send checks');
    assert.equal(await owner.getByTestId('check-errors').count(), 0, 'no check blocks the launch');
    await expectVisible(owner.getByTestId('cost-estimate'), 'the cost estimate is shown');
    assert.equal(await owner.getByTestId('final-count').textContent(), String(ids.finalCount), 'the review shows the same final count');
    await expectVisible(owner.getByTestId('send-time'), 'the time to send is shown');

    assert.equal(await owner.getByTestId('test-phone').inputValue(), '', 'the test phone starts empty');
    await owner.getByTestId('test-phone').fill(TEST_PHONE);
    await owner.getByTestId('test-send-button').click();
    await expectVisible(owner.getByTestId('test-send-ok'), 'the test send succeeds');
    const chat = await sim('GET', `/customers/${digits(TEST_PHONE)}/messages?phoneNumberId=${DEMO_PHONE_NUMBER_ID}`);
    assert.equal(chat.status, 200);
    const sent = chat.body.filter((m) => m.direction === 'outbound' && m.type === 'template');
    assert.equal(sent.length, 1, `the test number got one template message: ${JSON.stringify(chat.body)}`);
    const params = JSON.stringify(sent[0].payload);
    assert.ok(params.includes(FALLBACK) && params.includes(STATUS_TEXT), `the test took the fallback and the text: ${params}`);
    await shot(owner, 'campaigns-04-wizard-review');
  });

  await t.test('the owner launches it, pauses and resumes it on the live page, and it completes', async () => {
    await owner.getByTestId('launch').click();
    await owner.getByTestId('confirm-modal').getByTestId('confirm-button').click();
    await owner.waitForURL(`**/app/campaigns/${ids.campaign}`);
    await expectVisible(owner.getByTestId('campaign-page'), 'the live page opens');
    await owner.locator('[data-testid="campaign-status"][data-status="running"]').first().waitFor();

    await owner.getByTestId('campaign-pause').click();
    await owner.locator('[data-testid="campaign-status"][data-status="paused"]').first().waitFor();
    await expectVisible(owner.getByTestId('status-reason'), 'the reason of the pause is shown');
    await expectVisible(owner.getByTestId('campaign-resume'), 'a paused campaign offers Resume');
    assert.equal(await owner.getByTestId('campaign-pause').count(), 0, 'a paused campaign does not offer Pause');
    await shot(owner, 'campaigns-05-live-paused');
    const paused = await api(token, 'GET', `/campaigns/${ids.campaign}`);
    assert.equal(paused.body.status, 'paused');

    await owner.getByTestId('campaign-resume').click();
    await owner.locator('[data-testid="campaign-status"][data-status="running"], [data-testid="campaign-status"][data-status="completed"]').first().waitFor();
    await shot(owner, 'campaigns-06-live-running');

    // One message a second: the segment takes about as many seconds as it has people.
    await owner.locator('[data-testid="campaign-status"][data-status="completed"]').first().waitFor({ timeout: (ids.finalCount + 60) * 1000 });
    const done = await api(token, 'GET', `/campaigns/${ids.campaign}`);
    assert.equal(done.body.status, 'completed');
    const counts = done.body.progress.counts;
    assert.equal(counts.total, ids.finalCount, 'every recipient of the final count was materialised');
    assert.equal(counts.pending + counts.sending, 0, 'nobody is left waiting');
    const sentCard = owner.locator('[data-testid="counter"][data-counter="sent"] [data-testid="counter-value"]');
    const reached = counts.sent + counts.delivered + counts.read + counts.replied;
    await owner.waitForFunction(
      ([want]) => document.querySelector('[data-testid="counter"][data-counter="sent"] [data-testid="counter-value"]')?.textContent === want,
      [String(reached)],
      { timeout: 10_000 },
    ).catch(async () => assert.fail(`the Sent card shows ${await sentCard.textContent()}, the API ${reached}`));
    await expectVisible(owner.getByTestId('funnel-chart').locator('svg'), 'the funnel chart is drawn');
    await expectVisible(owner.getByTestId('recipient-row').first(), 'the recipients are listed');
    await shot(owner, 'campaigns-07-live-completed');

    // Export CSV downloads the recipients with the session's token.
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByTestId('campaign-export').click()]);
    assert.match(download.suggestedFilename(), /\.csv$/, `the export is a CSV file (${download.suggestedFilename()})`);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, ids.finalCount + 1, `a header and one line per recipient:\n${csv}`);
  });

  await t.test('a recipient replies through the simulator; the inbox tags the conversation with the campaign', async () => {
    const recipients = await api(token, 'GET', `/campaigns/${ids.campaign}/messages?limit=100`);
    assert.equal(recipients.status, 200);
    const reachable = recipients.body.items.find((r) => ['sent', 'delivered', 'read'].includes(r.status));
    assert.ok(reachable, `a recipient got the message: ${JSON.stringify(recipients.body.items.map((r) => r.status))}`);
    ids.replier = reachable.phone;
    ids.replierName = reachable.contactName ?? reachable.phone;
    const reply = await sim('POST', `/customers/${digits(ids.replier)}/messages`, { phoneNumberId: DEMO_PHONE_NUMBER_ID, text: 'Yes please' });
    assert.equal(reply.status, 200, `the simulator takes the reply: ${JSON.stringify(reply.body)}`);
    assert.equal(reply.body.delivered, true, 'Parley accepted the reply webhook');

    // The reply settles the recipient as replied. Whether the open page follows is not checked here: the server
    // publishes campaign:progress at most every 500 ms per campaign and drops (never defers) an update that comes
    // sooner, so a reply landing just after a status webhook never reaches the page (reported, server side).
    let replied = 0;
    for (let i = 0; i < 30 && replied === 0; i++) {
      replied = (await api(token, 'GET', `/campaigns/${ids.campaign}`)).body.progress.counts.replied;
      if (replied === 0) await sleep(500);
    }
    assert.equal(replied, 1, 'the API counts the reply');

    await owner.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Conversations', exact: true }).click();
    await owner.waitForURL('**/app/conversations');
    const item = owner
      .getByTestId('conversation-item')
      .filter({ has: owner.getByTestId('conversation-name').filter({ hasText: ids.replierName }) })
      .filter({ has: owner.getByTestId('conversation-campaign').filter({ hasText: CAMPAIGN }) });
    await expectVisible(item, 'the replied conversation is listed with the campaign tag');
    await item.first().click();
    const header = owner.getByTestId('conversation-toolbar').getByTestId('conversation-campaign');
    await expectVisible(header, 'the open conversation shows the campaign tag');
    assert.equal((await header.textContent()).trim(), CAMPAIGN);
    assert.equal(await header.getAttribute('href'), `/app/campaigns/${ids.campaign}`, 'the tag links to the campaign');
    await expectVisible(owner.getByText('Yes please').first(), 'the reply is in the thread');
    await shot(owner, 'campaigns-08-inbox-tag');
  });

  await t.test('the suppression list: numbers added (an invalid one named), found and removed', async () => {
    await owner.goto(`${baseUrl}/app/campaigns`);
    await owner.getByTestId('open-suppressions').click();
    await owner.waitForURL('**/app/campaigns/suppressions');
    await owner.getByTestId('add-suppressions-open').click();
    await owner.getByTestId('suppression-phones').fill(`${SUPPRESSED}\nnot a number`);
    await owner.getByTestId('suppression-reason').fill('Asked us to stop');
    await owner.getByTestId('add-suppressions-submit').click();
    await expectVisible(owner.getByTestId('invalid-phones').getByText('not a number'), 'the line that is no number is named');
    await shot(owner, 'campaigns-09-suppressions-invalid');
    await owner.getByTestId('add-suppressions').getByRole('button', { name: 'Cancel' }).click();
    const row = owner.locator(`[data-testid="suppression-row"][data-phone="${SUPPRESSED_E164}"]`);
    await expectVisible(row, 'the added number is listed');
    await expectVisible(row.getByText('Asked us to stop'), 'with its reason');
    await owner.getByTestId('suppression-search').fill('999');
    await owner.locator('[data-testid="suppression-row"]').first().waitFor({ state: 'detached' });
    await owner.getByTestId('suppression-search').fill('');
    await row.getByTestId('suppression-remove').click();
    await owner.getByTestId('confirm-modal').getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
    const list = await api(token, 'GET', '/suppressions');
    assert.ok(!list.body.items.some((s) => s.phone === SUPPRESSED_E164), 'the number is off the list');
  });

  await t.test('the campaign page on a phone, in Arabic', async () => {
    await owner.setViewportSize(PHONE);
    await owner.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await owner.goto(`${baseUrl}/app/campaigns/${ids.campaign}`);
    await owner.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(owner.getByTestId('campaign-page'), 'the campaign page opens in Arabic');
    await expectVisible(owner.getByTestId('funnel-chart').locator('svg'), 'the funnel chart is drawn in Arabic');
    await sleep(300);
    const status = await owner.locator('[data-testid="campaign-status"]').first().textContent();
    assert.match(status, /[\u0600-\u06FF]/, `the status is in Arabic ("${status}")`);
    assert.equal(
      await owner.locator('[data-testid="counter"][data-counter="replied"] [data-testid="counter-value"]').textContent(),
      '1',
      'the opened page counts the reply',
    );
    await shot(owner, 'campaigns-10-live-ar-phone');
    assert.ok((await overflowX(owner)) <= 0, 'the campaign page does not scroll sideways on a phone in Arabic');

    await owner.goto(`${baseUrl}/app/campaigns`);
    await expectVisible(owner.getByTestId('campaign-row').filter({ visible: true }).first(), 'the list shows in Arabic');
    await shot(owner, 'campaigns-11-list-ar-phone');
    assert.ok((await overflowX(owner)) <= 0, 'the list does not scroll sideways on a phone in Arabic');

    // The demo's draft opens in the wizard, at its review.
    await owner.getByTestId('campaign-row').filter({ visible: true }).filter({ hasText: 'Spring collection preview' }).click();
    await owner.waitForURL(/\/edit/);
    await owner.goto(owner.url().replace(/\?.*$/, '') + '?step=review');
    await expectVisible(owner.getByTestId('pre-send-checks'), 'the wizard review shows in Arabic');
    await shot(owner, 'campaigns-12-wizard-ar-phone');
    assert.ok((await overflowX(owner)) <= 0, 'the wizard does not scroll sideways on a phone in Arabic');

    await owner.goto(`${baseUrl}/app/campaigns/suppressions`);
    await expectVisible(owner.getByTestId('suppressions-page'), 'the suppression list shows in Arabic');
    assert.ok((await overflowX(owner)) <= 0, 'the suppression list does not scroll sideways on a phone in Arabic');
    await owner.evaluate(() => localStorage.setItem('parley.locale', 'en'));
    await owner.setViewportSize(DESKTOP);
  });

  await context.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

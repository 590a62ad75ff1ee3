// Browser end-to-end test of the CRM (contract: docs/crm.md) on the demo (`parley serve --demo`): the owner imports a
// CSV with a custom field and watches the progress bar (fed by `import:progress`) reach done, downloads the failed
// rows, builds and saves a segment whose live count matches the file, drags a deal to the next stage on the board,
// and opens a ticket from a conversation a simulated customer started; screenshots at desktop and phone sizes and
// one in Arabic (right to left); the owner exports a contact's data (a ZIP with contact.json) and erases the contact.
// Run: `npm run build` in web/, then `node --test crm.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, baseUrl, expectVisible, newPage, pageErrors, shot, useStack } from './harness.mjs';

useStack({ demo: true });

const PASSWORD = 'parley-demo-1';
const OWNER = 'owner@demo.parley.local';
const LABEL = 'Sales lead'; // one of the demo's labels, given to every imported contact
const PLANS = ['gold', 'silver', 'bronze'];
const FIELD = 'lead_plan'; // the demo has its own `plan` field; this one only the imported leads have
const BAD_PHONE = '12ab';
const CUSTOMER = 'Casey Customer';
const TICKET_SUBJECT = 'Order 1042 arrived damaged';

/**
 * The CSV: 28 good rows (plans cycling gold, silver, bronze), one with a bad phone and one repeating the phone of
 * row 3. Returns the file and what the import should make of it.
 */
function leadsCsv() {
  const lines = ['Name,Phone,Email,Plan'];
  const good = [];
  for (let i = 0; i < 28; i++) {
    const row = { name: `Lead ${String(i + 1).padStart(2, '0')}`, phone: `+1212555${String(130 + i).padStart(4, '0')}`, email: `lead${i + 1}@example.org`, plan: PLANS[i % 3] };
    good.push(row);
    lines.push(`${row.name},${row.phone},${row.email},${row.plan}`);
    if (i === 9) lines.push(`Broken Phone,${BAD_PHONE},broken@example.org,gold`);
    if (i === 19) lines.push(`Lead 03 again,${good[2].phone},again@example.org,gold`);
  }
  return { csv: `${lines.join('\n')}\n`, good, rows: lines.length - 1, gold: good.filter((r) => r.plan === 'gold').length };
}
const LEADS = leadsCsv();

/** A JSON call of the API with the owner's token. */
async function api(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
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

async function signIn(page, email) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectVisible(page.getByTestId('layout-user'), 'the owner lands in the user area');
}

/** Waits until the import's page shows `status` (the badge follows `import:progress`). */
async function waitForImportStatus(page, status, timeout = 30_000) {
  await page
    .waitForFunction((s) => document.querySelector('[data-testid="import-progress"]')?.textContent?.toLowerCase().includes(s), status, { timeout })
    .catch(async () => {
      throw new Error(`the import reaches "${status}"; the progress card says: ${await page.getByTestId('import-progress').textContent().catch(() => '(none)')}`);
    });
}

async function noSidewaysScroll(page, what, size = PHONE) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} does not scroll sideways at ${size.width}px (overflow ${overflow}px)`);
}

/** The center of an element's box. */
async function centerOf(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element has a box on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('the owner imports, segments, sells and supports from the CRM', async (t) => {
  let n = 0;
  let broken = null;
  /**
   * A subtest that, when it fails, keeps a screenshot of the page and says where it was; the journeys build on each
   * other, so the steps after a failed one are skipped instead of failing for the same reason.
   */
  const step = (parent, name, fn) =>
    parent.test(name, { skip: broken ? `"${broken}" failed` : false }, async () => {
      n += 1;
      try {
        await fn();
      } catch (e) {
        broken = name;
        const failed = `crm-failed-${n}`;
        await shot(page, failed, false).catch(() => undefined);
        e.message += `\n(at ${page.url()}; screenshot ${failed}.png; page errors: ${JSON.stringify(pageErrors)})`;
        throw e;
      }
    });

  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  const token = (await login.json()).accessToken;

  const { context, page } = await newPage();
  // Every `import:progress` the page's socket receives (socket.io frames: `42["import:progress",{...}]`).
  const progressFrames = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const text = String(payload);
      const at = text.indexOf('[');
      if (!text.includes('"import:progress"') || at < 0) return;
      try {
        progressFrames.push(JSON.parse(text.slice(at))[1]);
      } catch {
        // Not a JSON event frame.
      }
    }),
  );
  const urls = {};
  let importId;
  let labelId;

  await step(t, 'a custom field for the lead plan', async () => {
    const field = await api(token, 'POST', '/contact-fields', { key: FIELD, label: 'Lead plan', kind: 'select', options: PLANS });
    assert.equal(field.status, 201, `POST /contact-fields creates the Lead plan field: ${JSON.stringify(field.body)}`);
    const labels = await api(token, 'GET', '/labels');
    assert.equal(labels.status, 200, 'GET /labels answers');
    labelId = labels.body.find((l) => l.name === LABEL)?.id;
    assert.ok(labelId, `the demo has the label ${LABEL}`);
    await signIn(page, OWNER);
  });

  await step(t, 'import a CSV and watch the progress bar reach done', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.waitForURL('**/app/contacts');
    await page.getByTestId('import-link').click();
    await page.waitForURL('**/app/contacts/import');
    await page.getByTestId('import-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(LEADS.csv) });
    await page.getByTestId('import-upload-submit').click();

    const mapping = page.getByTestId('import-mapping');
    await expectVisible(mapping, 'the upload leads to the column mapping');
    await expectVisible(mapping.getByText(`${LEADS.rows}`, { exact: false }), 'the mapping step names the row count');
    const rows = mapping.getByTestId('mapping-row');
    assert.equal(await rows.count(), 4, 'one mapping row per column');
    const target = (header) => rows.filter({ has: page.getByRole('cell', { name: header, exact: true }) }).getByTestId('mapping-target');
    for (const [header, expected] of [
      ['Name', 'name'],
      ['Phone', 'phone'],
      ['Email', 'email'],
    ]) {
      assert.equal(await target(header).inputValue(), expected, `the suggested mapping maps ${header} to ${expected}`);
    }
    await target('Plan').selectOption(`field.${FIELD}`);

    await page.locator('#import-consent').selectOption('opted_in');
    await page.getByTestId('import-start').click();
    await expectVisible(page.getByText('Say how these contacts opted in.'), 'opting in without a basis is refused');
    await page.locator('#import-basis').fill('Signed up at the spring trade fair');
    await page.locator('#import-labels').getByText(LABEL, { exact: true }).click();
    await page.getByTestId('import-confirm').check();

    // The bar must be fed by the socket's import:progress: once the progress step has read the import (when it
    // shows), its 3-second poll is held back until the bar is done, and released afterwards.
    const held = [];
    let reads = 0;
    const hold = (route) => {
      if (route.request().method() !== 'GET' || reads++ === 0) return route.continue();
      held.push(route);
    };
    const importOne = /\/api\/v1\/contacts\/imports\/[0-9a-f-]+$/;
    await page.route(importOne, hold);
    // The bar is watched from the moment the import starts: record every width it shows.
    await page.evaluate(() => {
      window.__progress = [];
      const seen = () => {
        const bar = document.querySelector('[data-testid="import-progress-bar"]');
        if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
      };
      new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    const [started] = await Promise.all([
      page.waitForResponse((r) => /\/contacts\/imports\/[^/]+\/start$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'),
      page.getByTestId('import-start').click(),
    ]);
    assert.ok([200, 202].includes(started.status()), `POST .../start accepts the import (${started.status()}: ${await started.text()})`);
    importId = (await started.json()).id;
    await expectVisible(page.getByTestId('import-progress-bar'), 'the progress bar shows once the import starts');
    await waitForImportStatus(page, 'done');
    await page.locator('[data-testid="import-progress-bar"][aria-valuenow="100"]').waitFor().catch(async () => {
      throw new Error(`the bar is full when done (it says ${await page.getByTestId('import-progress-bar').getAttribute('aria-valuenow')})`);
    });
    await page.unroute(importOne, hold);
    for (const r of held) await r.continue().catch(() => undefined);
    const done = progressFrames.find((f) => f.importId === importId && f.status === 'done');
    assert.ok(done, `the socket brought import:progress up to done (got ${JSON.stringify(progressFrames)})`);
    assert.deepEqual(
      { rowCount: done.rowCount, processed: done.processed, created: done.created, skipped: done.skipped, failed: done.failed },
      { rowCount: LEADS.rows, processed: LEADS.rows, created: LEADS.good.length, skipped: 1, failed: 1 },
      'the last import:progress has the final counts',
    );
    const widths = await page.evaluate(() => window.__progress);
    assert.ok(widths.length > 0 && widths.at(-1) === 100, `the bar moved to 100 (seen: ${widths.join(', ')})`);
    assert.ok(widths.every((w, i) => i === 0 || w >= widths[i - 1]), `the bar never goes back (seen: ${widths.join(', ')})`);

    const count = async (k) => (await page.getByTestId(`import-${k}`).textContent()).trim();
    assert.equal(await count('created'), String(LEADS.good.length), 'created counts every good row');
    assert.equal(await count('failed'), '1', 'failed counts the row with the bad phone');
    assert.equal(await count('skipped'), '1', 'skipped counts the repeated phone');
    assert.equal(await count('updated'), '0', 'nothing was updated');
    await shot(page, 'crm-01-import-done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-failed').click()]);
    const failedCsv = await new Promise((resolve, reject) => {
      download.createReadStream().then((stream) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    const lines = failedCsv.trim().split(/\r?\n/);
    assert.ok(lines.length >= 2, `the failed rows CSV has a header and a row:\n${failedCsv}`);
    assert.ok(lines.slice(1).some((l) => l.includes(BAD_PHONE)), `a failed row mentions the bad phone ${BAD_PHONE}:\n${failedCsv}`);
    assert.match(download.suggestedFilename(), /\.csv$/, 'the download is a .csv');

    const imp = await api(token, 'GET', `/contacts/imports/${importId}`);
    assert.equal(imp.body.status, 'done', 'the API agrees the import is done');
    assert.deepEqual(
      { created: imp.body.created, skipped: imp.body.skipped, failed: imp.body.failed, processed: imp.body.processed },
      { created: LEADS.good.length, skipped: 1, failed: 1, processed: LEADS.rows },
      'the API has the same counts',
    );
    const one = await api(token, 'GET', `/contacts?q=${encodeURIComponent(LEADS.good[0].phone)}`);
    const lead = one.body.items?.[0];
    assert.ok(lead, `the first lead was imported (${JSON.stringify(one.body)})`);
    assert.equal(lead.customFields?.[FIELD], 'gold', 'its plan came from the CSV');
    assert.equal(lead.consent?.status, 'opted_in', 'it is opted in');
    assert.ok(lead.labels?.some((l) => l.name === LABEL), `it has the label ${LABEL}`);
    urls.contact = `/app/contacts/${lead.id}`;
    urls.contactId = lead.id;
  });

  await step(t, 'the contacts list and a contact page show the imported people', async () => {
    await page.goto(`${baseUrl}/app/contacts`);
    await expectVisible(page.getByTestId('contacts-total'), 'the contacts list shows its total');
    // The newest first: the imported leads (made in one batch, so in no particular order among themselves) lead the list.
    await expectVisible(page.getByTestId('contact-row').first().filter({ hasText: /Lead \d\d/ }), 'an imported lead heads the list');
    await shot(page, 'crm-02-contacts');
    await page.getByTestId('contact-search').fill('Lead 01');
    await page.getByTestId('contact-link').filter({ hasText: /^Lead 01$/ }).click();
    await page.waitForURL(`**${urls.contact}`);
    await expectVisible(page.getByTestId('contact-name').getByText('Lead 01'), 'the contact page opens');
    await expectVisible(page.getByTestId('contact-page').getByText('gold', { exact: true }), 'the contact page shows the lead plan');
    await shot(page, 'crm-03-contact');
  });

  let segmentId;
  await step(t, 'a segment built in the builder counts what the file says, saved and opened as a list', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL('**/app/segments');
    await page.getByTestId('new-segment').click();
    const modal = page.getByTestId('segment-modal');
    await expectVisible(modal.getByTestId('criteria-builder'), 'the segment builder opens');
    await modal.locator('#segment-name').fill('Gold leads');

    await modal.getByTestId('criteria-add-condition').first().click();
    const first = modal.getByTestId('criteria-condition').nth(0);
    await first.getByTestId('criteria-field').selectOption(`field.${FIELD}`);
    await first.getByTestId('criteria-operator').selectOption('equals');
    await first.getByTestId('criteria-value').selectOption('gold');

    await modal.getByTestId('criteria-add-condition').first().click();
    const second = modal.getByTestId('criteria-condition').nth(1);
    await second.getByTestId('criteria-field').selectOption('label');
    await second.getByTestId('criteria-operator').selectOption('has');
    await second.getByTestId('criteria-value').selectOption(labelId);

    const preview = modal.getByTestId('segment-preview');
    await preview.getByText(`${LEADS.gold} contacts match now`).waitFor().catch(async () => {
      throw new Error(`the live count says ${LEADS.gold} (the good gold rows); it says "${await preview.textContent().catch(() => '(no preview)')}"`);
    });
    // The count follows the builder: silver instead of gold.
    await first.getByTestId('criteria-value').selectOption('silver');
    const silver = LEADS.good.filter((r) => r.plan === 'silver').length;
    await preview.getByText(`${silver} contacts match now`).waitFor().catch(async () => {
      throw new Error(`the live count follows the change to silver (${silver}); it says "${await preview.textContent()}"`);
    });
    await first.getByTestId('criteria-value').selectOption('gold');
    await preview.getByText(`${LEADS.gold} contacts match now`).waitFor();
    await shot(page, 'crm-04-segment-builder');

    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/contacts/segments' && r.request().method() === 'POST'),
      modal.getByTestId('segment-submit').click(),
    ]);
    assert.equal(created.status(), 201, `POST /contacts/segments creates it (${await created.text()})`);
    segmentId = (await created.json()).id;
    await modal.waitFor({ state: 'detached' });

    const row = page.locator(`[data-testid="segment-row"][data-segment-id="${segmentId}"]`);
    await expectVisible(row.getByText('Gold leads'), 'the segment is listed');
    await row.getByTestId('segment-count').getByText(String(LEADS.gold), { exact: true }).waitFor().catch(async () => {
      throw new Error(`the list shows the same count ${LEADS.gold}; it shows "${await row.getByTestId('segment-count').textContent().catch(() => '(none)')}"`);
    });
    const apiCount = await api(token, 'GET', `/contacts/segments/${segmentId}/count`);
    assert.equal(apiCount.body.count, LEADS.gold, 'GET /contacts/segments/{id}/count agrees');

    await row.getByTestId('open-segment').click();
    await page.waitForURL(`**/app/contacts?segmentId=${segmentId}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="contacts-table"]')?.dataset.count === String(n), LEADS.gold).catch(async () => {
      throw new Error(`the segment opens as a list of ${LEADS.gold} contacts; the table has ${await page.getByTestId('contacts-table').getAttribute('data-count')}`);
    });
    // The table renders only the rows in view: those must all be gold leads, and the API's list is exactly them.
    const expected = LEADS.good.filter((r) => r.plan === 'gold').map((r) => r.name);
    const names = await page.getByTestId('contact-link').allTextContents();
    assert.ok(names.length > 0 && names.every((name) => expected.includes(name)), `the list shows gold leads only (${names.join(', ')})`);
    const listed = await api(token, 'GET', `/contacts?segmentId=${segmentId}&limit=200`);
    assert.deepEqual(listed.body.items.map((c) => c.name).sort(), [...expected].sort(), 'GET /contacts?segmentId lists exactly the gold leads');
    assert.equal(await page.getByTestId('segment-select').inputValue(), segmentId, 'the segment is chosen in the list filter');
  });

  let dealId;
  let stages;
  await step(t, 'a deal is dragged to the next stage on the board', async () => {
    const pipelines = await api(token, 'GET', '/pipelines');
    assert.equal(pipelines.status, 200, 'GET /pipelines answers');
    const pipeline = pipelines.body.find((p) => p.isDefault) ?? pipelines.body[0];
    assert.ok(pipeline, `there is a default pipeline (${JSON.stringify(pipelines.body)})`);
    stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
    const deal = await api(token, 'POST', '/deals', { title: 'Fifty seats for Lead 01', contactId: urls.contactId, value: 1200, currency: 'USD', stageId: stages[0].id });
    assert.equal(deal.status, 201, `POST /deals creates the deal (${JSON.stringify(deal.body)})`);
    dealId = deal.body.id;
    assert.equal(deal.body.stageId, stages[0].id, 'the deal starts in the first stage');

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Deals' }).click();
    await page.waitForURL('**/app/deals');
    const card = page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`);
    const from = page.locator(`[data-testid="deal-column"][data-stage-id="${stages[0].id}"]`);
    const to = page.locator(`[data-testid="deal-column"][data-stage-id="${stages[1].id}"]`);
    await expectVisible(from.locator(`[data-deal-id="${dealId}"]`), `the deal is in ${stages[0].name}`);
    // The board scrolls sideways inside itself; the page does not.
    await noSidewaysScroll(page, 'the deals board', DESKTOP);
    await shot(page, 'crm-05-deals-board');

    await card.scrollIntoViewIfNeeded();
    const start = await centerOf(card);
    const toBox = await to.boundingBox();
    const target = { x: toBox.x + toBox.width / 2, y: toBox.y + Math.min(120, toBox.height / 2) };
    const [moved] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/deals/${dealId}/move`, { timeout: 10_000 }).catch(() => null),
      (async () => {
        await page.mouse.move(start.x, start.y);
        await page.mouse.down();
        await page.mouse.move(start.x + 10, start.y + 4, { steps: 3 });
        await page.mouse.move(target.x, target.y, { steps: 12 });
        await page.mouse.move(target.x, target.y + 2, { steps: 2 });
        await page.mouse.up();
      })(),
    ]);
    assert.ok(moved, 'dropping the card on the next column sends POST /deals/{id}/move');
    assert.equal(moved.status(), 200, `the move is accepted (${await moved.text()})`);
    await expectVisible(to.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`), `the card sits in ${stages[1].name} after the drop`);

    const after = await api(token, 'GET', `/deals/${dealId}`);
    assert.equal(after.body.stageId, stages[1].id, `GET /deals/{id} has the new stage ${stages[1].name}`);
    await page.reload();
    await expectVisible(to.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`), `after a reload the card is still in ${stages[1].name}`);
    assert.equal(await from.locator(`[data-deal-id="${dealId}"]`).count(), 0, `and no longer in ${stages[0].name}`);
  });

  let ticketId;
  let conversationId;
  await step(t, 'a ticket is opened from a conversation a customer started', async () => {
    const { context: phoneCtx, page: customer } = await newPage(PHONE);
    await customer.goto(`${baseUrl}/phone`);
    await expectVisible(customer.getByTestId('phone-chat'), 'the phone page shows the chat with the demo number');
    await customer.getByTestId('phone-input').fill('My order 1042 arrived damaged');
    await customer.getByTestId('phone-input').press('Enter');
    await customer.getByTestId('phone-message').filter({ hasText: 'arrived damaged' }).locator('[data-testid="phone-ticks"][data-status="delivered"]').waitFor();
    await phoneCtx.close();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Conversations' }).click();
    await page.waitForURL('**/app/conversations');
    const item = page.getByTestId('conversation-item').filter({ hasText: CUSTOMER });
    await expectVisible(item, 'the customer conversation is in the inbox');
    await item.click();
    await page.waitForURL(/\/app\/conversations\/[0-9a-f-]+$/);
    conversationId = new URL(page.url()).pathname.split('/').pop();
    await expectVisible(page.getByTestId('conversation-title').getByText(CUSTOMER), 'the conversation opens');
    // The contact panel sits beside the conversation on wide screens and behind a toggle below that.
    const panel = page.getByTestId('contact-panel');
    if (!(await panel.isVisible())) await page.getByTestId('contact-panel-toggle').click();
    const tickets = panel.getByTestId('tickets-panel');
    await expectVisible(tickets, 'the side panel has the tickets section');
    await tickets.getByTestId('new-ticket').click();
    const dialog = page.getByTestId('ticket-dialog');
    await expectVisible(dialog, 'the new ticket dialog opens');
    await dialog.getByTestId('ticket-submit').click();
    await expectVisible(dialog.getByText('Give the ticket a subject.'), 'a ticket without a subject is refused');
    await dialog.getByTestId('ticket-subject').fill(TICKET_SUBJECT);
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tickets' && r.request().method() === 'POST'),
      dialog.getByTestId('ticket-submit').click(),
    ]);
    assert.equal(created.status(), 201, `POST /tickets creates it (${await created.text()})`);
    ticketId = (await created.json()).id;
    await dialog.waitFor({ state: 'detached' });
    await expectVisible(tickets.locator(`[data-testid="panel-ticket"][data-ticket-id="${ticketId}"]`).getByText(TICKET_SUBJECT), 'the ticket appears in the side panel');

    const ticket = await api(token, 'GET', `/tickets/${ticketId}`);
    assert.deepEqual(ticket.body.conversationIds, [conversationId], 'the ticket is linked to the conversation');
    assert.equal(ticket.body.contactName, CUSTOMER, "the ticket has the conversation's contact");

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Tickets' }).click();
    await page.waitForURL('**/app/tickets');
    const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`).filter({ visible: true });
    await expectVisible(row.getByText(TICKET_SUBJECT), 'the ticket is listed in Tickets');
    await row.click();
    await page.waitForURL(`**/app/tickets/${ticketId}`);
    await expectVisible(page.getByTestId('ticket-subject').getByText(TICKET_SUBJECT), 'the ticket page opens');
    const link = page.getByTestId('ticket-conversation-link');
    await expectVisible(link, 'the ticket page links the conversation');
    assert.equal(await link.getAttribute('href'), `/app/conversations/${conversationId}`, 'the link leads to the conversation');
    await shot(page, 'crm-06-ticket');
    urls.ticket = `/app/tickets/${ticketId}`;
  });

  await step(t, 'the owner exports a contact\'s data as a ZIP and erases the contact', async () => {
    const lead = LEADS.good[1];
    const found = await api(token, 'GET', `/contacts?q=${encodeURIComponent(lead.phone)}`);
    const id = found.body.items?.[0]?.id;
    assert.ok(id, `the imported lead ${lead.name} is found`);
    await page.setViewportSize(DESKTOP);
    await page.goto(`${baseUrl}/app/contacts/${id}`);
    await expectVisible(page.getByTestId('contact-name').getByText(lead.name), 'the contact page shows the lead');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-contact').click()]);
    const zip = await new Promise((resolve, reject) => {
      download.createReadStream().then((stream) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      }, reject);
    });
    assert.match(download.suggestedFilename(), /\.zip$/, 'the download is a .zip');
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK', 'the download is a ZIP archive');
    assert.ok(zip.includes('contact.json'), 'the ZIP holds contact.json');
    assert.ok(zip.includes('messages.json') && zip.includes('README.txt'), 'the ZIP holds messages.json and README.txt');

    await page.getByTestId('erase-contact').click();
    const modal = page.getByTestId('erase-modal');
    await expectVisible(modal, 'the erase dialog explains what goes and what stays');
    await shot(page, 'crm-15-erase-dialog');
    await modal.getByTestId('erase-confirm-input').fill(lead.phone);
    await modal.getByTestId('erase-confirm').click();
    await expectVisible(page.getByTestId('contact-erased'), 'the contact shows as erased');
    await expectVisible(page.getByTestId('contact-name').getByText('Erased contact'), 'the name is gone');
    assert.equal(await page.getByTestId('export-contact').count(), 0, 'an erased contact has nothing left to export');
    const after = await api(token, 'GET', `/contacts/${id}`);
    assert.equal(after.body.phone, null, 'the API has no phone for it');
    assert.ok(after.body.erasedAt, 'the API says when it was erased');

    await page.goto(`${baseUrl}/app/data-privacy`);
    await expectVisible(page.getByTestId('retention-card'), 'Settings > Data & privacy shows the retention setting');
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page, 'the data & privacy page');
    await shot(page, 'crm-16-phone-data-privacy', false);
    await page.setViewportSize(DESKTOP);
  });

  await step(t, 'the pages on a phone and in Arabic', async () => {
    await page.setViewportSize(PHONE);
    const pages = [
      ['crm-07-phone-contacts', '/app/contacts', page.getByTestId('contact-row').first()],
      ['crm-08-phone-contact', urls.contact, page.getByTestId('contact-name')],
      ['crm-09-phone-deals-board', '/app/deals', page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`)],
      ['crm-10-phone-ticket', urls.ticket, page.getByTestId('ticket-subject')],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${baseUrl}${path}`);
      await expectVisible(ready, `${path} shows its content on a phone`);
      await noSidewaysScroll(page, path);
      await shot(page, name, false);
    }

    await page.goto(`${baseUrl}/app/contacts/import`);
    await page.locator('[data-testid="past-import"]').first().getByTestId('open-import').click();
    await waitForImportStatus(page, 'done');
    await noSidewaysScroll(page, 'the import page');
    // Clicking Open scrolled the past imports table sideways; show it from its start.
    await page.evaluate(() => document.querySelectorAll('[data-testid="past-imports"] *').forEach((el) => (el.scrollLeft = 0)));
    await shot(page, 'crm-11-phone-import-done');

    await page.goto(`${baseUrl}/app/segments`);
    await page.getByTestId('new-segment').click();
    const modal = page.getByTestId('segment-modal');
    await modal.getByTestId('criteria-add-condition').first().click();
    await modal.getByTestId('criteria-condition').first().getByTestId('criteria-field').selectOption(`field.${FIELD}`);
    await modal.getByTestId('criteria-condition').first().getByTestId('criteria-value').selectOption('gold');
    await modal.getByTestId('segment-preview').getByText(`${LEADS.gold} contacts match now`).waitFor();
    await noSidewaysScroll(page, 'the segment builder');
    await shot(page, 'crm-12-phone-segment-builder', false);

    // Arabic, right to left: the contacts list at both sizes.
    await page.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await page.goto(`${baseUrl}/app/contacts`);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(page.getByTestId('contact-row').first(), 'the contacts list shows in Arabic');
    const heading = await page.locator('h1').first().textContent();
    assert.match(heading, /[\u0600-\u06FF]/, `the title is in Arabic ("${heading}")`);
    const keys = await page.evaluate(() => document.body.innerText.match(/\b(contacts|segments|imports|criteria|deals|tickets|common)\.[a-zA-Z.]+\b/g) ?? []);
    assert.deepEqual(keys, [], 'no untranslated keys on the Arabic contacts list');
    await noSidewaysScroll(page, 'the Arabic contacts list');
    await shot(page, 'crm-13-phone-contacts-ar', false);
    await page.setViewportSize(DESKTOP);
    await noSidewaysScroll(page, 'the Arabic contacts list', DESKTOP);
    await shot(page, 'crm-14-contacts-ar');
    await page.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  });

  await context.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

// Browser end-to-end test of analytics on the demo (`parley serve --demo`, which generates 90 days of history and
// rolls it up): the owner's dashboard shows the last 7 days; Analytics shows the last 30 days' figures as the API
// computes them (stat cards, busiest hours, a series row per day), the change against the previous period, each tab's
// table, and filters that live in the URL and narrow the figures; the overview's CSV export has a row per day; the
// page in Arabic at phone width; the agent sees their own figures; the platform admin sees the platform's overview; a
// scripted bit of today's traffic (a customer writes, the owner answers and resolves) moves today's figures at once.
// Screenshots in screenshots/. Run: `npm run build` in web/, then `node --test analytics.test.mjs` here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DEMO_PASSWORD, DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, signIn, until, useStack, sim } from './harness.mjs';

useStack({ demo: true });

// crates/services/src/platform/seed.rs: DEMO_OWNER, DEMO_AGENT, DEMO_ADMIN and the people's names.
const OWNER = 'owner@demo.parley.local';
const AGENT = 'agent@demo.parley.local';
const ADMIN = 'admin@demo.parley.local';
const AGENT_NAME = 'Adam Agent';
const OWNER_NAME = 'Olivia Owner';
const FLOW = 'Welcome menu';
const CAMPAIGN = 'Black Friday early access';
const PIPELINE = 'Sales';
const TREND_METRICS = ['opened', 'resolved', 'messagesIn', 'messagesOut', 'firstResponseMedian'];
// crates/services/src/platform/seed.rs DEMO_PHONE_NUMBER_ID; a customer the demo does not know.
const DEMO_PHONE_NUMBER_ID = '100000000000001';
const NEW_CUSTOMER = '351910000077';

/** Polls `read` until `done` holds (a deadline for correctness, not a timing assertion). */
async function tokenOf(email) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `${email} signs in through the API`);
  const body = await res.json();
  if (!body.twoFactorRequired) return body.accessToken;
  // The demo platform admin signs in with a second factor: demo mode tells its current code.
  const second = await fetch(`${baseUrl}/api/v1/auth/login/2fa`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ challenge: body.challenge, code: await demoCode() }),
  });
  assert.equal(second.status, 200, `${email} completes the sign-in with the demo code`);
  return (await second.json()).accessToken;
}

async function demoCode() {
  const res = await fetch(`${baseUrl}/api/v1/auth/2fa/demo-code`);
  assert.equal(res.status, 200, 'GET /auth/2fa/demo-code answers in demo mode');
  return (await res.json()).code;
}

/** A day moved by `days` (the page's own calendar arithmetic, web/src/features/analytics/query.ts). */
function addDays(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A count as the English page writes it (1,262). */
const en = (n) => new Intl.NumberFormat('en-US').format(n);

/** A change as the English page writes it: whole percents, one decimal under 10% (web/src/lib/figures.ts formatRatio). */
const percent = (ratio) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: ratio !== 0 && ratio < 0.1 ? 1 : 0 }).format(ratio);

/** The shown value of a stat card (`stat-<metric>`). */
const statValue = (page, metric) => page.getByTestId(`stat-${metric}`).getByTestId('stat-value');

/** Waits until the stat card shows `want` (the report may still be the previous view's, dimmed). */
async function expectStat(page, metric, want, why) {
  await page
    .waitForFunction(
      ([m, w]) => document.querySelector(`[data-testid="stat-${m}"] [data-testid="stat-value"]`)?.textContent === w && !document.querySelector('[data-testid="report-area"][aria-busy]'),
      [metric, want],
      { timeout: 15_000 },
    )
    .catch(async () => assert.fail(`${why}: the ${metric} card shows ${await statValue(page, metric).textContent().catch(() => '(none)')}, want ${want}`));
}

/** The number a page shows, read back from its English formatting. */
const readCount = (text) => Number(String(text).replace(/[^\d.-]/g, ''));

test('analytics: the dashboard trends, the report tabs with the API figures, filters, export, Arabic, the agent and the platform admin', async (t) => {
  const ownerToken = await tokenOf(OWNER);
  const dashboard = await api(ownerToken, 'GET', '/analytics/dashboard');
  assert.equal(dashboard.status, 200, 'GET /analytics/dashboard answers');
  // The dashboard's range ends today in the workspace's time zone: the page's presets count from the same day.
  const today = dashboard.body.range.to;
  const last30 = { from: addDays(today, -29), to: today };
  const range = `from=${last30.from}&to=${last30.to}`;
  const report = await api(ownerToken, 'GET', `/analytics/conversations?${range}&compare=true`);
  assert.equal(report.status, 200, 'GET /analytics/conversations answers');
  assert.ok(report.body.totals.opened > 0 && report.body.totals.messagesOut > 0, `the demo's history has conversations in the last 30 days: ${JSON.stringify(report.body.totals)}`);
  assert.equal(report.body.series.length, 30, 'the API has a point per day of the 30');

  const { context, page: owner } = await newPage(DESKTOP);

  await t.test('the dashboard shows the last 7 days with numbers and leads to Analytics', async () => {
    await signIn(owner, OWNER);
    await owner.waitForURL('**/app');
    await expectVisible(owner.getByTestId('trends'), 'the dashboard has the "Last 7 days" section');
    for (const metric of TREND_METRICS) {
      const value = owner.getByTestId(`trend-${metric}-value`);
      await expectVisible(value, `the ${metric} trend card is shown`);
      const text = (await value.textContent()).trim();
      assert.match(text, /\d/, `the ${metric} trend card shows a number: "${text}"`);
    }
    const opened = dashboard.body.headlines.find((h) => h.metric === 'opened');
    assert.ok(opened.value > 0, 'the demo opened conversations in the last 7 days');
    assert.equal(await owner.getByTestId('trend-opened-value').textContent(), en(opened.value), 'the opened card shows the API figure');
    assert.equal(await owner.getByTestId('trend-opened-chart').count(), 1, 'the opened card draws its sparkline');
    await shot(owner, 'analytics-01-dashboard-trends');

    await owner.getByTestId('trends-all-analytics').click();
    await owner.waitForURL('**/app/analytics');
    await expectVisible(owner.getByTestId('analytics-page'), 'the analytics page opens');
  });

  await t.test('the overview of the last 30 days shows what the server computed, the busiest hours and a row per day', async () => {
    await owner.getByTestId('range-preset').selectOption('last30');
    await owner.waitForURL(/[?&]range=last30\b/);
    const totals = report.body.totals;
    await expectStat(owner, 'opened', en(totals.opened), 'the overview of the last 30 days');
    for (const metric of ['resolved', 'messagesIn', 'messagesOut']) {
      assert.equal(await statValue(owner, metric).textContent(), en(totals[metric]), `the ${metric} card shows the API figure`);
      assert.ok(totals[metric] > 0, `${metric} > 0 in the last 30 days`);
    }
    assert.match(await statValue(owner, 'firstResponseMedian').textContent(), /\d/, 'the median first response is a duration');
    assert.equal(await statValue(owner, 'openBacklog').textContent(), en(report.body.openBacklog), 'the open backlog is the API figure');

    const heatmap = owner.getByTestId('heatmap');
    await expectVisible(heatmap, 'the busiest hours are drawn');
    const cells = await heatmap.locator('[data-value]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    assert.equal(cells.length, 7 * 24, 'a cell per weekday and hour');
    assert.equal(cells.reduce((a, b) => a + b, 0), report.body.heatmap.flat().reduce((a, b) => a + b, 0), 'the heatmap holds the API counts');
    assert.ok(cells.some((v) => v > 0), 'some hours had customer messages');
    await expectVisible(owner.getByTestId('chart-messages').locator('svg'), 'the messages chart is drawn');

    await owner.getByText('Show the numbers').click();
    const rows = owner.getByTestId('table-series').locator('tbody tr');
    await expectVisible(rows, 'the series table opens');
    assert.equal(await rows.count(), 30, 'the series table has a row per day');
    const first = report.body.series[0];
    const cellsOfFirst = await rows.first().locator('td').allTextContents();
    assert.deepEqual(cellsOfFirst.slice(1), [first.messagesIn, first.messagesOut, first.opened, first.resolved].map(en), `the first day's row is the API's ${first.label}`);
    assert.equal(pageErrors.length, 0, `no page errors: ${pageErrors.join('\n')}`);
    await shot(owner, 'analytics-02-overview-last30');
  });

  await t.test('compare with the previous period shows the change', async () => {
    await owner.getByTestId('toggle-compare').click();
    await owner.waitForURL(/[?&]compare=1\b/);
    const previous = report.body.previous;
    assert.ok(previous, 'the API answers the previous period with compare=true');
    await expectVisible(owner.getByTestId('stat-opened').getByTestId('stat-delta'), 'the opened card shows its change');
    let moved = 0;
    for (const metric of ['opened', 'resolved', 'messagesIn', 'messagesOut']) {
      const now = report.body.totals[metric];
      const before = previous[metric];
      const want = now > before ? 'up' : now < before ? 'down' : 'flat';
      const d = owner.getByTestId(`stat-${metric}`).getByTestId('stat-delta');
      assert.equal(await d.getAttribute('data-direction'), want, `${metric} went ${want} (${before} → ${now})`);
      if (want !== 'flat') {
        moved += 1;
        const pct = percent(Math.abs(now - before) / before);
        assert.ok((await d.textContent()).includes(pct), `${metric} moved by ${pct}: "${await d.textContent()}"`);
      }
    }
    assert.ok(moved > 0, 'the demo history differs between the two periods somewhere');
    assert.equal(await owner.getByTestId('stat-delta').count(), 8, 'every headline card shows its change (not the backlog)');
    await shot(owner, 'analytics-03-compare');
  });

  await t.test('the agent filter goes into the URL and narrows the figures to that agent', async () => {
    const agents = await api(ownerToken, 'GET', `/analytics/agents?${range}`);
    const adam = agents.body.agents.find((a) => a.name === AGENT_NAME);
    assert.ok(adam, `the agents report names ${AGENT_NAME}`);
    const narrowed = await api(ownerToken, 'GET', `/analytics/conversations?${range}&agentId=${adam.agentId}`);
    assert.ok(narrowed.body.totals.messagesOut < report.body.totals.messagesOut, 'the API narrows messages out to the agent');

    await owner.getByTestId('filter-agentId').selectOption({ label: AGENT_NAME });
    await owner.waitForURL(new RegExp(`[?&]agentId=${adam.agentId}`));
    await expectStat(owner, 'messagesOut', en(narrowed.body.totals.messagesOut), `filtered by ${AGENT_NAME}`);
    assert.ok(readCount(await statValue(owner, 'messagesOut').textContent()) < report.body.totals.messagesOut, 'messages out shrink under the filter');
    assert.equal(await statValue(owner, 'opened').textContent(), en(narrowed.body.totals.opened), 'the opened card follows the filter');
    await shot(owner, 'analytics-04-agent-filter');

    // Reloading the URL keeps the view (range, comparison, filter).
    await owner.reload();
    await expectStat(owner, 'messagesOut', en(narrowed.body.totals.messagesOut), 'the reloaded view');
    assert.equal(await owner.getByTestId('range-preset').inputValue(), 'last30');
    await owner.getByTestId('filter-agentId').selectOption('');
    await owner.waitForURL((u) => !u.searchParams.has('agentId'));
    await expectStat(owner, 'messagesOut', en(report.body.totals.messagesOut), 'the filter removed');
  });

  await t.test('the agents, campaigns, flows and contacts tabs list their rows', async () => {
    await owner.getByTestId('tab-agents').click();
    await owner.waitForURL(/[?&]tab=agents\b/);
    const agentRows = owner.getByTestId('agent-row');
    await expectVisible(agentRows, 'the agents table has rows');
    const names = await agentRows.locator('td:first-child').allTextContents();
    assert.deepEqual([...names].sort(), [AGENT_NAME, OWNER_NAME].sort(), 'both demo people are listed');
    await shot(owner, 'analytics-05-agents');

    await owner.getByTestId('tab-campaigns').click();
    await owner.waitForURL(/[?&]tab=campaigns\b/);
    await expectVisible(owner.getByTestId('campaign-row').filter({ hasText: CAMPAIGN }), `the "${CAMPAIGN}" campaign is listed`);
    await expectVisible(owner.getByTestId('funnel-numbers'), 'the selected campaign shows its funnel');
    await shot(owner, 'analytics-06-campaigns');

    await owner.getByTestId('tab-flows').click();
    await owner.waitForURL(/[?&]tab=flows\b/);
    await expectVisible(owner.getByTestId('flow-row').filter({ hasText: FLOW }), `the "${FLOW}" flow is listed`);
    await shot(owner, 'analytics-07-flows');

    await owner.getByTestId('tab-contacts').click();
    await owner.waitForURL(/[?&]tab=contacts\b/);
    const contacts = await api(ownerToken, 'GET', `/analytics/contacts?${range}`);
    await expectVisible(owner.getByTestId('stage-row').filter({ hasText: PIPELINE }), `the "${PIPELINE}" pipeline's stages are listed`);
    assert.equal(await owner.getByTestId('stage-row').count(), contacts.body.stages.length, 'a row per stage');
    assert.equal(await statValue(owner, 'newContacts').textContent(), en(contacts.body.newContacts), 'new contacts is the API figure');
    assert.ok(contacts.body.newContacts > 0, 'the demo gained contacts in the last 30 days');
    await shot(owner, 'analytics-08-contacts');
  });

  await t.test('Export CSV of the overview downloads a header and a row per day', async () => {
    await owner.getByTestId('tab-overview').click();
    await expectStat(owner, 'opened', en(report.body.totals.opened), 'back on the overview');
    await owner.getByTestId('export-button').click();
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByTestId('export-csv').click()]);
    assert.match(download.suggestedFilename(), /\.csv$/, `a CSV file (${download.suggestedFilename()})`);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
    assert.match(lines[0], /^day,opened,resolved,messagesIn,messagesOut,/, `the header names the columns: ${lines[0]}`);
    assert.equal(lines.length, 31, `a header and 30 days:\n${lines.join('\n')}`);
    assert.equal(lines[1].split(',')[0], last30.from, 'the first row is the first day of the range');
    assert.equal(lines[30].split(',')[0], last30.to, 'the last row is today');
    const opened = lines.slice(1).reduce((sum, l) => sum + Number(l.split(',')[1]), 0);
    assert.equal(opened, report.body.totals.opened, 'the rows add up to the opened total');
  });

  await t.test('in Arabic at phone width the page is right to left and fits', async () => {
    await owner.setViewportSize(PHONE);
    await owner.evaluate(() => localStorage.setItem('parley.locale', 'ar'));
    await owner.reload();
    await owner.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expectVisible(statValue(owner, 'opened'), 'the overview in Arabic');
    await owner.waitForFunction(() => !document.querySelector('[data-testid="report-area"][aria-busy]'));
    // web/src/i18n/analytics/ar.json
    assert.equal(await owner.getByTestId('tab-overview').textContent(), 'نظرة عامة', 'the tabs are in Arabic');
    assert.equal(await owner.getByRole('heading', { level: 1 }).first().textContent(), 'التحليلات', 'the title is in Arabic');
    assert.equal(await overflowX(owner), 0, 'no sideways scrolling at 375 px');
    await shot(owner, 'analytics-09-ar-phone');
    await owner.evaluate(() => localStorage.setItem('parley.locale', 'en'));
  });
  await context.close();

  await t.test('the agent sees their own figures, without an agent filter', async () => {
    const agentToken = await tokenOf(AGENT);
    const own = await api(agentToken, 'GET', `/analytics/conversations?${range}`);
    assert.equal(own.status, 200);
    assert.ok(own.body.totals.messagesOut < report.body.totals.messagesOut, 'the API narrows the agent to their own messages');

    const { context: agentCtx, page: agent } = await newPage(DESKTOP);
    await signIn(agent, AGENT);
    await agent.waitForURL('**/agent');
    await agent.getByRole('link', { name: 'Analytics', exact: true }).first().click();
    await agent.waitForURL('**/agent/analytics');
    await expectVisible(agent.getByTestId('analytics-toolbar'), 'the agent has the analytics page');
    await agent.getByTestId('range-preset').selectOption('last30');
    await expectStat(agent, 'messagesOut', en(own.body.totals.messagesOut), "the agent's own messages out");
    assert.equal(await agent.getByTestId('filter-agentId').count(), 0, 'no agent filter for an agent');
    assert.equal(await agent.getByTestId('schedule-button').count(), 0, 'no weekly mail for an agent');
    await shot(agent, 'analytics-10-agent');

    await agent.getByTestId('tab-agents').click();
    const rows = agent.getByTestId('agent-row');
    await expectVisible(rows, 'the agent sees an agents row');
    assert.deepEqual(await rows.locator('td:first-child').allTextContents(), [AGENT_NAME], 'only their own row');
    await agentCtx.close();
  });

  await t.test('the platform admin sees tenants, messages per day and health', async () => {
    const adminToken = await tokenOf(ADMIN);
    const platform = await api(adminToken, 'GET', '/admin/analytics');
    assert.equal(platform.status, 200);

    const { context: adminCtx, page: admin } = await newPage(DESKTOP);
    await signIn(admin, ADMIN);
    // The second step: the login page's demo hint fills the admin's current code.
    await expectVisible(admin.getByTestId('demo-code-hint'), 'the demo hint gives the admin\'s code');
    await admin.getByTestId('demo-code-fill').click();
    assert.match(await admin.getByLabel('Authentication code').inputValue(), /^\d{6}$/);
    await admin.getByRole('button', { name: 'Verify' }).click();
    await admin.waitForURL('**/admin');
    await expectVisible(admin.getByTestId('platform-dashboard'), 'the platform overview opens');
    const tenantsText = await admin.getByTestId('stat-tenants-value').textContent();
    assert.ok(tenantsText.startsWith(en(platform.body.tenants)), `the tenants card starts with ${platform.body.tenants}: "${tenantsText}"`);
    assert.ok(platform.body.tenants > 0);
    const bars = admin.getByTestId('messages-per-day').getByTestId('day-bar');
    assert.equal(await bars.count(), platform.body.messagesPerDay.length, 'a bar per day');
    const total = platform.body.messagesPerDay.reduce((a, d) => a + d.count, 0);
    assert.ok(total > 0, 'the demo history has messages per day');
    await expectVisible(admin.getByTestId('messages-total'), 'the messages total is shown');
    assert.match(await admin.getByTestId('messages-total').textContent(), new RegExp(en(total)), `the total ${total} is shown`);
    const checks = await admin.getByTestId('health-check').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-ok')]));
    assert.deepEqual(
      checks.map(([n]) => n),
      platform.body.health.map((c) => c.name),
      'a line per health check',
    );
    for (const [name, ok] of checks) {
      if (name === 'database' || name === 'redis') assert.equal(ok, 'true', `${name} is healthy`);
    }
    await expectVisible(admin.getByTestId('top-tenant').filter({ hasText: 'Demo Company' }), 'the demo tenant is among the top tenants');
    await shot(admin, 'analytics-11-platform-admin');
    await adminCtx.close();
  });

  await t.test("a scripted day of traffic: a customer writes, the owner answers and resolves, and today's figures move live", async () => {
    const todayReport = () => api(ownerToken, 'GET', `/analytics/conversations?from=${today}&to=${today}`).then((r) => r.body.totals);
    const before = await todayReport();
    const sent = await sim('POST', `/customers/${NEW_CUSTOMER}/messages`, { phoneNumberId: DEMO_PHONE_NUMBER_ID, text: 'Hi! Are you open on Sunday?' });
    assert.ok(sent.status < 300, `the simulator delivers the customer's message: ${JSON.stringify(sent)}`);
    const conversation = await until(
      () => api(ownerToken, 'GET', `/conversations?q=${NEW_CUSTOMER}`).then((r) => r.body.items?.[0]),
      (c) => Boolean(c),
      'the new customer has a conversation',
    );
    const reply = await api(ownerToken, 'POST', `/conversations/${conversation.id}/messages`, { type: 'text', text: 'Yes, from 10:00 to 16:00.' });
    assert.ok(reply.status < 300, `the owner answers: ${JSON.stringify(reply.body)}`);
    const resolved = await api(ownerToken, 'PATCH', `/conversations/${conversation.id}`, { status: 'resolved' });
    assert.equal(resolved.status, 200, `the owner resolves it: ${JSON.stringify(resolved.body)}`);
    // Today is computed from raw facts after the last rolled-up hour: the figures move without waiting for a pass.
    const after = await until(
      todayReport,
      (x) => x.opened >= before.opened + 1 && x.resolved >= before.resolved + 1 && x.messagesIn >= before.messagesIn + 1 && x.firstResponse.count >= before.firstResponse.count + 1,
      `today's figures count the new cycle (before: ${JSON.stringify(before)})`,
    );
    assert.ok(after.resolution.count >= before.resolution.count + 1, 'its resolution time is counted');

    const { context: dayCtx, page } = await newPage(DESKTOP);
    await signIn(page, OWNER);
    await page.waitForURL('**/app');
    await page.goto(`${baseUrl}/app/analytics?range=today`);
    await expectStat(page, 'opened', en(after.opened), "today's overview");
    assert.equal(await statValue(page, 'resolved').textContent(), en(after.resolved), 'the resolved card is the API figure');
    await shot(page, 'analytics-12-today-after-traffic');
    await dayCtx.close();
  });

  assert.equal(pageErrors.length, 0, `no page errors: ${pageErrors.join('\n')}`);
});

// The agency journey (issue 16's "done when"): the platform admin makes a workspace an agency; the agency brands
// itself and proves its domain against the demo DNS; it creates a client workspace in the browser, whose owner gets a
// branded invitation with a link on the agency's domain, accepts it there and sees the agency's brand; the agency
// opens the client as support, and the client's owner sees that visit in the audit log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, api, baseUrl, expectVisible, linkFromMail, newPage, pageErrors, shot, until, useStack } from './harness.mjs';

const DOMAIN = 'app.journey-agency.test';
useStack({ demo: true, hostRules: [DOMAIN] });

const run = Date.now().toString(36);
const AGENCY = { business: `Journey Agency ${run}`, name: 'Jo Journey', email: `agency-${run}@example.com`, password: 'journey-agency-77' };
const OWNER = { email: `client-${run}@example.com`, name: 'Cleo Client', password: 'client-owner-pass-81' };
const CLIENT = `Cedar Cafe ${run}`;
const PRODUCT = 'Journey Chat';

async function demoCode() {
  const res = await fetch(`${baseUrl}/api/v1/auth/2fa/demo-code`);
  assert.equal(res.status, 200);
  return (await res.json()).code;
}

/** The agency's domain on the server under test (the browser maps it to this machine). */
const onDomain = (link) => {
  const u = new URL(link);
  return `http://${DOMAIN}:${new URL(baseUrl).port}${u.pathname}${u.search}`;
};

test('an agency brands itself, serves a client on its own domain, and visits it as support in the open', async () => {
  const reg = await api(null, 'POST', '/auth/register', {
    businessName: AGENCY.business,
    name: AGENCY.name,
    email: AGENCY.email,
    password: AGENCY.password,
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const agencyId = reg.body.session.tenant.id;
  const token = reg.body.accessToken;
  assert.equal((await api(token, 'GET', '/agency')).status === 200, false, 'not an agency before the platform admin says so');

  // The platform admin makes it an agency on the tenant's page.
  const admin = await newPage();
  await admin.page.goto(`${baseUrl}/login`);
  await admin.page.getByLabel('Email').fill('admin@demo.parley.local');
  await admin.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await admin.page.getByRole('button', { name: 'Sign in' }).click();
  await admin.page.getByLabel('Authentication code').fill(await demoCode());
  await admin.page.getByRole('button', { name: 'Verify' }).click();
  await admin.page.waitForURL('**/admin**');
  await admin.page.goto(`${baseUrl}/admin/tenants/${agencyId}`);
  const panel = admin.page.getByTestId('tenant-agency');
  await expectVisible(panel, 'the tenant page has the agency panel');
  await panel.getByTestId('cap-poweredBy').check();
  await panel.getByTestId('save-agency').click();
  await until(() => api(token, 'GET', '/agency'), (r) => r.status === 200, 'the workspace became an agency');
  await shot(admin.page, '70-admin-marks-agency');
  await admin.context.close();

  // The agency's brand, offer and domain (the Brand and Domains pages have their own browser tests).
  const brand = await api(token, 'PUT', '/settings/brand', {
    productName: PRODUCT,
    primaryColor: '#0f766e',
    accentColor: '#b45309',
    loginTitle: 'Welcome to Journey Chat',
    supportEmail: 'help@journey.test',
    poweredBy: false,
  });
  assert.equal(brand.status, 200, JSON.stringify(brand.body));
  // Within the agency's own plan (a new workspace trials Starter): every limit set, none above it.
  const limits = { maxContacts: 500, maxAgents: 2, maxWhatsAppNumbers: 1, maxCampaignsPerMonth: 2, maxMessagesPerMonth: 1000, maxFlows: 1, maxWebhooks: 1, apiRequestsPerMinute: 60 };
  const plan = await api(token, 'POST', '/agency/plans', { name: 'Cafe plan', monthlyAmount: 3900, features: {}, limits });
  assert.equal(plan.status, 201, JSON.stringify(plan.body));
  const added = await api(token, 'POST', '/settings/domains', { domain: DOMAIN });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const before = await api(token, 'POST', `/settings/domains/${added.body.id}/check`);
  assert.notEqual(before.body.status, 'active', 'no records yet: not active');
  const records = added.body.records.map((r) => ({ name: r.name, type: r.type, value: r.value }));
  const dns = await fetch(`${baseUrl}/api/v1/dev/dns/records`);
  const existing = (await dns.json()).records;
  const put = await fetch(`${baseUrl}/api/v1/dev/dns/records`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ records: [...existing, ...records] }),
  });
  assert.equal(put.status, 200, await put.text());
  const checked = await api(token, 'POST', `/settings/domains/${added.body.id}/check`);
  assert.equal(checked.body.status, 'active', JSON.stringify(checked.body));
  const ask = await fetch(`${new URL(baseUrl).origin}/internal/tls/ask?domain=${DOMAIN}`);
  assert.equal(ask.status, 200, 'Caddy may get a certificate for the verified domain');

  // The agency creates the client workspace in its dashboard; the owner is invited by mail.
  const agency = await newPage();
  const a = agency.page;
  await a.goto(`${baseUrl}/login`);
  await a.getByLabel('Email').fill(AGENCY.email);
  await a.getByLabel('Password', { exact: true }).fill(AGENCY.password);
  await a.getByRole('button', { name: 'Sign in' }).click();
  await a.waitForURL((u) => u.pathname.startsWith('/app'));
  await a.goto(`${baseUrl}/app/agency`);
  await expectVisible(a.getByTestId('agency-dashboard'), 'the agency dashboard opens');
  await a.getByTestId('new-client').click();
  await a.getByTestId('client-name').fill(CLIENT);
  await a.getByTestId('client-owner-email').fill(OWNER.email);
  await a.getByTestId('create-client-submit').click();
  await expectVisible(a.getByTestId('client-row').filter({ hasText: CLIENT }), 'the new client is listed');
  await shot(a, '71-agency-dashboard');

  // The invitation carries the agency's brand and a link on the agency's domain.
  const { mail, link } = await linkFromMail(OWNER.email, '/invite/');
  assert.match(mail.subject, new RegExp(PRODUCT), 'the subject names the agency product');
  assert.doesNotMatch(mail.subject, /Parley/, 'not the platform');
  assert.ok(mail.html.includes('#0f766e'), 'the mail uses the brand colour');
  assert.equal(new URL(link).hostname, DOMAIN, 'the link is on the agency domain');

  // The owner accepts on the agency's domain and sees the brand, never Parley's.
  const owner = await newPage();
  const o = owner.page;
  await o.goto(onDomain(link));
  await o.getByLabel('Your name').fill(OWNER.name);
  await o.getByLabel('Choose a password').fill(OWNER.password);
  await shot(o, '72-client-accepts-on-agency-domain');
  await o.getByRole('button', { name: 'Accept invitation' }).click();
  await o.waitForURL((u) => u.pathname.startsWith('/app'));
  await o.waitForFunction(() => document.documentElement.style.getPropertyValue('--color-primary-600') === '#0f766e');
  // The workspace's brand (its agency's) replaces the host's once it loads.
  await o.waitForFunction((p) => document.title === p, PRODUCT, { timeout: 10_000 }).catch(async () => {
    throw new Error(`the signed-in app is titled ${JSON.stringify(await o.title())}, not the agency product`);
  });
  await expectVisible(o.getByText(CLIENT).first(), 'the client workspace is open');
  assert.equal(await o.getByText('Powered by Parley').count(), 0, 'the agency removed "powered by"');
  await shot(o, '73-client-branded-app');

  // The agency opens the client as support; the client's owner sees it in the audit log.
  const clients = await api(token, 'GET', '/agency/clients');
  const client = clients.body.find((c) => c.name === CLIENT);
  assert.ok(client, 'the client is in the agency summaries');
  const support = await api(token, 'POST', `/agency/clients/${client.id}/support`, { minutes: 30, reason: 'Setting up the menu flow' });
  assert.equal(support.status, 201, JSON.stringify(support.body));
  await o.goto(`http://${DOMAIN}:${new URL(baseUrl).port}/app/audit-log`);
  await expectVisible(o.getByText(/support/i).first(), 'the audit log shows the support entry');
  await shot(o, '74-client-audit-log-support');
  const login = await api(null, 'POST', '/auth/login', { email: OWNER.email, password: OWNER.password });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const log = await until(
    () => api(login.body.accessToken, 'GET', '/audit-logs'),
    (r) => r.status === 200 && JSON.stringify(r.body).includes('support.opened'),
    'the client audit log has support.opened',
  );
  assert.ok(JSON.stringify(log.body).includes('Setting up the menu flow'), 'with the agency reason');
  await shot(o, '74-client-audit-log-support');

  await agency.context.close();
  await owner.context.close();
  assert.deepEqual(pageErrors, []);
});

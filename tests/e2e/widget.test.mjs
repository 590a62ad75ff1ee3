// The website chat widget on a customer's site (docs/widget.md): a test page served by this file on two origins,
// http://127.0.0.1:<port> (an allowed domain of the widget) and http://localhost:<port> (not allowed), embeds the
// one-line snippet. The visitor writes, the business answers through the API, the visitor goes offline and writes
// two messages that wait in the queue, comes back, and every message reaches the conversation once and in order;
// HTML in messages shows as text both ways; pages visited reach the agent's Visitor panel data; axe-core finds no
// serious or critical accessibility violation in the open widget (desktop, phone, Arabic); the page on the origin
// that is not allowed has no widget.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, test } from 'node:test';
import { io } from 'socket.io-client';
import { api as apiAs, baseUrl, browser, freePort, newPage, overflowX, PHONE, shot, signIn, until, useStack } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const OWNER = 'owner@demo.parley.local';
const PASSWORD = 'parley-demo-1';
const HTML = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
// A 1×1 PNG and a minimal PDF, as a visitor's files.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

useStack({ demo: true });

let token = '';
let widget = null;
/** The conversation the first test's visitor started (the inbox test opens it). */
let visitorConversation = '';
let site = null;
let sitePort = 0;

/** The customer's site: a page with the snippet (and links that change pages through history), on any host name. */
function sitePage(snippet) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Acme shoes</title><style>body{font-family:serif} div{display:none} button{background:red}</style></head>
<body><main><h1>Acme shoes</h1><p>Hand-made shoes.</p>
<button id="to-pricing" onclick="history.pushState({}, '', '/pricing?utm_source=news'); document.title='Pricing'">Pricing</button>
</main>${snippet}</body></html>`;
}

const api = (method, path, body) => apiAs(token, method, path, body);

/** Signs the owner in, creates the widget and starts the customer's site, once for the file (the harness's server
 * is up by the time the first test runs). */
let ready = null;
const setup = () => (ready ??= prepare());

async function prepare() {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: OWNER, password: PASSWORD }),
  });
  assert.equal(login.status, 200, 'the demo owner signs in through the API');
  token = (await login.json()).accessToken;

  const made = await api('POST', '/widgets', {
    name: 'Acme shop',
    allowedDomains: ['127.0.0.1'],
    color: '#075e54',
    greeting: { en: 'Hi! How can we help?', ar: 'مرحبًا! كيف يمكننا مساعدتك؟' },
    awayText: { en: 'We are away, leave a message.', ar: 'نحن غير متاحين، اترك رسالة.' },
  });
  assert.equal(made.status, 201, `the owner creates a widget: ${JSON.stringify(made.body)}`);
  widget = made.body;
  assert.match(widget.key, /^[A-Za-z0-9_-]{22,}$/, 'the widget has a url-safe public key');
  assert.match(widget.snippet, /^<script async src="[^"]+\/widget\.js[^"]*" data-parley-widget="[^"]+"><\/script>$/, 'the snippet is one script tag');

  // The snippet as given, pointed at the server under test (its configured public URL may name another host).
  const src = new URL(widget.snippet.match(/src="([^"]+)"/)[1]);
  const snippet = `<script async src="${baseUrl}${src.pathname}${src.search}" data-parley-widget="${widget.key}"></script>`;
  sitePort = await freePort();
  site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(sitePage(snippet));
  });
  // Every interface: Chromium may reach localhost on ::1.
  await new Promise((r) => site.listen(sitePort, r));
}

after(() => site?.close());

async function visitor(viewport = { width: 1280, height: 800 }, locale = 'en-US') {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** The widget's visitor token in the page's localStorage (contract: `parley.widget.<key>.visitor`). */
const visitorToken = (page) => page.evaluate((k) => localStorage.getItem(`parley.widget.${k}.visitor`), widget.key);
const queued = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(`parley.widget.${k}.queue`) ?? '[]'), widget.key);

/** The visitor's conversation, asked the way the script asks (its origin, its token). */
async function conversationOf(page) {
  const vt = await visitorToken(page);
  const res = await fetch(`${baseUrl}/api/v1/widget/${widget.key}/session`, {
    headers: { 'X-Visitor-Token': vt, Origin: `http://127.0.0.1:${sitePort}` },
  });
  assert.equal(res.status, 200, 'the visitor session answers the allowed origin');
  return (await res.json()).conversationId;
}

/** The visitor's messages as the business sees them in the inbox (oldest first). */
async function inboundTexts(conversationId) {
  const res = await api('GET', `/conversations/${conversationId}/messages?limit=100`);
  assert.equal(res.status, 200);
  return res.body.items
    .filter((m) => m.direction === 'inbound')
    .reverse()
    .map((m) => m.content?.text ?? m.content?.body ?? null);
}

async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // The widget's shadow root only: the test page itself is not the product.
    const r = await window.axe.run({ include: [['[data-parley]']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: no serious or critical accessibility violations`);
}

test('a visitor chats with the business, offline messages arrive once and in order, HTML stays text', async (t) => {
  await setup();
  const { context, page, errors } = await visitor();
  // Chromium's offline mode leaves open WebSockets alone: the widget's socket goes through this route, which the
  // test cuts (and refuses while "offline"), as a lost connection would.
  const sockets = { down: false, open: new Set() };
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (sockets.down) return void ws.close();
    ws.connectToServer();
    sockets.open.add(ws);
    ws.onClose(() => sockets.open.delete(ws));
  });
  const goOffline = async () => {
    sockets.down = true;
    for (const ws of [...sockets.open]) await ws.close();
    await context.setOffline(true);
  };
  const goOnline = async () => {
    sockets.down = false;
    await context.setOffline(false);
  };
  // The launcher's name changes with the panel (Open chat / Close chat).
  const launcher = page.locator('[data-parley] button.launcher');
  const panel = page.getByRole('dialog');
  const input = page.getByRole('textbox', { name: 'Message' });
  let conversationId = '';

  await t.test('the snippet adds a button, and nothing else of the widget is on the host page', async () => {
    await page.goto(`http://127.0.0.1:${sitePort}/`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    const outside = await page.evaluate(() => ({
      globals: Object.keys(window).filter((k) => /parley/i.test(k)),
      styles: document.head.querySelectorAll('style').length,
      hosts: document.querySelectorAll('[data-parley]').length,
      shadow: !!document.querySelector('[data-parley]')?.shadowRoot,
    }));
    assert.deepEqual(outside, { globals: ['Parley'], styles: 1, hosts: 1, shadow: true }, 'one global, the page keeps its one style, the widget is in a shadow root');
    // The host page's `div{display:none}` and red buttons do not reach into the widget.
    assert.notEqual(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(255, 0, 0)');
    assert.equal(await page.getByRole('dialog', { includeHidden: true }).count(), 1);
    assert.equal(await panel.count(), 0, 'the panel starts closed');
  });

  await t.test('the keyboard opens the panel, focus stays in it, Escape closes it', async () => {
    await launcher.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.equal(await launcher.getAttribute('aria-label'), 'Close chat');
    // No agent is signed in, so the business is away: the away text shows instead of the greeting.
    await page.getByText('We are away, leave a message.').waitFor();
    assert.equal(await input.evaluate((el) => el === el.getRootNode().activeElement), true, 'the message box has focus');
    // Tab around the whole panel: focus never leaves it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      const inside = await panel.evaluate((p) => p.contains(p.getRootNode().activeElement));
      assert.equal(inside, true, `focus stays in the panel after ${i + 1} Tab presses`);
    }
    assert.equal(await page.getByRole('log', { name: 'Messages' }).getAttribute('aria-live'), 'polite');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await launcher.evaluate((el) => el === el.getRootNode().activeElement), true, 'focus returns to the button');
    await launcher.click();
    await panel.waitFor();
  });

  await t.test('the visitor writes and the message reaches the inbox', async () => {
    await input.fill('Hello, do you ship to Lisbon?');
    await input.press('Enter');
    const mine = page.locator('.msg.mine', { hasText: 'Hello, do you ship to Lisbon?' });
    await mine.waitFor();
    await until(() => mine.locator('.tick').getAttribute('data-status'), (s) => s === 'sent' || s === 'delivered' || s === 'read', 'the message is stored');
    conversationId = await until(() => conversationOf(page), Boolean, 'the visitor has a conversation');
    visitorConversation = conversationId;
    assert.deepEqual(await inboundTexts(conversationId), ['Hello, do you ship to Lisbon?']);
    const conv = await api('GET', `/conversations/${conversationId}`);
    assert.equal(conv.status, 200, 'a widget conversation is a conversation of the inbox');
  });

  await t.test('the business answers from the inbox and the visitor sees it live, as text', async () => {
    const sent = await api('POST', `/conversations/${conversationId}/messages`, { type: 'text', text: 'Yes! Delivery takes 2 days.' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await page.locator('.msg:not(.mine)', { hasText: 'Yes! Delivery takes 2 days.' }).waitFor();
    const read = await api('POST', `/conversations/${conversationId}/read`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const mine = page.locator('.msg.mine', { hasText: 'Hello, do you ship to Lisbon?' }).locator('.tick');
    await until(() => mine.getAttribute('data-status'), (s) => s === 'read', 'the visitor sees the agent read it');
    await api('POST', `/conversations/${conversationId}/messages`, { type: 'text', text: `Agent says ${HTML}` });
    const agentHtml = page.locator('.msg:not(.mine)', { hasText: `Agent says ${HTML}` });
    await agentHtml.waitFor();
    assert.equal(await agentHtml.locator('b, img').count(), 0, 'the agent’s HTML is not parsed');
    await shot(page, 'widget-01-chat');
  });

  await t.test('the agent typing shows in the panel; buttons of an interactive message answer like WhatsApp replies', async () => {
    const agent = io(baseUrl, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise((resolve, reject) => {
      agent.once('connect', resolve);
      agent.once('connect_error', reject);
    });
    const joined = await agent.timeout(5000).emitWithAck('conversation:join', { conversationId });
    assert.ok(!joined?.error, `the agent joins the conversation: ${JSON.stringify(joined)}`);
    agent.emit('conversation:typing', { conversationId, isTyping: true });
    await page.locator('[data-parley] .typing').filter({ hasText: /is typing/ }).waitFor();
    agent.close();

    const sent = await api('POST', `/conversations/${conversationId}/messages`, {
      type: 'buttons',
      text: 'Which size?',
      buttons: [{ id: 'size-40', title: 'EU 40' }, { id: 'size-42', title: 'EU 42' }],
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const choice = page.locator('.msg:not(.mine)', { hasText: 'Which size?' }).getByRole('button', { name: 'EU 42' });
    await choice.click();
    await page.locator('.msg.mine', { hasText: 'EU 42' }).waitFor();
    const reply = await until(
      async () => (await api('GET', `/conversations/${conversationId}/messages?limit=100`)).body.items.find((m) => m.direction === 'inbound' && JSON.stringify(m.content).includes('size-42')),
      Boolean,
      'the click is stored as an interactive reply carrying the button id',
    );
    assert.ok(reply);
  });

  await t.test('HTML the visitor writes shows as text and never runs', async () => {
    await input.fill(HTML);
    await input.press('Enter');
    const mine = page.locator('.msg.mine', { hasText: HTML });
    await mine.waitFor();
    assert.equal(await mine.locator('b, img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await until(() => inboundTexts(conversationId), (t) => t.includes(HTML), 'the HTML message is stored as the visitor typed it');
  });

  await t.test('the pages visited reach the agent, with the UTM of the landing', async () => {
    await page.evaluate(() => document.getElementById('to-pricing').click());
    const v = await until(
      async () => (await api('GET', `/conversations/${conversationId}/visitor`)).body,
      (b) => JSON.stringify(b ?? {}).includes('/pricing'),
      'the pricing page is among the visitor’s pages',
    );
    assert.ok(JSON.stringify(v).includes('Pricing'), 'with its title');
  });

  await t.test('offline, two messages wait in the queue; back online, each arrives once, in order', async () => {
    await goOffline();
    await input.fill('First while offline');
    await input.press('Enter');
    await input.fill('Second while offline');
    await input.press('Enter');
    const pending = page.locator('.msg.mine .tick[data-status="pending"]');
    await until(() => pending.count(), (n) => n === 2, 'both offline messages show as waiting');
    assert.deepEqual((await queued(page)).map((q) => q.text), ['First while offline', 'Second while offline']);
    await page.getByText('You are offline').waitFor();
    await shot(page, 'widget-02-offline');
    // A little later, still offline: nothing left the browser.
    await new Promise((r) => setTimeout(r, 2000));
    const before = (await inboundTexts(conversationId)).length;
    assert.ok(!(await inboundTexts(conversationId)).includes('First while offline'), 'nothing arrives while offline');

    await goOnline();
    await until(() => queued(page), (q) => q.length === 0, 'the queue empties after reconnecting', 30_000);
    const texts = await until(() => inboundTexts(conversationId), (t) => t.length >= before + 2, 'the offline messages arrive');
    assert.deepEqual(texts.slice(-2), ['First while offline', 'Second while offline'], 'in order, after the rest');
    assert.equal(texts.filter((x) => x === 'First while offline').length, 1, 'once');
    assert.equal(texts.filter((x) => x === 'Second while offline').length, 1, 'once');
    await until(() => pending.count(), (n) => n === 0, 'no message is left waiting');
    // Settled: no late duplicate arrives.
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await inboundTexts(conversationId)).length, before + 2);
  });

  await t.test('attachments: an image shows inline, a PDF as a link, a 11 MB file is refused before uploading', async () => {
    const file = page.locator('[data-parley] input[type=file]');
    await file.setInputFiles({ name: 'shoe.png', mimeType: 'image/png', buffer: PNG });
    const img = page.locator('.msg.mine img');
    await img.waitFor();
    await until(() => img.evaluate((i) => i.complete && i.naturalWidth), (w) => w === 1, 'the image loads from Parley with the visitor token');
    await file.setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF });
    const link = page.locator('.msg.mine a', { hasText: 'invoice.pdf' });
    await link.waitFor();
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    let uploads = 0;
    page.on('request', (r) => r.url().endsWith('/attachments') && (uploads += 1));
    await file.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
    await page.getByRole('alert').filter({ hasText: 'This file is larger than 10 MB.' }).waitFor();
    assert.equal(uploads, 0, 'nothing was uploaded');
    const kinds = await until(
      async () => (await api('GET', `/conversations/${conversationId}/messages?limit=100`)).body.items.filter((m) => m.direction === 'inbound').map((m) => m.type),
      (k) => k.includes('image') && k.includes('document'),
      'the image and the PDF reach the inbox',
    );
    assert.ok(kinds.includes('image') && kinds.includes('document'));
  });

  await t.test('an answer while the panel is closed shows on the button as unread', async () => {
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    const sent = await api('POST', `/conversations/${conversationId}/messages`, { type: 'text', text: 'Are you still there?' });
    assert.equal(sent.status, 202);
    const badge = page.locator('[data-parley] .badge');
    await until(() => badge.textContent(), (n) => n === '1', 'the unread badge counts the answer');
    assert.match(await launcher.getAttribute('aria-label'), /1 unread/);
    await launcher.click();
    await page.locator('.msg:not(.mine)', { hasText: 'Are you still there?' }).waitFor();
    assert.equal(await badge.isVisible(), false, 'opening the panel reads it');
  });

  await t.test('a reload keeps the conversation (visitor token in localStorage)', async () => {
    await page.reload();
    await page.getByRole('button', { name: /Open chat/ }).click();
    await page.locator('.msg.mine', { hasText: 'Second while offline' }).waitFor();
    await page.locator('.msg:not(.mine)', { hasText: 'Yes! Delivery takes 2 days.' }).waitFor();
    const read = await api('POST', `/conversations/${conversationId}/read`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const mine = page.locator('.msg.mine', { hasText: 'Hello, do you ship to Lisbon?' }).locator('.tick');
    await until(() => mine.getAttribute('data-status'), (s) => s === 'read', 'the visitor sees the agent read it');
    assert.equal(await page.locator('.msg.mine', { hasText: 'First while offline' }).count(), 1, 'history shows each message once');
  });

  await t.test('the host page drives the widget from JavaScript (window.Parley)', async () => {
    const seen = await page.evaluate(() => {
      const events = [];
      window.Parley.on('close', () => events.push('close'));
      window.Parley.on('open', () => events.push('open'));
      window.Parley.close();
      window.Parley.open();
      window.Parley.prefill({ text: 'About order 1042: ' });
      return events;
    });
    assert.deepEqual(seen, ['close', 'open']);
    assert.equal(await input.inputValue(), 'About order 1042: ');
    await input.fill('');
  });

  await t.test('Parley.identify links the visitor with a hash made by the site; a wrong hash changes nothing', async () => {
    assert.ok(widget.identitySecret, 'the secret was shown when the widget was made');
    const email = `shopper-${Date.now()}@example.com`;
    const wrong = await page.evaluate(
      (email) => window.Parley.identify({ email, name: 'Mallory', hash: '00'.repeat(32) }).then(() => 'accepted', (e) => String(e.message ?? e)),
      email,
    );
    assert.notEqual(wrong, 'accepted', 'a wrong hash is refused');
    assert.equal((await api('GET', `/conversations/${conversationId}/visitor`)).body.identified, false);
    const hash = createHmac('sha256', widget.identitySecret).update(email).digest('hex');
    const visitor = await page.evaluate(({ email, hash }) => window.Parley.identify({ email, name: 'Sam Shopper', hash }), { email, hash });
    assert.equal(visitor.identified, true);
    const seen = await until(async () => (await api('GET', `/conversations/${conversationId}/visitor`)).body, (b) => b?.identified === true, 'the agent sees an identified visitor');
    assert.ok(seen.contactId, 'linked to a contact');
  });

  await t.test('the open widget has no serious accessibility violations', async () => {
    await axe(page, 'desktop, English');
  });

  assert.deepEqual(errors, [], 'no script errors on the host page');
  await context.close();
});

test('on a phone the panel fills the screen, and in Arabic it reads right to left; both pass axe', async () => {
  await setup();
  const { context, page, errors } = await visitor(PHONE, 'ar-EG');
  await page.goto(`http://127.0.0.1:${sitePort}/`);
  await page.getByRole('button', { name: 'فتح المحادثة' }).click();
  const panel = page.getByRole('dialog');
  await panel.waitFor();
  // Away, or online when an agent's socket of the first test still counts as present: either text is Arabic.
  await page.getByText(/نحن غير متاحين، اترك رسالة.|مرحبًا! كيف يمكننا مساعدتك؟/).waitFor();
  const box = await panel.boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, PHONE.width, PHONE.height], 'full screen under 600 px');
  assert.equal(await page.locator('[data-parley]').evaluate((h) => h.shadowRoot.querySelector('.root').getAttribute('dir')), 'rtl');
  await page.getByRole('textbox', { name: 'الرسالة' }).fill('مرحبا');
  await shot(page, 'widget-03-phone-ar', false);
  await axe(page, 'phone, Arabic');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a site whose domain is not allowed gets no widget', async () => {
  await setup();
  const { context, page } = await visitor();
  const warned = page.waitForEvent('console', (m) => m.text().startsWith('Parley widget not loaded'));
  await page.goto(`http://localhost:${sitePort}/`);
  // The server refuses that origin (and so gives it no CORS answer: the browser cannot even read the refusal).
  const refused = await fetch(`${baseUrl}/api/v1/widget/${widget.key}/config?lang=en`, { headers: { Origin: `http://localhost:${sitePort}` } });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error, 'origin_not_allowed');
  await warned;
  await page.waitForTimeout(500);
  assert.equal(await page.locator('[data-parley]').count(), 0, 'nothing is added to the page');
  assert.equal(await page.getByRole('button', { name: 'Open chat' }).count(), 0);
  assert.equal(await page.evaluate((k) => localStorage.getItem(`parley.widget.${k}.visitor`), widget.key), null, 'no visitor was made');
  assert.equal(await page.evaluate(() => document.querySelector('h1').textContent), 'Acme shoes', 'the host page is untouched');
  await context.close();
});

test('the owner edits the widget in Settings, with the preview and the snippet; the inbox shows the visitor', async (t) => {
  await setup();
  const { page } = await newPage();

  await t.test('Settings → Website widget lists the widget and opens its settings', async () => {
    await signIn(page, OWNER);
    await page.waitForURL('**/app');
    await page.getByRole('link', { name: 'Website widget' }).first().click();
    await page.waitForURL('**/app/widgets');
    const row = page.getByTestId('widget-row').filter({ hasText: 'Acme shop' });
    await row.getByText('127.0.0.1').waitFor();
    await row.getByTestId('widget-open').click();
    await page.waitForURL(`**/app/widgets/${widget.id}`);
    assert.equal(await page.getByTestId('widget-snippet').inputValue(), widget.snippet, 'the snippet to paste, with a copy button');
  });

  await t.test('a greeting typed shows in the preview at once and is saved', async () => {
    const greeting = page.getByLabel(/^Greeting/);
    await greeting.fill('Welcome to Acme shoes!');
    await page.getByTestId('preview-greeting').filter({ hasText: 'Welcome to Acme shoes!' }).waitFor();
    await page.getByLabel('Name', { exact: true }).first().fill('Acme shoes');
    await page.getByLabel('Email').first().selectOption('optional');
    await page.getByTestId('preview-prechat').waitFor();
    await page.getByTestId('widget-save').click();
    await page.getByTestId('widget-saved').waitFor();
    const saved = await api('GET', `/widgets/${widget.id}`);
    assert.equal(saved.body.greeting.en, 'Welcome to Acme shoes!');
    assert.equal(saved.body.greeting.ar, 'مرحبًا! كيف يمكننا مساعدتك؟', 'the other languages are kept');
    assert.equal(saved.body.name, 'Acme shoes');
    assert.equal(saved.body.prechat.email, 'optional');
    await shot(page, 'widget-04-settings');
  });

  await t.test('a rotated identity secret is shown once', async () => {
    await page.getByTestId('widget-rotate').click();
    await page.getByTestId('confirm-modal').getByRole('button', { name: 'New identity secret' }).click();
    const secret = await page.getByTestId('widget-secret-value').inputValue();
    assert.ok(secret.length >= 16, 'a secret is shown');
    await page.getByTestId('widget-secret').getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.getByTestId('widget-form').waitFor();
    assert.equal(await page.getByTestId('widget-secret-value').count(), 0, 'and not again');
  });

  await t.test('at phone width the settings page fits', async () => {
    await page.setViewportSize(PHONE);
    await page.getByTestId('widget-form').waitFor();
    assert.ok((await overflowX(page)) <= 0, 'no sideways scrolling');
    await shot(page, 'widget-05-settings-phone');
    await page.setViewportSize({ width: 1536, height: 900 });
  });

  await t.test('the widget conversation shows the Website badge and the Visitor section', async () => {
    assert.ok(visitorConversation, 'the first test made a conversation');
    await page.goto(`${baseUrl}/app/conversations/${visitorConversation}`);
    await page.getByTestId('website-badge').waitFor();
    const row = page.locator(`a[href$="/conversations/${visitorConversation}"]`);
    assert.equal(await row.getByTestId('website-row-badge').getAttribute('title'), 'Website widget', 'the list row says it came from the website');
    const section = page.getByTestId('visitor-section');
    await section.waitFor();
    assert.match(await section.textContent(), /Pricing/);
    await section.getByTestId('visitor-pages').getByRole('link', { name: 'Pricing' }).waitFor();
    await shot(page, 'widget-06-inbox-visitor');
  });
});

test('a new visitor fills the pre-chat form the owner turned on, then writes', async () => {
  await setup();
  const form = await api('PATCH', `/widgets/${widget.id}`, { prechat: { name: 'required', email: 'optional', phone: 'off', consent: 'required', consentText: { en: 'I accept the shop’s privacy notice.' } } });
  assert.equal(form.status, 200, JSON.stringify(form.body));
  const { context, page, errors } = await visitor();
  await page.goto(`http://127.0.0.1:${sitePort}/`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const start = page.getByRole('button', { name: 'Start chat' });
  await start.waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).isVisible(), false, 'the form comes first');
  await page.getByLabel('Name *').fill('Rita');
  await start.click();
  await page.getByRole('alert').filter({ hasText: 'Please fill in this field.' }).waitFor();
  await page.getByLabel('I accept the shop’s privacy notice.').check();
  await page.getByLabel('Email (optional)').fill('rita@example.com');
  await start.click();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.waitFor();
  await input.fill('Hi, it is Rita');
  await input.press('Enter');
  const conversationId = await until(() => conversationOf(page), Boolean, 'Rita has a conversation');
  const v = await until(async () => (await api('GET', `/conversations/${conversationId}/visitor`)).body, (b) => b?.name === 'Rita', 'the agent sees her name');
  assert.equal(v.email, 'rita@example.com');
  assert.deepEqual(errors, []);
  await context.close();
});

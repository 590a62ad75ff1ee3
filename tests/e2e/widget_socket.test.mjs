// The website widget's Socket.IO namespace `/widget` against the real `parley serve` (demo mode), with
// `socket.io-client` as a visitor's script and as an agent's inbox: the page's Origin and the visitor token are
// checked on connect, a message sent over the socket is stored once, the agent's reply and typing reach the
// visitor's room, and the visitor's typing and delivery reach the agent.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { io } from 'socket.io-client';
import { baseUrl, useServer } from './harness.mjs';

const PASSWORD = 'parley-demo-1';
const OWNER = 'owner@demo.parley.local';
const SITE = 'https://shop.widget-test.example';
const WAIT = 15_000;

useServer({ demo: true });

const open = new Set();
after(() => {
  for (const s of open) s.close();
});

async function api(token, method, path, body, headers = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function socket(ns, options) {
  const s = io(`${baseUrl}${ns}`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000, ...options });
  open.add(s);
  return s;
}

function connected(s) {
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => reject(e));
  });
}

function next(s, event, match = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${WAIT} ms`)), WAIT);
    const on = (data) => {
      if (!match(data)) return;
      clearTimeout(timer);
      s.off(event, on);
      resolve(data);
    };
    s.on(event, on);
  });
}

test('a visitor talks to an agent over the widget namespace, checked by origin and token', async () => {
  const login = await api(null, 'POST', '/auth/login', { email: OWNER, password: PASSWORD });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const token = login.body.accessToken;
  const widget = await api(token, 'POST', '/widgets', { name: 'Socket test', allowedDomains: ['shop.widget-test.example'] });
  assert.equal(widget.status, 201, JSON.stringify(widget.body));
  const key = widget.body.key;
  const visitor = await api(null, 'POST', `/widget/${key}/visitors`, { context: { url: `${SITE}/` } }, { Origin: SITE });
  assert.equal(visitor.status, 201, JSON.stringify(visitor.body));

  // Refused: a page elsewhere, a forged token.
  for (const [origin, tok] of [['https://evil.example', visitor.body.token], [SITE, `${visitor.body.token}x`]]) {
    const bad = socket('/widget', { auth: { key, token: tok }, extraHeaders: { Origin: origin } });
    const err = await connected(bad).then(() => null, (e) => e);
    assert.ok(err, `${origin} with that token is refused`);
    assert.equal(err.message, 'unauthorized');
  }

  // Long polling (where WebSocket is blocked) comes from the customer's page: CORS for its origin only.
  for (const [origin, allowed] of [[SITE, true], ['https://evil.example', false]]) {
    const res = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling&key=${key}`, { headers: { Origin: origin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), allowed ? origin : null, origin);
    await res.body?.cancel();
  }
  const polling = socket('/widget', { auth: { key, token: visitor.body.token }, extraHeaders: { Origin: SITE }, transports: ['polling'], query: { key } });
  await connected(polling);
  polling.close();

  const vSocket = socket('/widget', { auth: { key, token: visitor.body.token }, extraHeaders: { Origin: SITE } });
  const firstOnline = next(vSocket, 'online');
  const v = await connected(vSocket);
  assert.equal(typeof (await firstOnline).online, 'boolean', 'the visitor hears whether someone is there to answer');
  const clientId = randomUUID();
  const ack = await v.timeout(WAIT).emitWithAck('message:send', { clientId, text: '<b>Hello</b> from the socket' });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.message.text, '<b>Hello</b> from the socket');
  assert.equal(ack.message.status, 'delivered', 'in the team inbox at once');
  const again = await v.timeout(WAIT).emitWithAck('message:send', { clientId, text: '<b>Hello</b> from the socket' });
  assert.equal(again.message.id, ack.message.id, 'the same clientId is stored once');
  const tooLong = await v.timeout(WAIT).emitWithAck('message:send', { clientId: randomUUID(), text: 'a'.repeat(4097) });
  assert.equal(tooLong.ok, false);
  assert.equal(tooLong.error.code, 'validation_failed');

  const session = await api(null, 'GET', `/widget/${key}/session`, undefined, { Origin: SITE, 'X-Visitor-Token': visitor.body.token });
  const conversationId = session.body.conversationId;
  assert.ok(conversationId, JSON.stringify(session.body));
  assert.equal(session.body.messages.length, 1);

  const agent = await connected(socket('', { auth: { token } }));
  const joined = await agent.timeout(WAIT).emitWithAck('conversation:join', { conversationId });
  assert.equal(joined.ok, true, JSON.stringify(joined));

  // The agent opens the conversation: the visitor sees their message read (blue ticks), and so does a reload.
  const readSeen = next(v, 'message:status', (d) => d.messageId === ack.message.id);
  const marked = await api(token, 'POST', `/conversations/${conversationId}/read`);
  assert.equal(marked.status, 200, JSON.stringify(marked.body));
  assert.equal((await readSeen).status, 'read');
  const reread = await api(null, 'GET', `/widget/${key}/session`, undefined, { Origin: SITE, 'X-Visitor-Token': visitor.body.token });
  assert.equal(reread.body.messages[0].status, 'read');

  const typingSeen = next(agent, 'conversation:typing', (d) => d.conversationId === conversationId);
  await v.timeout(WAIT).emitWithAck('typing', { on: true });
  const typing = await typingSeen;
  assert.equal(typing.isTyping, true);
  assert.equal(typing.visitorId, visitor.body.visitorId);

  const agentTyping = next(v, 'typing');
  await agent.timeout(WAIT).emitWithAck('conversation:typing', { conversationId, isTyping: true });
  assert.equal((await agentTyping).on, true, 'the agent typing reaches the visitor');

  const reply = next(v, 'message:new', (d) => d.message.from === 'agent');
  const sent = await api(token, 'POST', `/conversations/${conversationId}/messages`, { type: 'text', text: 'Hi, how can I help?' });
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  const got = await reply;
  assert.equal(got.message.text, 'Hi, how can I help?');
  assert.equal(got.message.id, sent.body.id);

  const delivered = next(agent, 'message:status', (d) => d.messageId === sent.body.id && d.status === 'delivered');
  const sentSeen = await until(async () => (await api(token, 'GET', `/messages/${sent.body.id}`)).body.status, (s) => s === 'sent');
  assert.equal(sentSeen, 'sent');
  const d = await v.timeout(WAIT).emitWithAck('delivered', { messageIds: [sent.body.id] });
  assert.equal(d.ok, true);
  await delivered;
  const note = await api(token, 'POST', `/conversations/${conversationId}/notes`, { text: 'internal: VIP' });
  assert.equal(note.status, 201, JSON.stringify(note.body));
  const leaked = await next(v, 'message:new', (m) => m.message.text === 'internal: VIP').then(() => true, () => false);
  assert.equal(leaked, false, 'an internal note never reaches the visitor');
});

async function until(read, done) {
  const deadline = Date.now() + WAIT;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

test('the demo seeds a website widget with a visitor conversation the inbox shows', async () => {
  const login = await api(null, 'POST', '/auth/login', { email: OWNER, password: PASSWORD });
  const token = login.body.accessToken;
  const widgets = await api(token, 'GET', '/widgets');
  const demo = widgets.body.find((w) => w.name === 'Demo shop');
  assert.ok(demo, JSON.stringify(widgets.body));
  assert.ok(demo.allowedDomains.includes('localhost'), JSON.stringify(demo.allowedDomains));
  assert.ok(demo.allowedDomains.includes(new URL(baseUrl).hostname));
  const list = await api(token, 'GET', '/conversations');
  const conv = list.body.items.find((c) => c.connectionId === demo.channelId);
  assert.ok(conv, 'a widget conversation is in the inbox');
  const visitor = await api(token, 'GET', `/conversations/${conv.id}/visitor`);
  assert.equal(visitor.status, 200, JSON.stringify(visitor.body));
  assert.equal(visitor.body.context.utm.campaign, 'winter-sale');
  assert.equal(visitor.body.name, 'Aoife Byrne');
  assert.ok(visitor.body.pages.length >= 2, JSON.stringify(visitor.body.pages));
  const messages = await api(token, 'GET', `/conversations/${conv.id}/messages`);
  const directions = messages.body.items.map((m) => m.direction).reverse();
  assert.deepEqual(directions, ['inbound', 'inbound', 'outbound'], JSON.stringify(messages.body.items));
});

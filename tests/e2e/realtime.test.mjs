// Socket.IO end-to-end tests (contract: "Socket.IO" in the inbox API): the real `parley serve --demo`, the real
// `socket.io-client`, customers played by the built-in WhatsApp simulator. Two agents see each other's work live,
// bad sockets are refused, typing is rate limited, a reconnecting client misses nothing, a second node on the same
// database and Redis fans events out, and presence follows connections. No browser and no web build are needed.
// Run: `node --test realtime.test.mjs` here (PARLEY_BIN defaults to /var/tmp/parley-target/debug/parley).
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { io } from 'socket.io-client';
import { baseUrl, sleep, startNode, useServer } from './harness.mjs';

const PASSWORD = 'parley-demo-1';
const OWNER = 'owner@demo.parley.local';
const AGENT = 'agent@demo.parley.local';
const DEMO_NUMBER = '100000000000001';
// A known signing secret, so the test can sign a correctly signed but expired token (both nodes share it).
const JWT_SECRET = `realtime-test-${randomBytes(24).toString('hex')}`;
const PRESENCE_GRACE_SECS = 1;
const ENV = {
  PARLEY_AUTH__JWT_SECRET: JWT_SECRET,
  PARLEY_REALTIME__PRESENCE_GRACE_SECS: String(PRESENCE_GRACE_SECS),
};
const WAIT = 15_000;

useServer({ demo: true, env: ENV });

// Each test's sockets are closed after it (presence depends on the agent having no live connection left).
const open = new Set();
after(() => {
  for (const s of open) s.close();
});

// ---------------------------------------------------------------------------------------------------------------
// REST, the simulator and tokens

async function api(base, token, method, path, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function login(email, base = baseUrl) {
  const res = await api(base, null, 'POST', '/auth/login', { email, password: PASSWORD });
  assert.equal(res.status, 200, `${email} signs in: ${JSON.stringify(res.body)}`);
  return { token: res.body.accessToken, userId: res.body.session.user.id, tenantId: res.body.session.tenant?.id, name: res.body.session.user.name };
}

/** A simulated customer writes to the demo number (on the node whose simulator is asked); answers the wamid. */
async function customerWrites(phone, text, { base = baseUrl, name = `Customer ${phone.slice(-4)}` } = {}) {
  const res = await fetch(`${base}/sim/api/customers/${phone}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phoneNumberId: DEMO_NUMBER, name, type: 'text', text }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `the simulator takes the customer message: ${JSON.stringify(body)}`);
  assert.equal(body.delivered, true, `Parley acknowledged the webhook of "${text}" (status ${body.webhookStatus})`);
  return body.id;
}

async function reply(token, conversationId, text, base = baseUrl) {
  const res = await api(base, token, 'POST', `/conversations/${conversationId}/messages`, { type: 'text', text });
  assert.equal(res.status, 202, `the reply "${text}" is queued: ${JSON.stringify(res.body)}`);
  return res.body;
}

const digits = (s) => String(s ?? '').replace(/\D/g, '');
const jwtPart = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const decodeJwt = (t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());
function signJwt(claims, secret) {
  const unsigned = `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * Orders event ids. The contract says "a string that sorts in time order"; Parley's ids are Redis stream ids
 * `<ms>-<seq>`, which sort as text only while seq < 10, so those are compared as numbers, anything else as text.
 */
function cmpId(a, b) {
  const pa = /^(\d+)-(\d+)$/.exec(a);
  const pb = /^(\d+)-(\d+)$/.exec(b);
  if (pa && pb) {
    const [ma, sa, mb, sb] = [pa[1], pa[2], pb[1], pb[2]].map(BigInt);
    return ma === mb ? (sa < sb ? -1 : sa > sb ? 1 : 0) : ma < mb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
const maxId = (a, b) => (a === undefined || (b !== undefined && cmpId(b, a) > 0) ? b : a);

// ---------------------------------------------------------------------------------------------------------------
// Sockets: every event a socket receives is recorded, so a wait also finds what arrived before it started.

const JOURNALED = new Set(['message:new', 'message:status', 'conversation:new', 'conversation:updated', 'conversation:assigned', 'agent:presence', 'notification']);

function record(socket, label) {
  socket.label = label;
  socket.events = [];
  socket.lastEventId = undefined;
  const waiters = new Set();
  socket.onAny((name, ...args) => {
    const e = { name, data: args[0], at: Date.now() };
    socket.events.push(e);
    if (JOURNALED.has(name) && typeof e.data?.eventId === 'string') socket.lastEventId = maxId(socket.lastEventId, e.data.eventId);
    for (const w of [...waiters]) w(e);
  });
  /** Resolves with the first event (from index `from` on) named `names` whose payload passes `pred`. */
  socket.waitFor = (names, pred = () => true, { timeoutMs = WAIT, from = 0, what } = {}) => {
    const wanted = new Set([names].flat());
    const hit = (e) => wanted.has(e.name) && pred(e.data);
    const seen = socket.events.slice(from).find(hit);
    if (seen) return Promise.resolve(seen.data);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`${label} did not receive ${what ?? [...wanted].join(' or ')} within ${timeoutMs} ms; it received: ${summary(socket, from)}`));
      }, timeoutMs);
      const w = (e) => {
        if (!hit(e)) return;
        clearTimeout(timer);
        waiters.delete(w);
        resolve(e.data);
      };
      waiters.add(w);
    });
  };
  return socket;
}

function summary(socket, from = 0) {
  const list = socket.events.slice(from);
  if (list.length === 0) return 'nothing';
  const counts = {};
  for (const e of list) counts[e.name] = (counts[e.name] ?? 0) + 1;
  const last = list.slice(-6).map((e) => `${e.name} ${JSON.stringify(e.data).slice(0, 160)}`);
  return `${JSON.stringify(counts)}; last: ${last.join(' | ')}`;
}

function newSocket(base, auth) {
  const socket = io(base, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
  open.add(socket);
  return socket;
}

/** Connects and resolves once connected; a refusal fails with the server's connect_error message. */
async function connect(label, auth, base = baseUrl) {
  const socket = record(newSocket(base, auth), label);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => reject(new Error(`${label} could not connect: connect_error "${err.message}"`)));
  });
  return socket;
}

/** Resolves with the connect_error a refused socket gets (or fails if the server lets it in). */
async function refused(what, auth) {
  const socket = newSocket(baseUrl, auth);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: neither connect nor connect_error within ${WAIT} ms`)), WAIT);
      socket.once('connect', () => {
        clearTimeout(timer);
        reject(new Error(`${what}: the socket was let in (id ${socket.id}); it must get connect_error "unauthorized"`));
      });
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        resolve(err);
      });
    });
  } finally {
    socket.close();
    open.delete(socket);
  }
}

async function ack(socket, event, payload, timeoutMs = 5_000) {
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch (e) {
    throw new Error(`${socket.label}: no ack for ${event} ${JSON.stringify(payload)} within ${timeoutMs} ms (${e.message})`);
  }
}

async function join(socket, conversationId, since) {
  const payload = since === undefined ? { conversationId } : { conversationId, since };
  const res = await ack(socket, 'conversation:join', payload);
  assert.deepEqual(res, { ok: true }, `${socket.label} joins conversation ${conversationId}${since ? ` since ${since}` : ''}`);
}

function close(...sockets) {
  for (const s of sockets) {
    s.close();
    open.delete(s);
  }
}

const isConv = (phone) => (d) => digits(d?.conversation?.contactPhone) === phone;

/** A new conversation: the customer `phone` writes, and `socket` sees it appear; answers the conversation id. */
async function newConversation(socket, phone, text) {
  const from = socket.events.length;
  await customerWrites(phone, text);
  const ev = await socket.waitFor(['conversation:new', 'conversation:updated'], isConv(phone), { from, what: `conversation:new for +${phone}` });
  return ev.conversation.id;
}

function assertJournaled(ev, name) {
  assert.equal(typeof ev.eventId, 'string', `${name} carries a string eventId: ${JSON.stringify(ev).slice(0, 300)}`);
  assert.ok(ev.eventId.length > 0, `${name} has a non-empty eventId`);
}

// ---------------------------------------------------------------------------------------------------------------

test('two agents see a customer message, and each other\'s reply with its status, live', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const a = await connect('owner socket', { token: owner.token });
  const b = await connect('agent socket', { token: agent.token });
  try {
    const phone = '15550101001';
    const text = 'Hi, is my order ready?';
    await customerWrites(phone, text, { name: 'Rita Realtime' });

    // conversation:new (or conversation:updated) carrying the conversation with the message as its preview.
    const withPreview = (d) => isConv(phone)(d) && d.conversation.lastMessagePreview === text;
    const what = `conversation:new (or :updated) for +${phone} with the preview "${text}"`;
    const forA = await a.waitFor(['conversation:new', 'conversation:updated'], withPreview, { what });
    const forB = await b.waitFor(['conversation:new', 'conversation:updated'], withPreview, { what });
    assertJournaled(forA, 'conversation:new');
    assert.equal(forB.conversation.id, forA.conversation.id, 'both agents are told about the same conversation');
    assert.equal(forB.conversation.contactName, 'Rita Realtime', 'the event carries the contact name');
    const conversationId = forA.conversation.id;

    await join(a, conversationId);
    await join(b, conversationId);

    // The owner answers through REST; the agent's socket gets the message, then its status as it travels.
    const fromB = b.events.length;
    const sent = await reply(owner.token, conversationId, 'Yes, it ships today.');
    const msg = await b.waitFor('message:new', (d) => d.message?.id === sent.id, { from: fromB, what: `message:new for the reply ${sent.id}` });
    assertJournaled(msg, 'message:new');
    assert.equal(msg.conversationId, conversationId, 'message:new names its conversation');
    assert.equal(msg.message.direction, 'outbound', 'the reply is outbound');
    assert.equal(msg.message.content?.text, 'Yes, it ships today.', 'message:new carries the message content');
    assert.equal(msg.message.senderUserId, owner.userId, 'the reply names the owner as sender');

    const isReply = (status) => (d) => d.messageId === sent.id && d.status === status;
    const sentEv = await b.waitFor('message:status', isReply('sent'), { from: fromB, what: 'message:status sent for the reply' });
    const deliveredEv = await b.waitFor('message:status', isReply('delivered'), { from: fromB, what: 'message:status delivered for the reply' });
    assertJournaled(sentEv, 'message:status');
    assert.equal(sentEv.conversationId, conversationId, 'message:status names its conversation');
    assert.ok(sentEv.sentAt, 'the sent status carries sentAt');
    assert.ok(deliveredEv.deliveredAt, 'the delivered status carries deliveredAt');
    const order = b.events.slice(fromB).filter((e) => e.name === 'message:status' && e.data.messageId === sent.id).map((e) => e.data.status);
    assert.ok(order.indexOf('sent') < order.indexOf('delivered'), `sent arrives before delivered (got ${order.join(' → ')})`);
    assert.ok(cmpId(sentEv.eventId, deliveredEv.eventId) < 0, `event ids sort in time order (${sentEv.eventId} < ${deliveredEv.eventId})`);

    // After conversation:leave the agent no longer hears the room (the owner, still in it, does).
    assert.deepEqual(await ack(b, 'conversation:leave', { conversationId }), { ok: true }, 'the agent leaves the conversation room');
    const fromA = a.events.length;
    const fromB2 = b.events.length;
    const later = await reply(owner.token, conversationId, 'One more thing.');
    await a.waitFor('message:new', (d) => d.message?.id === later.id, { from: fromA, what: 'message:new for the reply after the agent left' });
    await sleep(500);
    const heard = b.events.slice(fromB2).filter((e) => e.data?.message?.id === later.id || e.data?.messageId === later.id);
    assert.deepEqual(heard.map((e) => e.name), [], `a socket that left the room gets none of its events; it got: ${JSON.stringify(heard.map((e) => e.name))}`);
  } finally {
    close(a, b);
  }
});

test('bad sockets are refused, and rooms of another tenant or unknown conversations cannot be joined', async () => {
  const owner = await login(OWNER);
  const claims = decodeJwt(owner.token);
  const now = Math.floor(Date.now() / 1000);

  // Control: a token this test signs itself is accepted, so the refusals below are about what is wrong with each.
  const selfSigned = signJwt({ ...claims, iat: now, exp: now + 600 }, JWT_SECRET);
  const me = await api(baseUrl, selfSigned, 'GET', '/auth/me');
  assert.equal(me.status, 200, `the server signs with PARLEY_AUTH__JWT_SECRET (a token signed with it works over REST): ${JSON.stringify(me.body)}`);
  const control = await connect('self-signed socket', { token: selfSigned });
  close(control);

  const cases = [
    ['no auth at all', undefined],
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a garbage token', { token: 'garbage.not-a.jwt' }],
    ['an expired token (correctly signed)', { token: signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET) }],
    ['a token signed with another secret', { token: signJwt({ ...claims, iat: now, exp: now + 600 }, 'not-the-server-secret-0123456789abcdef') }],
    ['a tampered token (another user, same signature)', { token: `${owner.token.split('.')[0]}.${jwtPart({ ...claims, sub: randomUUID() })}.${owner.token.split('.')[2]}` }],
    ['a refresh token', { token: signJwt({ ...claims, typ: 'refresh', iat: now, exp: now + 600 }, JWT_SECRET) }],
  ];
  for (const [what, auth] of cases) {
    const err = await refused(what, auth);
    assert.equal(err.message, 'unauthorized', `${what}: connect_error says "unauthorized" (got "${err.message}")`);
  }

  // A second business signs up: its owner must not reach the demo tenant's conversations.
  const email = `other-${randomBytes(4).toString('hex')}@example.com`;
  const reg = await api(baseUrl, null, 'POST', '/auth/register', { businessName: 'Other Business', name: 'Otto Other', email, password: 'other-pass-42' });
  assert.equal(reg.status, 201, `a second business registers: ${JSON.stringify(reg.body)}`);
  const other = await connect('other tenant socket', { token: reg.body.accessToken });
  const demo = await connect('demo owner socket', { token: owner.token });
  try {
    const phone = '15550101002';
    const conversationId = await newConversation(demo, phone, 'A message for the demo tenant only');

    assert.deepEqual(await ack(other, 'conversation:join', { conversationId }), { error: 'not_found' }, 'another tenant\'s conversation answers not_found');
    assert.deepEqual(await ack(other, 'conversation:join', { conversationId: randomUUID() }), { error: 'not_found' }, 'an unknown conversation answers not_found');
    assert.deepEqual(await ack(demo, 'conversation:join', { conversationId: randomUUID() }), { error: 'not_found' }, 'an unknown conversation answers not_found in the demo tenant too');
    assert.deepEqual(await ack(demo, 'conversation:join', { conversationId: 'not-a-uuid' }), { error: 'invalid' }, 'a malformed id answers invalid');
    await join(demo, conversationId);

    // Nothing of the demo tenant reaches the other tenant's socket: a new message and a status change.
    const fromOther = other.events.length;
    const fromDemo = demo.events.length;
    await customerWrites(phone, 'Second message, still private');
    const patched = await api(baseUrl, owner.token, 'PATCH', `/conversations/${conversationId}`, { status: 'pending' });
    assert.equal(patched.status, 200, `the owner sets the conversation pending: ${JSON.stringify(patched.body)}`);
    await demo.waitFor('message:new', (d) => d.conversationId === conversationId && d.message?.content?.text === 'Second message, still private', { from: fromDemo });
    await demo.waitFor('conversation:updated', (d) => d.conversation?.id === conversationId && d.conversation.status === 'pending', { from: fromDemo });
    await sleep(1000);
    const leaked = other.events.slice(fromOther).filter((e) => JSON.stringify(e.data ?? '').includes(conversationId));
    assert.deepEqual(leaked.map((e) => e.name), [], `the other tenant receives none of the demo tenant's events; it got: ${JSON.stringify(leaked.map((e) => e.name))}`);
  } finally {
    close(other, demo);
  }
});

test('a typing flood is rate limited, and the other agent gets only a few typing events', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const a = await connect('owner socket', { token: owner.token });
  const b = await connect('agent socket', { token: agent.token });
  try {
    const conversationId = await newConversation(a, '15550101003', 'Typing test');
    await join(a, conversationId);
    await join(b, conversationId);

    const fromA = a.events.length;
    const fromB = b.events.length;
    const acks = await Promise.all(Array.from({ length: 50 }, () => ack(a, 'conversation:typing', { conversationId, isTyping: true })));
    const ok = acks.filter((r) => r?.ok === true).length;
    const limited = acks.filter((r) => r?.error === 'rate_limited').length;
    assert.equal(ok + limited, 50, `every ack is {ok:true} or {error:"rate_limited"}: ${JSON.stringify([...new Set(acks.map((r) => JSON.stringify(r)))])}`);
    assert.ok(ok >= 1, 'the first typing events of the burst are accepted');
    assert.ok(limited >= 40, `most of a 50-event burst is rate limited (~4/s per socket): ${ok} ok, ${limited} rate_limited`);

    await b.waitFor('conversation:typing', (d) => d.userId === owner.userId, { from: fromB, what: 'conversation:typing from the owner' });
    await sleep(1500);
    const typing = b.events.slice(fromB).filter((e) => e.name === 'conversation:typing' && e.data.userId === owner.userId);
    assert.ok(typing.length <= ok, `the agent gets no more typing events (${typing.length}) than were accepted (${ok})`);
    assert.ok(typing.length <= 10, `the agent gets far fewer than 50 typing events (${typing.length})`);
    const t0 = typing[0].data;
    assert.equal(t0.conversationId, conversationId, 'conversation:typing names the conversation');
    assert.equal(t0.isTyping, true, 'conversation:typing says isTyping');
    assert.equal(t0.name, owner.name, 'conversation:typing names who is typing');
    const echoed = a.events.slice(fromA).filter((e) => e.name === 'conversation:typing');
    assert.equal(echoed.length, 0, 'the typist does not get its own typing events back');
  } finally {
    close(a, b);
  }
});

test('a client that reconnects with since misses none of the messages sent while it was away', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const a = await connect('owner socket', { token: owner.token });
  const b = await connect('agent socket', { token: agent.token });
  try {
    const phone = '15550101004';
    const conversationId = await newConversation(a, phone, 'Before the disconnect');
    await b.waitFor(['conversation:new', 'conversation:updated'], isConv(phone), { what: 'the conversation before the disconnect' });
    await join(a, conversationId);
    await join(b, conversationId);
    // One room event seen live, so the agent's last event id is recent.
    const first = await reply(owner.token, conversationId, 'Reply before the disconnect');
    await b.waitFor('message:new', (d) => d.message?.id === first.id);
    await sleep(300);
    const since = b.lastEventId;
    assert.ok(since, 'the agent socket has seen event ids');

    b.disconnect();
    const missed = [];
    const fromA = a.events.length;
    for (const text of ['Offline 1', 'Offline 2', 'Offline 3']) {
      const wamid = await customerWrites(phone, text);
      const ev = await a.waitFor('message:new', (d) => d.message?.waMessageId === wamid, { from: fromA, what: `message:new for "${text}" (owner, online)` });
      missed.push({ id: ev.message.id, text });
    }
    for (const text of ['Offline reply 1', 'Offline reply 2']) {
      const m = await reply(owner.token, conversationId, text);
      await a.waitFor('message:new', (d) => d.message?.id === m.id, { from: fromA, what: `message:new for "${text}" (owner, online)` });
      missed.push({ id: m.id, text });
    }
    assert.ok(!b.connected, 'the agent socket stayed offline meanwhile');

    const fromB = b.events.length;
    b.auth = { token: agent.token, since };
    b.connect();
    await new Promise((resolve, reject) => {
      b.once('connect', resolve);
      b.once('connect_error', (err) => reject(new Error(`reconnect refused: ${err.message}`)));
    });
    const sync = await b.waitFor('sync', () => true, { from: fromB, what: 'sync after reconnecting with since' });
    assert.notEqual(sync.reset, true, `a few seconds offline can be replayed (sync ${JSON.stringify(sync)})`);
    assert.equal(typeof sync.replayed, 'number', `sync says how many events were replayed: ${JSON.stringify(sync)}`);
    assert.ok(sync.replayed >= 1, `the conversation updates of the 5 messages were replayed (replayed ${sync.replayed})`);
    const syncAt = b.events.findIndex((e, i) => i >= fromB && e.name === 'sync');
    const beforeSync = b.events.slice(fromB, syncAt);
    assert.ok(
      beforeSync.some((e) => e.name === 'conversation:updated' && e.data.conversation?.id === conversationId),
      `the missed conversation:updated of the tenant room is replayed before sync: ${summary(b, fromB)}`,
    );
    for (const e of b.events.slice(fromB).filter((x) => JOURNALED.has(x.name))) {
      assert.ok(cmpId(e.data.eventId, since) > 0, `nothing already seen is replayed: ${e.name} ${e.data.eventId} is after ${since}`);
    }

    await join(b, conversationId, since);
    const received = () => new Set(b.events.slice(fromB).filter((e) => e.name === 'message:new').map((e) => e.data.message?.id));
    const deadline = Date.now() + WAIT;
    while (Date.now() < deadline && !missed.every((m) => received().has(m.id))) await sleep(100);
    const lost = missed.filter((m) => !received().has(m.id)).map((m) => m.text);
    assert.deepEqual(lost, [], `every message:new sent while offline reaches the agent after rejoining with since; missing: ${JSON.stringify(lost)}; received after reconnecting: ${summary(b, fromB)}`);
    for (const e of b.events.slice(fromB).filter((x) => x.name === 'message:new' && missed.some((m) => m.id === x.data.message?.id))) {
      assert.equal(e.data.conversationId, conversationId, 'replayed message:new names its conversation');
      assertJournaled(e.data, 'replayed message:new');
    }
  } finally {
    close(a, b);
  }
});

test('a catch-up longer than a socket\'s send buffer (128 packets) delivers every event, then sync', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const a = await connect('owner socket', { token: owner.token });
  const b = await connect('agent socket', { token: agent.token });
  try {
    const phone = '15550101005';
    const conversationId = await newConversation(a, phone, 'A long absence');
    await b.waitFor(['conversation:new', 'conversation:updated'], isConv(phone), { what: 'the conversation before the disconnect' });
    await sleep(300);
    const since = b.lastEventId;
    b.disconnect();
    // 200 tenant-room events while the agent is away: more than the 128 packets a socket buffers.
    const current = await api(baseUrl, owner.token, 'GET', `/conversations/${conversationId}`);
    assert.equal(current.status, 200, JSON.stringify(current.body));
    const [other, back] = current.body.status === 'pending' ? ['open', 'pending'] : ['pending', 'open'];
    const statuses = [];
    for (let i = 0; i < 200; i++) {
      const status = i % 2 === 0 ? other : back;
      const res = await api(baseUrl, owner.token, 'PATCH', `/conversations/${conversationId}`, { status });
      assert.equal(res.status, 200, `status change ${i}: ${JSON.stringify(res.body)}`);
      statuses.push(status);
    }
    const fromB = b.events.length;
    b.auth = { token: agent.token, since };
    b.connect();
    const sync = await b.waitFor('sync', () => true, { from: fromB, what: 'sync after a long catch-up' });
    assert.notEqual(sync.reset, true, `200 events fit the journal (sync ${JSON.stringify(sync)})`);
    const syncAt = b.events.findIndex((e, i) => i >= fromB && e.name === 'sync');
    const replayed = b.events
      .slice(fromB, syncAt)
      .filter((e) => e.name === 'conversation:updated' && e.data.conversation?.id === conversationId);
    assert.ok(replayed.length >= 200, `every status change is replayed before sync (got ${replayed.length}, sync ${JSON.stringify(sync)})`);
    assert.deepEqual(
      replayed.slice(-200).map((e) => e.data.conversation.status),
      statuses,
      'in the order they happened',
    );
  } finally {
    close(a, b);
  }
});

test('presence: an agent who connects and says online shows up online, and goes offline after the grace period', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const agentRow = async () => {
    const res = await api(baseUrl, owner.token, 'GET', '/agents');
    assert.equal(res.status, 200, `GET /agents answers: ${JSON.stringify(res.body)}`);
    const row = res.body.find((r) => r.userId === agent.userId);
    assert.ok(row, `GET /agents lists the agent: ${JSON.stringify(res.body)}`);
    return row;
  };
  // Earlier tests' agent sockets are closed; their grace period must be over before this starts.
  const settled = Date.now() + (PRESENCE_GRACE_SECS + 10) * 1000;
  while ((await agentRow()).online && Date.now() < settled) await sleep(250);
  assert.equal((await agentRow()).online, false, 'the agent has no live connection before the test');
  // GET /agents says offline as soon as the last socket closes, but the offline *event* of an earlier test's socket
  // comes one grace period later: let any such timer run out, so the event awaited below is this test's own.
  await sleep(PRESENCE_GRACE_SECS * 1000 + 500);

  const o = await connect('owner socket', { token: owner.token });
  let s;
  try {
    const fromO = o.events.length;
    s = await connect('agent socket', { token: agent.token });
    assert.deepEqual(await ack(s, 'agent:status', { status: 'sleeping' }), { error: 'invalid' }, 'an unknown status answers invalid');
    assert.deepEqual(await ack(s, 'agent:status', { status: 'online' }), { ok: true, status: 'online' }, 'agent:status online is acknowledged');
    const on = await o.waitFor('agent:presence', (d) => d.userId === agent.userId && d.online === true && d.status === 'online', {
      from: fromO,
      what: 'agent:presence {online: true, status: "online"} for the agent',
    });
    assertJournaled(on, 'agent:presence');
    const row = await agentRow();
    assert.equal(row.online, true, `GET /agents shows the agent online: ${JSON.stringify(row)}`);
    assert.equal(row.status, 'online', `GET /agents shows the chosen status: ${JSON.stringify(row)}`);

    const fromOff = o.events.length;
    const closedAt = Date.now();
    close(s);
    const off = await o.waitFor('agent:presence', (d) => d.userId === agent.userId && d.online === false, {
      from: fromOff,
      timeoutMs: (PRESENCE_GRACE_SECS + 6) * 1000,
      what: `agent:presence {online: false} within ${PRESENCE_GRACE_SECS} s (+ slack) of the disconnect`,
    });
    const waited = Date.now() - closedAt;
    assertJournaled(off, 'agent:presence');
    assert.ok(waited >= PRESENCE_GRACE_SECS * 1000 - 200, `offline is announced only after the grace period (${waited} ms < ${PRESENCE_GRACE_SECS} s)`);
    assert.equal((await agentRow()).online, false, 'GET /agents shows the agent offline after the grace period');
  } finally {
    close(o);
    if (s) close(s);
  }
});

test('a second node on the same database and Redis delivers events caused on the first, and back', async () => {
  const nodeB = await startNode({ demo: true, env: ENV });
  const owner = await login(OWNER);
  const agent = await login(AGENT, nodeB.url);
  const onA = await connect('owner socket on node A', { token: owner.token });
  const onB = await connect('agent socket on node B', { token: agent.token }, nodeB.url);
  try {
    // A webhook handled on node A (the customer writes through node A's simulator).
    const phone = '15550101005';
    const from0 = onB.events.length;
    await customerWrites(phone, 'Hello node A', { base: baseUrl });
    const created = await onB.waitFor(['conversation:new', 'conversation:updated'], isConv(phone), { from: from0, what: 'conversation:new from node A (webhook)' });
    const conversationId = created.conversation.id;
    await join(onB, conversationId);
    await join(onA, conversationId);

    // A REST call on node A: a status change (tenant room) and a note (conversation room).
    const from1 = onB.events.length;
    const patched = await api(baseUrl, owner.token, 'PATCH', `/conversations/${conversationId}`, { status: 'pending' });
    assert.equal(patched.status, 200, `PATCH on node A: ${JSON.stringify(patched.body)}`);
    await onB.waitFor('conversation:updated', (d) => d.conversation?.id === conversationId && d.conversation.status === 'pending', {
      from: from1,
      what: 'conversation:updated (pending) caused on node A',
    });
    const note = await api(baseUrl, owner.token, 'POST', `/conversations/${conversationId}/notes`, { text: 'Internal: check stock' });
    assert.equal(note.status, 201, `POST a note on node A: ${JSON.stringify(note.body)}`);
    const noteEv = await onB.waitFor('message:new', (d) => d.message?.id === note.body.id, { from: from1, what: 'message:new for the note written on node A' });
    assert.equal(noteEv.message.direction, 'note', 'the note arrives as a note');

    // Another customer message through node A, now that node B's socket is in the room.
    const wamid2 = await customerWrites(phone, 'Second hello via node A', { base: baseUrl });
    await onB.waitFor('message:new', (d) => d.message?.waMessageId === wamid2, { from: from1, what: 'message:new for the customer message received on node A' });

    // And back: a reply sent through node B reaches the socket on node A.
    const from2 = onA.events.length;
    const sent = await reply(agent.token, conversationId, 'Answered from node B', nodeB.url);
    await onA.waitFor('message:new', (d) => d.message?.id === sent.id, { from: from2, what: 'message:new for the reply sent through node B' });
    const back = await api(nodeB.url, agent.token, 'PATCH', `/conversations/${conversationId}`, { status: 'open' });
    assert.equal(back.status, 200, `PATCH on node B: ${JSON.stringify(back.body)}`);
    await onA.waitFor('conversation:updated', (d) => d.conversation?.id === conversationId && d.conversation.status === 'open', {
      from: from2,
      what: 'conversation:updated (open) caused on node B',
    });
  } catch (e) {
    e.message += `\n--- node B log (tail) ---\n${nodeB.log().slice(-3000)}`;
    throw e;
  } finally {
    close(onA, onB);
    await nodeB.stop();
  }
});

test('a member who is disabled is disconnected at once and let in again only once enabled', async () => {
  const owner = await login(OWNER);
  const agent = await login(AGENT);
  const s = await connect('agent socket', { token: agent.token });
  const setStatus = async (status) => {
    const res = await api(baseUrl, owner.token, 'PATCH', `/users/${agent.userId}/status`, { status });
    assert.equal(res.status, 200, `the owner sets the agent ${status}: ${JSON.stringify(res.body)}`);
  };
  try {
    const ended = new Promise((resolve) => s.once('disconnect', resolve));
    await setStatus('disabled');
    const reason = await Promise.race([ended, sleep(WAIT).then(() => 'still connected')]);
    assert.equal(reason, 'io server disconnect', 'the server ends the disabled member\'s socket');
    const err = await refused('a disabled member with a still unexpired token', { token: agent.token });
    assert.equal(err.message, 'unauthorized');
  } finally {
    close(s);
    await setStatus('active');
  }
  const back = await connect('agent socket after re-enabling', { token: (await login(AGENT)).token });
  close(back);
});

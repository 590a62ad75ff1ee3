#!/usr/bin/env node
// Socket.IO fan-out benchmark. Opens N socket.io-client connections (websocket transport, authenticated) to
// 1. the real Parley (`parley serve --demo` on a fresh database, dropped at the end): every client is the demo owner,
//    so every socket sits in the tenant room; each event is a real `PATCH /api/v1/conversations/{id}` toggling the
//    status between pending and open, which Parley broadcasts as `conversation:updated` to the tenant room;
// 2. a plain Node socket.io 4.8 server (node-server.mjs) doing the same: token check on connect, tenant room,
//    `POST /trigger` broadcasting a payload of the same shape;
// and prints, for each, the delivery latency (just before the trigger → receipt at each client), delivered/expected,
// the server's RSS before and after connecting, and the ratios between the two.
//
//   node fanout.mjs --connections 10000 --events 50 [--interval-ms 200] [--only parley|node]
//                   [--client-processes 2] [--batch 200] [--event-timeout-ms 20000] [--max-seconds 1800]
//
// Events are sent one at a time: the next trigger waits until every client got the previous event (or the event
// timeout), plus --interval-ms, so each figure is the fan-out of one broadcast, not a queue of them.
// The clients run in --client-processes child processes (this file with FANOUT_WORKER=1) on the same machine
// as the server: with 2 cores, client and server compete for CPU (see README.md). Only 127.0.0.1 is used.
import { fork, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  HERE,
  children,
  cleanupSync,
  cpuCount,
  cpuSeconds,
  databases,
  dropDatabase,
  freePort,
  guardRun,
  json,
  parleyBin,
  pct,
  rssMb,
  sleep,
  startProcess,
  stopProcess,
  waitReady,
} from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator

function options() {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000' },
      events: { type: 'string', default: '50' },
      'interval-ms': { type: 'string', default: '200' },
      only: { type: 'string' },
      'client-processes': { type: 'string', default: '2' },
      batch: { type: 'string', default: '200' },
      'event-timeout-ms': { type: 'string', default: '20000' },
      'connect-timeout-ms': { type: 'string', default: '30000' },
      'max-seconds': { type: 'string', default: '1800' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(readFileSync(SELF, 'utf8').split('\n').slice(1, 20).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer >= ${min} (got ${values[name]})`);
      process.exit(2);
    }
    return n;
  };
  if (values.only && !['parley', 'node'].includes(values.only)) {
    console.error(`--only must be parley or node (got ${values.only})`);
    process.exit(2);
  }
  const o = {
    connections: int('connections', 1),
    events: int('events', 1),
    intervalMs: int('interval-ms', 0),
    only: values.only,
    procs: int('client-processes', 1),
    batch: int('batch', 1),
    eventTimeoutMs: int('event-timeout-ms', 100),
    connectTimeoutMs: int('connect-timeout-ms', 1000),
    maxSeconds: int('max-seconds', 10),
  };
  o.procs = Math.min(o.procs, o.connections);
  return o;
}

/** Makes sure this process (and so every child) may open enough files; re-executes itself with a raised soft limit. */
function ensureFileLimit(o) {
  const need = o.connections + 2048;
  const sh = (cmd) => spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
  const soft = sh('ulimit -n');
  if (soft === 'unlimited' || Number(soft) >= need) return;
  const hard = sh('ulimit -Hn');
  const target = hard === 'unlimited' ? need : Math.min(need, Number(hard));
  if (process.env.FANOUT_ULIMIT_RAISED !== '1' && target > Number(soft)) {
    console.log(`raising the open-file limit from ${soft} to ${target} (needed: ${need})`);
    const r = spawnSync('/bin/sh', ['-c', 'ulimit -n "$0" && exec "$@"', String(target), process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, FANOUT_ULIMIT_RAISED: '1' },
    });
    process.exit(r.status ?? 1);
  }
  console.warn(`warning: the open-file limit is ${soft} (hard ${hard}), below the ${need} this run needs: connections beyond it will fail`);
}

async function main() {
  const o = options();
  ensureFileLimit(o);
  const cancelDeadline = guardRun(o.maxSeconds);

  console.log(
    `fan-out benchmark: ${o.connections} connections, ${o.events} events, interval ${o.intervalMs} ms, ` +
      `${o.procs} client process(es), connect batches of ${o.batch}; ${(await cpuCount())} CPU cores shared by server and clients`,
  );
  const results = {};
  let failed = false;
  for (const target of o.only ? [o.only] : ['parley', 'node']) {
    try {
      results[target] = target === 'parley' ? await runParley(o) : await runNode(o);
      print(results[target]);
    } catch (e) {
      failed = true;
      console.error(`\n${target}: ${e.stack ?? e}`);
    }
  }
  const p = results.parley;
  const n = results.node;
  if (p && n) {
    console.log('\n== Node / Parley ==');
    console.log(`  p99 delivery latency: ${ratio(n.latency.p99, p.latency.p99)} (Node ${ms(n.latency.p99)}, Parley ${ms(p.latency.p99)}; > 1: Parley is faster)`);
    console.log(`  p50 delivery latency: ${ratio(n.latency.p50, p.latency.p50)}`);
    console.log(`  memory per connection: ${ratio(n.mbPerConnection, p.mbPerConnection)} (Node ${kb(n.mbPerConnection)}, Parley ${kb(p.mbPerConnection)}; > 1: Parley uses less)`);
  }
  cancelDeadline();
  cleanupSync();
  process.exit(failed ? 1 : 0);
}

const ms = (v) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(1)} ms`);
const kb = (mb) => (mb === undefined || Number.isNaN(mb) ? '–' : `${(mb * 1024).toFixed(1)} KB`);
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

function print(r) {
  console.log(`\n== ${r.name} ==`);
  console.log(`  connections: ${r.connected} of ${r.requested} connected, ${r.failed} failed${fmtErrors(r.connectErrors)} (connect phase ${(r.connectMs / 1000).toFixed(1)} s)`);
  console.log(`  server RSS: ${r.rssBefore.toFixed(1)} MB before connecting, ${r.rssAfter.toFixed(1)} MB after → ${kb(r.mbPerConnection)} per connection`);
  console.log(`  events: ${r.events} tenant-room broadcasts (conversation:updated), one at a time, ${r.intervalMs} ms apart`);
  console.log(`  delivered: ${r.delivered} / ${r.expected} expected${r.delivered === r.expected ? '' : ` (${(100 * (1 - r.delivered / r.expected)).toFixed(3)}% missing)`}`);
  console.log(`  delivery latency (just before the trigger → receipt, every client, every event): p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}`);
  console.log(`  whole fan-out per event (until the last client): median ${ms(r.fanout.p50)}, max ${ms(r.fanout.max)}`);
  console.log(`  trigger request round-trip: median ${ms(r.trigger.p50)}, max ${ms(r.trigger.max)}`);
  console.log(`  server CPU during the events: ${r.cpuSeconds.toFixed(2)} s (${((1000 * r.cpuSeconds) / r.events).toFixed(1)} ms per event)`);
  const extra = [];
  if (r.duplicates) extra.push(`${r.duplicates} duplicate receipts`);
  if (r.stale) extra.push(`${r.stale} late or stale events`);
  if (r.disconnects) extra.push(`${r.disconnects} disconnects during the run${fmtErrors(r.disconnectReasons)}`);
  if (r.multiIds) extra.push(`${r.multiIds} triggers produced more than one event id`);
  if (r.triggerErrors) extra.push(`${r.triggerErrors} triggers failed`);
  if (Object.keys(r.other).length) extra.push(`other events received: ${JSON.stringify(r.other)}`);
  if (extra.length) console.log(`  notes: ${extra.join('; ')}`);
}

function fmtErrors(errors) {
  const e = Object.entries(errors ?? {});
  return e.length ? ` (${e.map(([k, v]) => `${v}× ${k}`).join(', ')})` : '';
}


async function runParley(o) {
  const bin = parleyBin();
  const db = `parley_bench_${randomBytes(6).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  databases.add(db);
  console.log(`\nstarting ${bin} serve --demo on ${url} (database ${db})`);
  const proc = startProcess(bin, ['serve', '--demo'], {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PORT: String(port),
    PARLEY_SERVER__HOST: '127.0.0.1',
    PARLEY_MAIL__TRANSPORT: 'dev',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  });
  try {
    await waitReady(proc, `${url}/readyz`, 180_000);
    const auth = await json(
      await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'owner@demo.parley.local', password: 'parley-demo-1' }),
      }),
      'login as the demo owner',
    );
    const token = auth.accessToken;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

    // A conversation to update: the simulated customer writes to the demo number.
    const phone = '15550109999';
    const sent = await json(
      await fetch(`${url}/sim/api/customers/${phone}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumberId: '100000000000001', name: 'Bench Customer', type: 'text', text: 'Fan-out benchmark' }),
      }),
      'the simulated customer writes',
    );
    if (!sent.delivered) throw new Error(`Parley did not take the simulator's webhook: ${JSON.stringify(sent)}`);
    let conversationId;
    for (let i = 0; i < 100 && !conversationId; i++) {
      const list = await json(await fetch(`${url}/api/v1/conversations?limit=50`, { headers }), 'list conversations');
      conversationId = list.items?.find((c) => String(c.contactPhone ?? '').replace(/\D/g, '') === phone)?.id;
      if (!conversationId) await sleep(200);
    }
    if (!conversationId) throw new Error('the customer message did not become a conversation within 20 s');
    let triggerErrors = 0;
    const trigger = async (status) => {
      const res = await fetch(`${url}/api/v1/conversations/${conversationId}`, { method: 'PATCH', headers, body: JSON.stringify({ status }) });
      if (!res.ok) {
        triggerErrors++;
        console.error(`  PATCH answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      } else await res.arrayBuffer();
    };
    const r = await scenario(o, { name: `Parley (${path.basename(path.dirname(bin))} build, serve --demo)`, url, token, pid: proc.pid, conversationId, trigger });
    r.triggerErrors = triggerErrors;
    if (proc.exitCode !== null) throw new Error(`parley exited with ${proc.exitCode} during the run:\n${proc.tail()}`);
    return r;
  } finally {
    await stopProcess(proc);
    dropDatabase(db);
  }
}

function signJwt(claims, secret) {
  const part = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function runNode(o) {
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  console.log(`\nstarting node-server.mjs (socket.io 4.8) on ${url}`);
  const proc = startProcess(process.execPath, [path.join(HERE, 'node-server.mjs')], { BENCH_SECRET: secret, PORT: String(port) });
  try {
    await waitReady(proc, `${url}/healthz`, 30_000);
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ sub: randomUUID(), tid: randomUUID(), pa: false, iat: now, exp: now + 4 * 3600, typ: 'access' }, secret);
    const conversationId = randomUUID();
    let triggerErrors = 0;
    const trigger = async (status) => {
      const res = await fetch(`${url}/trigger`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ conversationId, status }),
      });
      if (!res.ok) triggerErrors++;
      await res.arrayBuffer();
    };
    const r = await scenario(o, { name: 'Node socket.io 4.8 (node-server.mjs, one process)', url, token, pid: proc.pid, conversationId, trigger });
    r.triggerErrors = triggerErrors;
    return r;
  } finally {
    await stopProcess(proc);
  }
}

/** Messages from one worker, awaited by predicate. */
function channel(w) {
  const queue = [];
  const waiters = [];
  w.on('message', (m) => {
    const i = waiters.findIndex((x) => x.pred(m));
    if (i >= 0) {
      const [x] = waiters.splice(i, 1);
      clearTimeout(x.timer);
      x.resolve(m);
    } else queue.push(m);
  });
  w.on('exit', (code) => {
    for (const x of waiters.splice(0)) {
      clearTimeout(x.timer);
      x.reject(new Error(`a client process exited (${code})`));
    }
  });
  return (pred, timeoutMs, what) => {
    const i = queue.findIndex(pred);
    if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const x = { pred, resolve, reject };
      x.timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(x), 1);
        reject(new Error(`timeout waiting for ${what}`));
      }, timeoutMs);
      waiters.push(x);
    });
  };
}

const nowMs = (base) => Number(process.hrtime.bigint() - base) / 1e6;

async function scenario(o, { name, url, token, pid, conversationId, trigger }) {
  const base = process.hrtime.bigint();
  await sleep(1000);
  const rssBefore = rssMb(pid);

  // Client processes, each with its share of the connections; together about --batch connecting at a time.
  const shares = Array.from({ length: o.procs }, (_, i) => Math.floor(o.connections / o.procs) + (i < o.connections % o.procs ? 1 : 0));
  const workers = shares.map(() => {
    const w = fork(SELF, [], { env: { ...process.env, FANOUT_WORKER: '1' }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(w);
    w.next = channel(w);
    return w;
  });
  try {
    const t0 = Date.now();
    let progress = 0;
    const progressed = new Map();
    for (const w of workers) {
      w.on('message', (m) => {
        if (m.type !== 'progress') return;
        progressed.set(w, m.done);
        const total = [...progressed.values()].reduce((a, b) => a + b, 0);
        if (total - progress >= Math.max(1000, o.connections / 10) || total === o.connections) {
          progress = total;
          console.log(`  ${total} / ${o.connections} connection attempts done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        }
      });
    }
    workers.forEach((w, i) =>
      w.send({
        type: 'connect',
        url,
        token,
        count: shares[i],
        batch: Math.max(1, Math.ceil(o.batch / o.procs)),
        connectTimeoutMs: o.connectTimeoutMs,
        conversationId,
        base: base.toString(),
      }),
    );
    const connectBudget = (Math.ceil(o.connections / o.batch) + 2) * (o.connectTimeoutMs + 5000);
    const connected = await Promise.all(workers.map((w) => w.next((m) => m.type === 'connected', connectBudget, 'the connections')));
    const connectMs = Date.now() - t0;
    const ok = connected.reduce((a, m) => a + m.ok, 0);
    const connectErrors = {};
    for (const m of connected) for (const [k, v] of Object.entries(m.errors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
    await sleep(2000);
    const rssAfter = rssMb(pid);
    if (ok === 0) throw new Error(`no client could connect${fmtErrors(connectErrors)}`);

    // The events, one at a time.
    console.log(`  ${ok} connected; sending ${o.events} events`);
    const cpu0 = cpuSeconds(pid);
    const starts = [];
    const triggerMs = [];
    for (let seq = 0; seq < o.events; seq++) {
      const status = seq % 2 === 0 ? 'pending' : 'open';
      for (const w of workers) w.send({ type: 'expect', seq, status });
      await Promise.all(workers.map((w) => w.next((m) => m.type === 'expecting' && m.seq === seq, 10_000, `worker ready for event ${seq}`)));
      const start = nowMs(base);
      starts[seq] = start;
      await trigger(status);
      triggerMs.push(nowMs(base) - start);
      await Promise.all(workers.map((w) => w.next((m) => m.type === 'done' && m.seq === seq, o.eventTimeoutMs, `event ${seq}`).catch(() => null)));
      if ((seq + 1) % 10 === 0 || seq + 1 === o.events) console.log(`  ${seq + 1} / ${o.events} events`);
      if (o.intervalMs) await sleep(o.intervalMs);
    }
    await sleep(500);
    const cpu = cpuSeconds(pid) - cpu0;

    for (const w of workers) w.send({ type: 'report' });
    const reports = await Promise.all(workers.map((w) => w.next((m) => m.type === 'report', 60_000, 'the report')));
    const latencies = [];
    const lastPerEvent = new Array(o.events).fill(-Infinity);
    const sum = { duplicates: 0, stale: 0, disconnects: 0, multiIds: 0, other: {}, disconnectReasons: {} };
    const multi = new Set();
    for (const rep of reports) {
      rep.times.forEach((times, seq) => {
        for (const t of times) {
          const l = t - starts[seq];
          latencies.push(l);
          if (l > lastPerEvent[seq]) lastPerEvent[seq] = l;
        }
      });
      rep.multiIds.forEach((s) => multi.add(s));
      sum.duplicates += rep.duplicates;
      sum.stale += rep.stale;
      sum.disconnects += rep.disconnects;
      for (const [k, v] of Object.entries(rep.other)) sum.other[k] = (sum.other[k] ?? 0) + v;
      for (const [k, v] of Object.entries(rep.disconnectReasons)) sum.disconnectReasons[k] = (sum.disconnectReasons[k] ?? 0) + v;
    }
    const sorted = Float64Array.from(latencies).sort();
    const fanout = Float64Array.from(lastPerEvent.filter((x) => x > -Infinity)).sort();
    const trig = Float64Array.from(triggerMs).sort();
    return {
      name,
      requested: o.connections,
      connected: ok,
      failed: o.connections - ok,
      connectErrors,
      connectMs,
      rssBefore,
      rssAfter,
      mbPerConnection: (rssAfter - rssBefore) / ok,
      events: o.events,
      intervalMs: o.intervalMs,
      expected: ok * o.events,
      delivered: sorted.length,
      latency: { p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), max: sorted[sorted.length - 1] },
      fanout: { p50: pct(fanout, 0.5), max: fanout[fanout.length - 1] },
      trigger: { p50: pct(trig, 0.5), max: trig[trig.length - 1] },
      cpuSeconds: cpu,
      ...sum,
      multiIds: multi.size,
    };
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        if (w.exitCode === null && w.connected) {
          const exited = new Promise((r) => w.once('exit', r));
          w.send({ type: 'close' });
          await Promise.race([exited, sleep(5000)]);
        }
        await stopProcess(w);
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A client process: opens its share of the connections and timestamps every conversation:updated it receives.

async function worker() {
  const { io } = await import('socket.io-client');
  const sockets = [];
  let base = 0n;
  let conversationId;
  let live = 0;
  let closing = false;
  let expect = null; // {seq, status, times: Float64Array, n, ids: Set, done}
  const times = []; // per seq: Float64Array of receipt times (ms after base)
  const multiIds = [];
  const stats = { duplicates: 0, stale: 0, disconnects: 0, other: {}, disconnectReasons: {} };
  const now = () => Number(process.hrtime.bigint() - base) / 1e6;
  const send = (m) => process.connected && process.send(m);

  const checkDone = () => {
    if (expect && !expect.done && expect.n >= live) {
      expect.done = true;
      send({ type: 'done', seq: expect.seq });
    }
  };

  function connectOne(url, token, timeoutMs, errors) {
    return new Promise((resolve) => {
      const s = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
      s.lastSeq = -1;
      let settled = false;
      const settle = (ok, why) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) {
          sockets.push(s);
          live++;
        } else {
          errors[why] = (errors[why] ?? 0) + 1;
          s.close();
        }
        resolve(ok);
      };
      const timer = setTimeout(() => settle(false, 'timeout'), timeoutMs + 5000);
      s.once('connect', () => settle(true));
      s.once('connect_error', (e) => settle(false, e.message || 'connect_error'));
      s.on('disconnect', (reason) => {
        if (!settled || closing) return;
        live--;
        stats.disconnects++;
        stats.disconnectReasons[reason] = (stats.disconnectReasons[reason] ?? 0) + 1;
        checkDone();
      });
      s.on('conversation:updated', (d) => {
        const t = now();
        if (d?.conversation?.id !== conversationId || !expect || d.conversation.status !== expect.status) {
          stats.stale++;
          return;
        }
        if (s.lastSeq === expect.seq) {
          stats.duplicates++;
          return;
        }
        s.lastSeq = expect.seq;
        expect.times[expect.n++] = t;
        if (d.eventId !== undefined) expect.ids.add(d.eventId);
        checkDone();
      });
      s.onAny((name) => {
        if (name !== 'conversation:updated') stats.other[name] = (stats.other[name] ?? 0) + 1;
      });
    });
  }

  const finish = (e) => {
    if (e && e.times) {
      times[e.seq] = e.times.slice(0, e.n);
      if (e.ids.size > 1) multiIds.push(e.seq);
    }
  };

  process.on('message', async (m) => {
    if (m.type === 'connect') {
      base = BigInt(m.base);
      conversationId = m.conversationId;
      const errors = {};
      let ok = 0;
      let done = 0;
      for (let i = 0; i < m.count; i += m.batch) {
        const n = Math.min(m.batch, m.count - i);
        const results = await Promise.all(Array.from({ length: n }, () => connectOne(m.url, m.token, m.connectTimeoutMs, errors)));
        ok += results.filter(Boolean).length;
        done += n;
        send({ type: 'progress', done });
      }
      send({ type: 'connected', ok, errors });
    } else if (m.type === 'expect') {
      finish(expect);
      expect = { seq: m.seq, status: m.status, times: new Float64Array(Math.max(sockets.length, 1)), n: 0, ids: new Set(), done: false };
      send({ type: 'expecting', seq: m.seq });
      checkDone();
    } else if (m.type === 'report') {
      finish(expect);
      expect = null;
      send({ type: 'report', times, multiIds, ...stats });
    } else if (m.type === 'close') {
      closing = true;
      for (const s of sockets) s.close();
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// Last, so every module-level binding above is initialised before either role starts.
if (process.env.FANOUT_WORKER === '1') {
  await worker();
} else {
  await main();
}

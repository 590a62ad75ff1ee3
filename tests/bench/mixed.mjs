#!/usr/bin/env node
// Mixed load across nodes. Starts the WhatsApp simulator (`parley simulator`), N `parley serve` nodes and one
// `parley worker` on a fresh database, HAProxy in front of the serve nodes (round robin, health check on /readyz), and
// for --minutes sends a mixed load through HAProxy only: customers writing to the workspace's number (the simulator
// signs each message and posts it as a webhook to HAProxy), agents replying through the API, socket.io clients in the
// tenant room, a campaign sending on a number of its own, and a keyword flow answering part of the inbound messages.
// At --kill-at of the run one serve node is killed with SIGKILL and started again --restart-after-s later. Prints
// every --interval-s each process's memory and CPU and each operation's count, rate, errors and latency; at the end
// throughput, p50/p99 and errors per operation, then the checks (exit 1 on a FAIL): every inbound message stored once,
// every accepted reply at WhatsApp once, every campaign recipient sent once and within its rate, one bot reply per
// keyword message, every socket reconnected and caught up on every inbound message's notification.
//
//   node mixed.mjs [--minutes 10] [--nodes 2] [--kill-at 0.5] [--restart-after-s 10] [--no-kill]
//                  [--inbound-rate 50] [--customers 500] [--keyword-share 0.1] [--reply-rate 10] [--agents 4]
//                  [--sockets 100] [--campaign-rate 20] [--campaign-recipients auto] [--number-rate 80]
//                  [--shared-number] [--db-connections 12] [--drain-s 60] [--interval-s 30] [--max-seconds auto]
//                  [--keep-logs]
//
// Needs PostgreSQL (user postgres, may create databases) and Redis on 127.0.0.1, and HAProxy (`haproxy` on the PATH:
// `apt-get install haproxy`, or `ensure_haproxy` in scripts/lib.sh). The database and everything started are removed
// at the end, also on Ctrl-C or a failure. Everything runs on this machine: the figures include the load generator's
// own cost (see README.md).
import { execFile, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  children,
  cpuCount,
  cpuSeconds,
  databases,
  dropDatabase,
  freePort,
  guardRun,
  json,
  parleyBin,
  psql,
  rssMb,
  sleep,
  startProcess,
  stopProcess,
  waitReady,
} from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
/** The flow's keyword; no other message of the load contains it as a word. */
const KEYWORD = 'menu';
const PASSWORD = 'mixed-bench-1';

// ---------------------------------------------------------------------------------------------------------------
// Options

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      nodes: { type: 'string', default: '2' },
      'kill-at': { type: 'string', default: '0.5' },
      'restart-after-s': { type: 'string', default: '10' },
      'no-kill': { type: 'boolean', default: false },
      'inbound-rate': { type: 'string', default: '50' },
      customers: { type: 'string', default: '500' },
      'keyword-share': { type: 'string', default: '0.1' },
      'reply-rate': { type: 'string', default: '10' },
      agents: { type: 'string', default: '4' },
      sockets: { type: 'string', default: '100' },
      'campaign-rate': { type: 'string', default: '20' },
      'campaign-recipients': { type: 'string', default: 'auto' },
      'number-rate': { type: 'string', default: '80' },
      'shared-number': { type: 'boolean', default: false },
      'db-connections': { type: 'string', default: '12' },
      'drain-s': { type: 'string', default: '60' },
      'interval-s': { type: 'string', default: '30' },
      'max-seconds': { type: 'string', default: 'auto' },
      'keep-logs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(readFileSync(SELF, 'utf8').split('\n').slice(1, 22).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  }
  const num = (name, min, max = Infinity, integer = true) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      console.error(`--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got ${values[name]})`);
      process.exit(2);
    }
    return n;
  };
  const o = {
    minutes: num('minutes', 0.1, 1440, false),
    nodes: num('nodes', 1, 8),
    killAt: num('kill-at', 0.05, 0.95, false),
    restartAfterS: num('restart-after-s', 0, 600, false),
    kill: !values['no-kill'],
    inboundRate: num('inbound-rate', 1, 2000, false),
    customers: num('customers', 1, 100_000),
    keywordShare: num('keyword-share', 0, 1, false),
    replyRate: num('reply-rate', 0, 1000, false),
    agents: num('agents', 1, 100),
    sockets: num('sockets', 0, 5000),
    campaignRate: num('campaign-rate', 1, 1000),
    numberRate: num('number-rate', 1, 1000),
    sharedNumber: values['shared-number'],
    dbConnections: num('db-connections', 4, 200),
    drainS: num('drain-s', 5, 3600),
    intervalS: num('interval-s', 1, 3600),
    keepLogs: values['keep-logs'],
  };
  o.seconds = o.minutes * 60;
  o.campaignRecipients =
    values['campaign-recipients'] === 'auto' ? Math.max(1, Math.round(o.campaignRate * o.seconds * 0.6)) : num('campaign-recipients', 1, 1_000_000);
  o.maxSeconds = values['max-seconds'] === 'auto' ? Math.round(o.seconds + o.drainS + 900) : num('max-seconds', 60, 86_400);
  // One customer in this many rounds writes the keyword (each customer writes once a round): a customer's keyword
  // messages are at least `period` rounds apart, so a run never meets the previous one still going.
  o.keywordPeriod = o.keywordShare > 0 ? Math.max(1, Math.round(1 / o.keywordShare)) : 0;
  return o;
}

function requireHaproxy() {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.error(
      'haproxy is not installed: this benchmark puts HAProxy in front of the serve nodes.\n' +
        '  Debian: sudo apt-get install -y haproxy   (or: source scripts/lib.sh && ensure_haproxy)',
    );
    process.exit(2);
  }
  return r.stdout.split('\n')[0].trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

/** Latencies in buckets 1% wide (bounded memory for long runs); percentiles within 1%. */
class Hist {
  static STEP = Math.log(1.01);

  constructor(from) {
    this.buckets = new Map(from?.buckets ?? []);
    this.n = from?.n ?? 0;
    this.max = from?.max ?? 0;
  }

  add(ms) {
    const v = Math.max(ms, 0.01);
    const b = Math.round(Math.log(v) / Hist.STEP);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.n++;
    if (v > this.max) this.max = v;
  }

  pct(q) {
    if (this.n === 0) return NaN;
    const want = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b);
      if (seen >= want) return Math.min(Math.exp(b * Hist.STEP), this.max);
    }
    return this.max;
  }

  plain() {
    return { buckets: [...this.buckets], n: this.n, max: this.max };
  }
}

const fmtMs = (v) => {
  if (v === undefined || Number.isNaN(v)) return '–';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
};
const fmtErr = (kinds) => {
  const e = Object.entries(kinds ?? {}).sort((a, b) => b[1] - a[1]);
  return e.length ? ` (${e.slice(0, 4).map(([k, v]) => `${v}× ${k}`).join(', ')}${e.length > 4 ? ', …' : ''})` : '';
};
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** One operation's counters: total and since the last progress line. */
class Op {
  constructor(name) {
    this.name = name;
    this.count = 0;
    this.errors = 0;
    this.kinds = {};
    this.hist = new Hist();
    this.recent = new Hist();
    this.mark = { count: 0, errors: 0 };
  }

  ok(ms) {
    this.count++;
    if (ms !== undefined) {
      this.hist.add(ms);
      this.recent.add(ms);
    }
  }

  fail(kind) {
    this.errors++;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
  }

  /** Count, errors and latencies since the previous call. */
  since() {
    const d = { count: this.count - this.mark.count, errors: this.errors - this.mark.errors, hist: this.recent };
    this.mark = { count: this.count, errors: this.errors };
    this.recent = new Hist();
    return d;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// /proc sampling: each process's RSS and CPU, PostgreSQL's backends of this database, Redis, the machine.

function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function pssMb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Pids whose command line matches. */
function pidsWhere(pred) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (pred(cmd)) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

class Sampler {
  /** `targets`: [{name, pid: () => number|null}] and groups [{name, pids: () => number[], pss}]. */
  constructor(targets, groups, cores) {
    this.targets = targets;
    this.groups = groups;
    this.cores = cores;
    this.prev = new Map();
    this.series = new Map();
    this.lastAt = performance.now();
    this.machine = machineTicks();
    this.sample(true);
  }

  cpu(key, pid) {
    let s;
    try {
      s = cpuSeconds(pid);
    } catch {
      return null;
    }
    const before = this.prev.get(key);
    this.prev.set(key, { pid, s });
    if (!before) return null;
    // A new process under the same name (the restarted node): all of its CPU time is in this interval.
    return before.pid === pid ? s - before.s : s;
  }

  /** Each process's RSS (MB) and CPU (% of one core) since the previous sample. */
  sample(first = false) {
    const now = performance.now();
    const wall = (now - this.lastAt) / 1000;
    this.lastAt = now;
    const rows = [];
    for (const t of this.targets) {
      const pid = t.pid();
      let rss = NaN;
      let cpu = null;
      if (pid) {
        try {
          rss = rssMb(pid);
          cpu = this.cpu(t.name, pid);
        } catch {
          rss = NaN;
        }
      }
      rows.push({ name: t.name, rss, cpu: cpu === null ? NaN : (100 * cpu) / wall, up: pid != null && !Number.isNaN(rss) });
    }
    for (const g of this.groups) {
      const pids = g.pids();
      let mem = 0;
      let cpu = 0;
      for (const pid of pids) {
        const d = this.cpu(`${g.name}:${pid}`, pid);
        if (d !== null) cpu += d;
        try {
          mem += g.pss ? pssMb(pid) : rssMb(pid);
        } catch {
          // gone meanwhile
        }
      }
      rows.push({ name: `${g.name} (${pids.length})`, key: g.name, rss: mem, cpu: (100 * cpu) / wall, up: true });
    }
    const m = machineTicks();
    const machine = (100 * this.cores * (m.busy - this.machine.busy)) / Math.max(1, m.total - this.machine.total);
    this.machine = m;
    if (!first) {
      for (const r of rows) {
        const key = r.key ?? r.name;
        if (!this.series.has(key)) this.series.set(key, []);
        this.series.get(key).push(r);
      }
    }
    return { rows, machine };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HAProxy

function haproxyConfig({ port, nodes, statsSocket, maxconn }) {
  return `# Generated by tests/bench/mixed.mjs for one run.
global
  # HAProxy needs two descriptors per connection and refuses to start above the open-file limit.
  maxconn ${maxconn}
  stats socket ${statsSocket} mode 600 level user

defaults
  mode http
  maxconn ${maxconn}
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout queue 10s
  timeout check 2s
  # Socket.IO's websockets: an upgraded connection lives as long as the socket (pings every 20 s).
  timeout tunnel 1h
  # A connection refused by a dead node is tried again on another; a request already sent is not (not idempotent).
  retries 3
  option redispatch 1

frontend parley_in
  bind 127.0.0.1:${port}
  default_backend parley_nodes

backend parley_nodes
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2
${nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port}`).join('\n')}
`;
}

/** `show stat` on HAProxy's socket: rows of the backend's servers as objects keyed by the CSV header. */
function haproxyStats(socketPath) {
  return new Promise((resolve) => {
    const c = net.createConnection(socketPath);
    let buf = '';
    const done = (rows) => {
      c.destroy();
      resolve(rows);
    };
    c.setTimeout(2000, () => done([]));
    c.on('error', () => done([]));
    c.on('data', (d) => (buf += d));
    c.on('end', () => {
      const lines = buf.split('\n').filter(Boolean);
      const header = (lines.shift() ?? '').replace(/^# /, '').split(',');
      done(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v]))));
    });
    c.write('show stat\n');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator

const base = process.hrtime.bigint();
const nowMs = () => Number(process.hrtime.bigint() - base) / 1e6;
let loadStart = null;
const clock = () => {
  if (loadStart === null) return 'setup';
  const s = Math.max(0, (nowMs() - loadStart) / 1000);
  return `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
};
const log = (msg) => console.log(`[${clock()}] ${msg}`);

async function call(method, url, { token, body, what } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  return json(res, what ?? `${method} ${url}`);
}

/** The run's scratch directory (configuration, logs), kept when a check fails or the run breaks. */
let runDir = null;
let keepDir = false;

async function main() {
  const o = options();
  const haproxyVersion = requireHaproxy();
  const cancelDeadline = guardRun(o.maxSeconds);
  const bin = parleyBin();
  const cores = await cpuCount();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-mixed-'));
  runDir = dir;
  keepDir = o.keepLogs;
  process.on('exit', () => {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  });
  const db = `parley_mixed_${randomBytes(6).toString('hex')}`;
  databases.add(db);
  const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `mixed load: ${o.minutes} min, ${o.nodes} serve node(s) + 1 worker behind HAProxy, ${cores} cores shared by everything ` +
      `(servers, PostgreSQL, Redis, HAProxy, simulator, load generator); load average ${loadavg()}\n` +
      `  binary ${bin}; ${haproxyVersion}\n` +
      `  inbound ${o.inboundRate}/s from ${o.customers} customers (1 message in ${o.keywordPeriod || '∞'} says "${KEYWORD}" to the flow), ` +
      `agent replies ${o.replyRate}/s by ${o.agents} agents, ${o.sockets} sockets, support number capped at ${o.numberRate}/s, ` +
      `campaign of ${o.campaignRecipients} at ${o.campaignRate}/s (${o.sharedNumber ? 'its pace, on the support number' : 'a number of its own capped at that'}); ` +
      (o.kill ? `kill -9 of node n1 at ${Math.round(o.killAt * 100)}% of the run, restarted ${o.restartAfterS} s later` : 'no kill'),
  );

  // ---- processes
  const [simPort, lbPort, workerPort, ...nodePorts] = await Promise.all(Array.from({ length: 3 + o.nodes }, () => freePort()));
  const simBase = `http://127.0.0.1:${simPort}/sim`;
  const sim = `${simBase}/api`;
  const lb = `http://127.0.0.1:${lbPort}`;
  const env = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PARLEY_SERVER__HOST: '127.0.0.1',
    // Links and the webhook URL the number is given: HAProxy's address.
    PARLEY_SERVER__PUBLIC_URL: lb,
    PARLEY_WHATSAPP__GRAPH_URL: `${simBase}/graph/v23.0`,
    // As `parley bench campaign`: a row left `sending` by the killed node is settled after 10 s, not 10 minutes.
    PARLEY_CAMPAIGNS__SENDING_TIMEOUT_SECS: '10',
    PARLEY_WEB__DIST_DIR: '/nonexistent',
    PARLEY_MAIL__TRANSPORT: 'dev',
    PARLEY_SECURITY__SECRETS_FILE: path.join(dir, 'secrets.toml'),
    PARLEY_DATABASE__AUTO_MIGRATE: 'false',
    // PostgreSQL allows 100 connections for everything on this machine; each process opens up to this + 8.
    PARLEY_DATABASE__MAX_CONNECTIONS: String(o.dbConnections),
    PARLEY_BACKUP__SCHEDULE: '',
    // Access tokens outlive the run (agents and sockets keep theirs throughout, no refresh).
    PARLEY_AUTH__ACCESS_TTL_SECS: String(Math.round(o.maxSeconds + 3600)),
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  const logTo = (proc, name) => {
    const out = createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
    proc.stdout.pipe(out, { end: false });
    proc.stderr.pipe(out, { end: false });
  };
  const start = (name, args, extra = {}) => {
    const proc = startProcess(bin, args, { ...env, ...extra }, { cwd: dir });
    logTo(proc, name);
    return proc;
  };

  log(`database ${db}: parley migrate --no-backup`);
  const migrate = start('migrate', ['migrate', '--no-backup']);
  const code = await new Promise((r) => migrate.once('exit', r));
  children.delete(migrate);
  if (code !== 0) throw new Error(`parley migrate exited with ${code}:\n${migrate.tail()}`);

  const simProc = start('simulator', ['simulator', '--port', String(simPort)], { PARLEY_WHATSAPP__SIMULATOR__AUTO_READ: 'false' });
  const nodes = nodePorts.map((port, i) => ({ name: `n${i + 1}`, port, url: `http://127.0.0.1:${port}` }));
  for (const n of nodes) n.proc = start(`${n.name}-0`, ['serve'], { PORT: String(n.port) });
  const worker = start('worker', ['worker', '--listen', `127.0.0.1:${workerPort}`]);
  await waitReady(simProc, `${sim}/numbers`, 60_000);
  await Promise.all([...nodes.map((n) => waitReady(n.proc, `${n.url}/readyz`, 180_000)), waitReady(worker, `http://127.0.0.1:${workerPort}/readyz`, 180_000)]);
  const statsSocket = path.join(dir, 'haproxy.sock');
  const cfgPath = path.join(dir, 'haproxy.cfg');
  writeFileSync(cfgPath, haproxyConfig({ port: lbPort, nodes, statsSocket, maxconn: Math.min(9000, o.sockets + 2000) }));
  const check = spawnSync('haproxy', ['-c', '-q', '-f', cfgPath], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy refused the generated configuration:\n${check.stderr}${check.stdout}`);
  const haproxy = startProcess('haproxy', ['-db', '-f', cfgPath], {}, { cwd: dir });
  logTo(haproxy, 'haproxy');
  await waitReady(haproxy, `${lb}/readyz`, 30_000);
  log(
    `up: simulator :${simPort}, ${nodes.map((n) => `${n.name} :${n.port}`).join(', ')}, worker :${workerPort} (probes), ` +
      `HAProxy :${lbPort} (round robin, /readyz every 1 s; config and logs in ${dir})`,
  );
  // Statuses grouped per number (up to 100 per webhook or 50 ms), as Meta may and as `parley bench campaign` does.
  await call('PUT', `${sim}/config`, { body: { statusBatchMax: 100, statusBatchWaitMs: 50 } });

  // ---- the workspace, all through HAProxy
  const ws = await setupWorkspace(o, { lb, sim, db });
  log(
    `workspace ready: ${o.agents} agents, support number ${ws.pnid} (${o.numberRate}/s; webhook ${ws.webhookUrl}), ` +
      `${o.sharedNumber ? '' : `campaign number ${ws.campaignPnid} (${o.campaignRate}/s), `}flow on "${KEYWORD}", ` +
      `${o.campaignRecipients} campaign contacts; ${o.customers} customers wrote once (conversations open) in ${(ws.warmupMs / 1000).toFixed(1)} s`,
  );

  // ---- sockets, in a child process
  const sockets = o.sockets > 0 ? await openSockets(o, lb, ws) : null;

  // ---- sampling
  const pgPids = () => pidsWhere((c) => c.startsWith('postgres: ') && c.includes(` ${db} `));
  const redisPid = pidsWhere((c) => /(^|\/)redis-server /.test(`${c} `));
  const sampler = new Sampler(
    [
      { name: 'simulator', pid: () => simProc.pid },
      ...nodes.map((n) => ({ name: `serve ${n.name}`, pid: () => (n.proc.exitCode === null && n.proc.signalCode === null ? n.proc.pid : null) })),
      { name: 'worker', pid: () => worker.pid },
      { name: 'haproxy', pid: () => haproxy.pid },
      { name: 'load generator', pid: () => process.pid },
      ...(sockets ? [{ name: 'socket clients', pid: () => sockets.child.pid }] : []),
    ],
    [
      { name: 'postgres backends (PSS)', pids: pgPids, pss: true },
      { name: 'redis-server (shared)', pids: () => redisPid },
    ],
    cores,
  );

  // ---- the load
  const run = new Load(o, { lb, sim, ws, sockets, statsSocket, nodes, start, db });
  loadStart = nowMs();
  run.loadStartWall = Date.now();
  await run.go(sampler);

  // ---- drain, figures, checks
  const report = await run.finish(sampler);
  printServerWarnings(dir);
  const failed = report.checks.some((c) => !c.pass);
  if (failed) {
    keepDir = true;
    console.log(`\nlogs of every process kept in ${dir}`);
  }
  console.log(`load average at the end: ${loadavg()}`);
  if (sockets) await sockets.close();
  for (const p of [haproxy, worker, ...nodes.map((n) => n.proc), simProc]) await stopProcess(p);
  dropDatabase(db);
  cancelDeadline();
  process.exit(failed ? 1 : 0);
}

/** What the servers logged at WARN or ERROR during the run, counted per message and process (before they are stopped:
 *  shutdown noise is not counted). */
function printServerWarnings(dir) {
  const counts = new Map();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    const who = f.replace(/\.log$/, '');
    for (const raw of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      const m = /^\S+\s+(WARN|ERROR)\s+(\S+): (.*)$/.exec(line) ?? /^(\[WARNING\]|\[ALERT\])\s+\(\d+\) : (\S+) (.*)$/.exec(line);
      if (!m || /web app not built|generated new secrets/.test(m[3])) continue;
      const text = `${m[1].replace(/[[\]]/g, '')} ${m[2]}: ${m[3].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '…').replace(/\d+(\.\d+)?/g, 'N').slice(0, 110)}`;
      const key = `${text}\u0000${who}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  console.log('\n== Warnings and errors the processes logged during the run ==');
  if (!counts.size) console.log('  none');
  for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    const [text, who] = key.split('\u0000');
    console.log(`  ${lpad(n, 7)}× ${pad(who, 10)} ${text}`);
  }
}

/** Owner, agents, the Cloud number on the simulator, the flow, the campaign (a draft), the customers' first messages. */
async function setupWorkspace(o, { lb, sim, db }) {
  const api = `${lb}/api/v1`;
  const unique = randomBytes(4).toString('hex');
  const owner = await call('POST', `${api}/auth/register`, {
    body: { businessName: 'Mixed load', name: 'Owner', email: `mixed-owner-${unique}@example.com`, password: PASSWORD },
    what: 'sign up',
  });
  const ownerToken = owner.accessToken;
  const tenant = owner.session.tenant.id;
  const agents = [];
  for (let i = 0; i < o.agents; i++) {
    const inv = await call('POST', `${api}/invitations`, {
      token: ownerToken,
      body: { email: `mixed-agent-${i}-${unique}@example.com`, role: 'agent' },
      what: 'invite an agent',
    });
    const token = inv.acceptUrl.split('/').pop();
    const acc = await call('POST', `${api}/auth/invitations/${token}/accept`, {
      body: { name: `Agent ${i + 1}`, password: PASSWORD },
      what: 'accept the invitation',
    });
    agents.push({ token: acc.accessToken, userId: acc.session.user.id });
  }

  // A number: Parley's connection, then the same number on the simulator (capped at the same rate), its webhook
  // going to HAProxy; the connection test reads its tier from the simulator and the sync brings its templates.
  const connectNumber = async (name, rate, display) => {
    const pnid = `9${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    const accessToken = `EAAmixed${randomBytes(8).toString('hex')}`;
    const appSecret = `mixed-${randomBytes(8).toString('hex')}`;
    const conn = await call('POST', `${api}/whatsapp/connections`, {
      token: ownerToken,
      body: { kind: 'cloud', name, phoneNumberId: pnid, wabaId: pnid, accessToken, appSecret, ratePerSecond: rate },
      what: 'connect a number',
    });
    await call('POST', `${sim}/numbers`, {
      body: { phoneNumberId: pnid, wabaId: pnid, displayPhoneNumber: display, verifiedName: name, accessToken, appSecret, webhookUrl: conn.webhookUrl },
    });
    await call('PUT', `${sim}/numbers/${pnid}/limits`, { body: { ratePerSecond: rate, messagingLimit: 'TIER_UNLIMITED' } });
    await call('POST', `${api}/whatsapp/connections/${conn.id}/test`, { token: ownerToken, body: {}, what: 'test the number' });
    const templates = await call('POST', `${api}/whatsapp/connections/${conn.id}/templates/sync`, { token: ownerToken, body: {}, what: 'sync templates' });
    const template = templates.find((t) => t.name === 'order_update');
    if (!template) throw new Error('the simulator did not give the number its order_update template');
    return { pnid, id: conn.id, webhookUrl: conn.webhookUrl, template: template.id };
  };
  const main = await connectNumber('Support line', o.numberRate, '+351 21 000 0000');
  // The campaign goes out on a number of its own, capped at the campaign's rate, so the inbox's sends keep theirs.
  // With --shared-number it shares the support line instead, held to its own pace (the campaign's ratePerSecond).
  const campaignLine = o.sharedNumber ? main : await connectNumber('Campaign line', o.campaignRate, '+351 21 000 0001');
  const pnid = main.pnid;

  // The flow: a message containing the keyword gets one reply quoting it.
  const node = (id, type, y, data) => ({ id, type, position: { x: 0, y }, data });
  const flow = await call('POST', `${api}/flows`, {
    token: ownerToken,
    body: {
      name: 'Mixed load: menu',
      trigger: { kind: 'keyword', keywords: [KEYWORD], matchMode: 'contains', connectionIds: [], priority: 0 },
      graph: {
        nodes: [node('start', 'start', 0, {}), node('reply', 'sendMessage', 140, { text: 'Bot: {{message.text}}' }), node('end', 'end', 280, {})],
        edges: [
          { id: 'e1', source: 'start', sourceHandle: 'next', target: 'reply' },
          { id: 'e2', source: 'reply', sourceHandle: 'next', target: 'end' },
        ],
      },
    },
    what: 'create the flow',
  });
  await call('POST', `${api}/flows/${flow.id}/publish`, { token: ownerToken, body: {}, what: 'publish the flow' });

  // The campaign's audience: contacts made up front in SQL (as `parley bench campaign` does), labelled, so the
  // customers of the inbound load are not in it.
  const label = await call('POST', `${api}/labels`, { token: ownerToken, body: { name: 'Mixed campaign' }, what: 'create a label' });
  await psql(
    db,
    `with c as (insert into contacts (id, tenant_id, phone, name)
                select parley_uuid_v7(), '${tenant}', '+3519' || lpad(g::text, 8, '0'), 'Campaign customer ' || g
                  from generate_series(1, ${o.campaignRecipients}) g returning id)
     insert into contact_labels (tenant_id, contact_id, label_id) select '${tenant}', id, '${label.id}' from c`,
  );
  const campaign = await call('POST', `${api}/campaigns`, {
    token: ownerToken,
    body: {
      name: 'Mixed load campaign',
      connectionIds: [campaignLine.id],
      templateId: campaignLine.template,
      audience: { includeLabels: [label.id] },
      variables: { 'body.1': { source: 'field', value: 'name' }, 'body.2': { source: 'constant', value: 'on its way' } },
      ...(o.sharedNumber ? { ratePerSecond: o.campaignRate } : {}),
    },
    what: 'create the campaign',
  });

  // Every customer writes once (not the keyword): their conversations exist and their 24-hour windows are open.
  const t0 = nowMs();
  const customers = Array.from({ length: o.customers }, (_, k) => `1555${7_000_000 + k}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < customers.length) {
        const k = next++;
        const r = await call('POST', `${sim}/customers/${customers[k]}/messages`, { body: { phoneNumberId: pnid, name: `Customer ${k}`, text: 'hello' } });
        if (!r.delivered) throw new Error(`customer ${k}'s first message was not taken (webhook status ${r.webhookStatus})`);
      }
    }),
  );
  let conversations = [];
  for (let i = 0; ; i++) {
    const rows = await psql(
      db,
      `select v.id, c.phone, (select count(*) from messages m where m.conversation_id = v.id and m.direction = 'inbound')
         from conversations v join contacts c on c.id = v.contact_id
        where v.tenant_id = '${tenant}' and v.connection_id = '${main.id}'`,
    );
    const written = rows.filter((r) => Number(r[2]) > 0);
    if (written.length >= o.customers) {
      conversations = written.map((r) => ({ id: r[0], phone: r[1].replace(/^\+/, '') }));
      break;
    }
    if (i > 600) throw new Error(`only ${written.length} of ${o.customers} customers' conversations exist after 2 minutes`);
    await sleep(200);
  }
  // Their events have gone out before any socket connects: the sockets count the load's notifications only.
  await sleep(2000);
  const byPhone = new Map(conversations.map((c) => [c.phone, c.id]));
  return {
    tenant,
    ownerToken,
    agents,
    pnid,
    campaignPnid: campaignLine.pnid,
    webhookUrl: main.webhookUrl,
    campaignId: campaign.id,
    customers,
    conversationOf: customers.map((p) => byPhone.get(p)),
    warmupMs: nowMs() - t0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The socket clients' process, seen from here

async function openSockets(o, lb, ws) {
  const child = fork(SELF, [], { env: { ...process.env, MIXED_SOCKETS: '1' }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const waiting = new Map();
  child.on('message', (m) => {
    const w = waiting.get(m.type);
    if (w) {
      waiting.delete(m.type);
      w(m);
    }
  });
  const ask = (msg, answer, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the socket clients did not answer ${msg.type} within ${timeoutMs / 1000} s`)), timeoutMs);
      waiting.set(answer, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send(msg);
    });
  const t0 = nowMs();
  const r = await ask(
    {
      type: 'connect',
      url: lb,
      tokens: ws.agents.map((a) => a.token),
      users: ws.agents.map((a) => a.userId),
      tenant: ws.tenant,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      count: o.sockets,
      base: base.toString(),
    },
    'connected',
    300_000,
  );
  log(`${r.ok} of ${o.sockets} sockets connected through HAProxy in ${((nowMs() - t0) / 1000).toFixed(1)} s${fmtErr(r.errors)}`);
  if (r.ok === 0) throw new Error('no socket could connect');
  return {
    child,
    stats: () => ask({ type: 'stats' }, 'stats'),
    report: (expected) => ask({ type: 'report', expected }, 'report', 120_000),
    close: async () => {
      if (child.exitCode === null && child.connected) {
        const exited = new Promise((res) => child.once('exit', res));
        child.send({ type: 'close' });
        await Promise.race([exited, sleep(5000)]);
      }
      await stopProcess(child);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The load

class Load {
  constructor(o, ctx) {
    this.o = o;
    Object.assign(this, ctx);
    this.ops = {
      inbound: new Op('webhook in'),
      reply: new Op('agent reply'),
      replyWa: new Op('reply at WA'),
      bot: new Op('bot reply at WA'),
      campaign: new Op('campaign at WA'),
      notification: new Op('socket notif.'),
    };
    this.campaignTimes = [];
    this.sent = []; // inbound: {phone, keyword, wall, wamid, delivered}
    this.replies = []; // agent replies: {conversation, wall, accepted, messageId, error}
    this.outbox = { lastSeq: 0, gaps: 0, entries: 0, agent: new Map(), bot: new Map(), campaign: new Map(), other: 0, refused: {}, reads: 0 };
    this.running = false;
    this.kill = null;
    this.haproxyState = new Map();
    this.peakDbConnections = 0;
  }

  async go(sampler) {
    const o = this.o;
    const api = `${this.lb}/api/v1`;
    await call('POST', `${api}/campaigns/${this.ws.campaignId}/start`, { token: this.ws.ownerToken, body: {}, what: 'start the campaign' });
    log(`campaign started (${o.campaignRecipients} recipients at ${o.campaignRate}/s); load running for ${o.minutes} min`);
    this.running = true;
    const stopAt = loadStart + o.seconds * 1000;
    const background = [this.pollOutbox(), this.watchHaproxy(), this.progress(sampler)];
    if (o.kill) background.push(this.killAndRestart(loadStart + o.killAt * o.seconds * 1000));
    const generators = [this.paced(o.inboundRate, stopAt, (i) => this.inbound(i), 512, this.ops.inbound)];
    if (o.replyRate > 0) generators.push(this.paced(o.replyRate, stopAt, (i) => this.reply(i), 256, this.ops.reply));
    await Promise.all(generators);
    log('load stopped; waiting for the requests in flight');
    while (this.inFlight > 0) await sleep(50);
    this.loadSeconds = (nowMs() - loadStart) / 1000;
    // The outbox and HAProxy watchers go on through the drain; the progress lines and the kill stop here.
    this.draining = true;
    this.running = false;
    this.background = background;
  }

  /** Calls `fire(i)` at `rate` per second until `stopAt` (open loop: a slow answer delays nothing else). */
  paced(rate, stopAt, fire, maxInFlight, op) {
    this.inFlight ??= 0;
    const t0 = nowMs();
    let n = 0;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const now = nowMs();
        if (now >= stopAt) {
          clearInterval(timer);
          resolve();
          return;
        }
        const due = Math.floor(((now - t0) / 1000) * rate);
        while (n < due) {
          const i = n++;
          if (this.inFlight >= maxInFlight) {
            op.fail(`shed (${maxInFlight} in flight)`);
            continue;
          }
          this.inFlight++;
          fire(i).finally(() => this.inFlight--);
        }
      }, 10);
    });
  }

  /** Customer message `i`: customers write in turn, each once a round. */
  async inbound(i) {
    const o = this.o;
    const k = i % o.customers;
    const round = Math.floor(i / o.customers);
    const keyword = o.keywordPeriod > 0 && (k + round) % o.keywordPeriod === 0;
    const phone = this.ws.customers[k];
    const text = `mx${i} ${keyword ? KEYWORD : 'hello'} t${nowMs().toFixed(1)}`;
    const rec = { phone, k, keyword, wall: Date.now(), wamid: null, delivered: false };
    this.sent[i] = rec;
    const t = nowMs();
    try {
      const res = await fetch(`${this.sim}/customers/${phone}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumberId: this.ws.pnid, name: `Customer ${k}`, text }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return this.ops.inbound.fail(`simulator ${res.status}`);
      rec.wamid = body.id;
      if (!body.delivered) return this.ops.inbound.fail(`webhook ${body.webhookStatus ?? 'unreachable'}`);
      rec.delivered = true;
      this.ops.inbound.ok(nowMs() - t);
    } catch (e) {
      this.ops.inbound.fail(e.name === 'TimeoutError' ? 'timeout' : `fetch: ${e.cause?.code ?? e.message}`);
    }
  }

  /** Agent reply `i`: a random customer's conversation, the agents in turn. */
  async reply(i) {
    const k = Math.floor(Math.random() * this.o.customers);
    const conversation = this.ws.conversationOf[k];
    const agent = this.ws.agents[i % this.ws.agents.length];
    const rec = { conversation, wall: Date.now(), accepted: false, messageId: null };
    this.replies[i] = rec;
    const t = nowMs();
    try {
      const res = await fetch(`${this.lb}/api/v1/conversations/${conversation}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${agent.token}` },
        body: JSON.stringify({ type: 'text', text: `ar${i} thanks for writing, an agent here` }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return this.ops.reply.fail(`${res.status}${body.error ? ` ${body.error}` : ''}`);
      rec.accepted = true;
      rec.messageId = body.id;
      this.ops.reply.ok(nowMs() - t);
    } catch (e) {
      this.ops.reply.fail(e.name === 'TimeoutError' ? 'timeout' : `fetch: ${e.cause?.code ?? e.message}`);
    }
  }

  /** Every Graph send request the simulator answered, as it comes (its log keeps the last 10,000 only). */
  async pollOutbox() {
    while (this.running || this.draining) {
      await this.readOutbox().catch((e) => log(`outbox poll failed: ${e.message}`));
      await sleep(1000);
    }
  }

  /** One read at a time: two at once would both read from the same sequence number and count twice. */
  readOutbox() {
    this.outboxRead = (this.outboxRead ?? Promise.resolve()).catch(() => {}).then(() => this.readOutboxOnce());
    return this.outboxRead;
  }

  async readOutboxOnce() {
    const ob = this.outbox;
    // Unfiltered: this run's simulator serves its own numbers only, so the sequence has no holes but lost entries.
    const entries = await call('GET', `${this.sim}/outbox?since=${ob.lastSeq}`);
    if (entries.length && entries[0].seq > ob.lastSeq + 1 && ob.lastSeq > 0) ob.gaps += entries[0].seq - ob.lastSeq - 1;
    for (const e of entries) {
      ob.lastSeq = e.seq;
      ob.entries++;
      const b = e.body ?? {};
      if (b.status === 'read') {
        ob.reads++;
        continue;
      }
      if (e.responseStatus !== 200) {
        const code = b.type === 'template' ? 'campaign' : 'text';
        ob.refused[`${code} ${e.responseStatus}`] = (ob.refused[`${code} ${e.responseStatus}`] ?? 0) + 1;
        continue;
      }
      const at = Date.parse(e.receivedAt);
      if (b.type === 'template') {
        ob.campaign.set(b.to, (ob.campaign.get(b.to) ?? 0) + 1);
        this.campaignTimes.push(at);
        this.ops.campaign.ok();
        continue;
      }
      const text = b.text?.body ?? '';
      // An agent's reply or the bot's, by its marker: counted per request, timed at its first arrival.
      const kinds = [
        [/^ar(\d+) /, ob.agent, this.replies, this.ops.replyWa],
        [/^Bot: mx(\d+) /, ob.bot, this.sent, this.ops.bot],
      ];
      const kind = kinds.find(([re]) => re.test(text));
      if (kind) {
        const [re, seen, records, op] = kind;
        const i = Number(text.match(re)[1]);
        seen.set(i, (seen.get(i) ?? 0) + 1);
        const rec = records[i];
        if (seen.get(i) === 1) op.ok(rec ? at - rec.wall : undefined);
        continue;
      }
      ob.other++;
    }
  }

  /** Logs HAProxy's view of each node when it changes. */
  async watchHaproxy() {
    while (this.running || this.draining) {
      const rows = await haproxyStats(this.statsSocket);
      for (const r of rows.filter((x) => x.pxname === 'parley_nodes' && x.svname !== 'BACKEND' && x.svname !== 'FRONTEND')) {
        const before = this.haproxyState.get(r.svname);
        const status = r.status?.split(' ')[0];
        if (before !== undefined && before !== status) {
          const since = this.kill?.at ? ` (${((nowMs() - this.kill.at) / 1000).toFixed(1)} s after the kill)` : '';
          log(`HAProxy: ${r.svname} is ${status}${since}`);
          if (this.kill && r.svname === this.kill.node) {
            if (status === 'DOWN') this.kill.downAfter ??= nowMs() - this.kill.at;
            if (status === 'UP' && this.kill.restartedAt) this.kill.upAfterRestart ??= nowMs() - this.kill.restartedAt;
          }
        }
        this.haproxyState.set(r.svname, status);
      }
      await sleep(250);
    }
  }

  async killAndRestart(at) {
    while (nowMs() < at) {
      if (!this.running) return;
      await sleep(100);
    }
    const node = this.nodes[0];
    const stat = await haproxyStats(this.statsSocket);
    const sessions = stat.filter((r) => r.pxname === 'parley_nodes' && /^n\d+$/.test(r.svname)).map((r) => `${r.svname} ${r.scur}`).join(', ');
    this.kill = { node: node.name, at: nowMs() };
    const dead = new Promise((r) => node.proc.once('exit', r));
    node.proc.kill('SIGKILL');
    children.delete(node.proc);
    await dead;
    // The campaign rows in flight when it died (the dead node's can no longer move): the only ones that may end
    // `unknown` (sent or not, nobody can tell), as in `parley bench campaign`.
    const sending = await psql(this.db, `select id from campaign_recipients where campaign_id = '${this.ws.campaignId}' and status = 'sending'`);
    this.kill.sendingIds = new Set(sending.map((r) => r[0]));
    log(`kill -9 ${node.name} (pid ${node.proc.pid}); HAProxy's open sessions per node just before: ${sessions}; ${sending.length} campaign rows were sending`);
    await sleep(this.o.restartAfterS * 1000);
    this.kill.restartedAt = nowMs();
    node.proc = this.start(`${node.name}-1`, ['serve'], { PORT: String(node.port) });
    await waitReady(node.proc, `${node.url}/readyz`, 180_000);
    this.kill.readyAfterRestart = nowMs() - this.kill.restartedAt;
    log(`${node.name} restarted on :${node.port} (pid ${node.proc.pid}), ready after ${(this.kill.readyAfterRestart / 1000).toFixed(1)} s`);
  }

  /** Every --interval-s: each process's memory and CPU, each operation's figures. */
  async progress(sampler) {
    const every = this.o.intervalS * 1000;
    let next = loadStart + every;
    while (this.running) {
      await sleep(Math.min(250, Math.max(0, next - nowMs())));
      if (nowMs() < next || !this.running) continue;
      next += every;
      await this.printProgress(sampler, this.o.intervalS);
    }
  }

  async printProgress(sampler, seconds) {
    const { rows, machine } = sampler.sample();
    const [[dbConn]] = await psql(this.db, `select count(*) from pg_stat_activity where datname = '${this.db}'`).catch(() => [[NaN]]);
    this.peakDbConnections = Math.max(this.peakDbConnections, Number(dbConn));
    const sock = this.sockets ? await this.sockets.stats().catch(() => null) : null;
    if (sock) {
      this.ops.notification.count = sock.notifications;
      this.ops.notification.recent = new Hist(sock.recent);
    }
    const opRows = Object.values(this.ops).map((op) => {
      const d = op.since();
      const lat = d.hist.n ? `${lpad(fmtMs(d.hist.pct(0.5)), 9)} ${lpad(fmtMs(d.hist.pct(0.99)), 9)}` : '';
      return `${pad(op.name, 16)} ${lpad(op.count, 8)} ${lpad((d.count / seconds).toFixed(1), 8)} ${lpad(op.errors, 7)} ${lat}`;
    });
    if (sock) opRows.push(`sockets: ${sock.connected}/${this.o.sockets} up, ${sock.disconnects} drops, ${sock.reconnects} reconnects`);
    const procRows = rows.map((r) => `${pad(r.name, 30)} ${r.up ? lpad(r.rss.toFixed(1), 8) : lpad('down', 8)} ${r.up ? lpad(r.cpu.toFixed(1), 6) : lpad('–', 6)}`);
    console.log(
      `[${clock()}] machine ${machine.toFixed(0)}% of ${sampler.cores * 100}% CPU, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}, ` +
        `${dbConn} PostgreSQL connections to this database`,
    );
    console.log(
      `  ${pad('process', 30)} ${lpad('RSS MB', 8)} ${lpad('CPU%', 6)} | ${pad('operation', 16)} ${lpad('count', 8)} ${lpad('rate/s', 8)} ` +
        `${lpad('errors', 7)} ${lpad('p50', 9)} ${lpad('p99', 9)}`,
    );
    for (let i = 0; i < Math.max(procRows.length, opRows.length); i++) {
      console.log(`  ${procRows[i] ?? pad('', 46)} | ${opRows[i] ?? ''}`);
    }
  }

  /** Waits for the work in flight to settle, then prints the figures and the checks. */
  async finish(sampler) {
    const o = this.o;
    const [pollOutbox, watch, progress, kill] = this.background;
    await progress;
    if (kill) await kill;
    const tail = (nowMs() - loadStart) / 1000 - Math.floor((nowMs() - loadStart) / 1000 / o.intervalS) * o.intervalS;
    if (tail >= 1) await this.printProgress(sampler, tail);
    log(`draining: waiting up to ${o.drainS} s for queues, sends and the campaign to settle`);
    const t0 = nowMs();
    let state;
    let said = t0;
    for (;;) {
      state = await this.pending();
      if (state.done || nowMs() - t0 > o.drainS * 1000) break;
      if (nowMs() - said >= 10_000) {
        said = nowMs();
        log(`  still waiting: ${state.summary}`);
      }
      await sleep(2000);
    }
    await sleep(3000);
    await this.readOutbox();
    this.draining = false;
    await Promise.all([pollOutbox, watch]);
    log(`drain ${state.done ? 'finished' : 'gave up'} after ${((nowMs() - t0) / 1000).toFixed(1)} s: ${state.summary}`);
    return this.report(sampler);
  }

  /** What is still moving: webhook events, sends, the campaign, inbound messages not stored yet. */
  async pending() {
    const t = this.ws.tenant;
    const [[webhooks, agentSends, botSends, otherSends, campaignOpen, flowEvents, stored]] = await psql(
      this.db,
      `select (select count(*) from webhook_events where tenant_id = '${t}' and status in ('received', 'processing')),
              (select count(*) from messages where tenant_id = '${t}' and direction = 'outbound' and status in ('queued', 'sending')
                  and sender_user_id is not null),
              (select count(*) from messages where tenant_id = '${t}' and direction = 'outbound' and status in ('queued', 'sending')
                  and flow_run_id is not null),
              (select count(*) from messages where tenant_id = '${t}' and direction = 'outbound' and status in ('queued', 'sending')
                  and sender_user_id is null and flow_run_id is null),
              (select count(*) from campaign_recipients where campaign_id = '${this.ws.campaignId}' and status in ('pending', 'sending')),
              (select count(*) from flow_events where tenant_id = '${t}'),
              (select count(*) from messages where tenant_id = '${t}' and direction = 'inbound' and content->>'text' like 'mx%')`,
    );
    const delivered = this.sent.filter((s) => s?.delivered).length;
    const keywordDelivered = this.sent.filter((s) => s?.delivered && s.keyword).length;
    await this.readOutbox();
    const bots = this.outbox.bot.size;
    const sends = Number(agentSends) + Number(botSends) + Number(otherSends);
    const done =
      Number(webhooks) === 0 && sends === 0 && Number(campaignOpen) === 0 && Number(flowEvents) === 0 && Number(stored) >= delivered && bots >= keywordDelivered;
    return {
      done,
      summary:
        `${webhooks} webhook events queued; outbound messages queued or sending: ${agentSends} agents', ${botSends} bot's, ${otherSends} other; ` +
        `${campaignOpen} campaign recipients pending or sending; ${flowEvents} flow events; ${stored} of ${delivered} acknowledged inbound messages ` +
        `stored; ${bots} of ${keywordDelivered} keyword messages answered`,
    };
  }

  async report(sampler) {
    const o = this.o;
    const t = this.ws.tenant;
    const secs = this.loadSeconds;
    const checks = [];
    const verdict = (name, pass, detail) => checks.push({ name, pass, detail });

    // ---- inbound: every acknowledged customer message stored exactly once
    const inboundRows = await psql(
      this.db,
      `select wa_message_id, content->>'text', conversation_id from messages where tenant_id = '${t}' and direction = 'inbound'`,
    );
    const byWamid = new Map();
    const bySeq = new Map();
    const perConversation = new Map(); // load-phase inbound messages per conversation, for the sockets
    for (const [wamid, text, conv] of inboundRows) {
      byWamid.set(wamid, (byWamid.get(wamid) ?? 0) + 1);
      const m = /^mx(\d+) /.exec(text ?? '');
      if (m) {
        bySeq.set(Number(m[1]), (bySeq.get(Number(m[1])) ?? 0) + 1);
        perConversation.set(conv, (perConversation.get(conv) ?? 0) + 1);
      }
    }
    let inLost = 0;
    let inDup = 0;
    let unackedStored = 0;
    let unacked = 0;
    this.sent.forEach((s, i) => {
      if (!s) return;
      const n = bySeq.get(i) ?? 0;
      if (n > 1) inDup++;
      if (s.delivered) {
        if (n === 0 || (byWamid.get(s.wamid) ?? 0) === 0) inLost++;
      } else {
        unacked++;
        if (n > 0) unackedStored++;
      }
    });
    const acked = this.sent.filter((s) => s?.delivered).length;
    verdict(
      'inbound',
      inLost === 0 && inDup === 0,
      `${acked} customer messages acknowledged to the simulator: ${acked - inLost} stored, ${inLost} lost, ${inDup} stored more than once` +
        `; ${unacked} not acknowledged (webhook failed after the simulator's retries, or shed), ${unackedStored} of them stored anyway`,
    );

    // ---- agent replies: each accepted reply at WhatsApp exactly once
    const replyRows = await psql(
      this.db,
      `select content->>'text', status, coalesce(error->>'code', '') from messages
        where tenant_id = '${t}' and direction = 'outbound' and flow_run_id is null and content->>'text' like 'ar%'`,
    );
    const replyDb = new Map();
    for (const [text, status, code] of replyRows) {
      const m = /^ar(\d+) /.exec(text ?? '');
      if (m) replyDb.set(Number(m[1]), { status, code, n: (replyDb.get(Number(m[1]))?.n ?? 0) + 1 });
    }
    let rDelivered = 0;
    let rDup = 0;
    let rLost = 0;
    const rInterrupted = [];
    const rFailed = {};
    let rUnackedStored = 0;
    let rUnackedSent = 0;
    this.replies.forEach((r, i) => {
      if (!r) return;
      const atWa = this.outbox.agent.get(i) ?? 0;
      const row = replyDb.get(i);
      if (atWa > 1) rDup++;
      if (!r.accepted) {
        if (row) rUnackedStored++;
        if (atWa) rUnackedSent++;
        return;
      }
      if (atWa >= 1) rDelivered++;
      else if (row?.status === 'failed' && row.code === 'send_interrupted') rInterrupted.push(i);
      else if (row?.status === 'failed') rFailed[row.code || 'failed'] = (rFailed[row.code || 'failed'] ?? 0) + 1;
      else rLost++;
    });
    const rAccepted = this.replies.filter((r) => r?.accepted).length;
    const rTried = this.replies.filter(Boolean).length;
    const rFailedN = Object.values(rFailed).reduce((a, b) => a + b, 0);
    verdict(
      'agent replies',
      rDup === 0 && rLost === 0,
      `${rAccepted} accepted by the API: ${rDelivered} reached WhatsApp once, ${rDup} more than once, ${rLost} lost (neither at WhatsApp nor failed)` +
        `; ${rInterrupted.length} interrupted by the kill (failed "send_interrupted", shown to the agent, never resent by design)` +
        `${rFailedN ? `; ${rFailedN} failed${fmtErr(rFailed)}` : ''}; ${rTried - rAccepted} refused or unanswered by the API` +
        ` (${rUnackedStored} of them stored anyway, ${rUnackedSent} sent anyway)`,
    );

    // ---- campaign: every recipient sent exactly once
    const statusRows = await psql(this.db, `select status, count(*) from campaign_recipients where campaign_id = '${this.ws.campaignId}' group by 1`);
    const st = Object.fromEntries(statusRows.map(([s, n]) => [s, Number(n)]));
    const total = Object.values(st).reduce((a, b) => a + b, 0);
    const cSent = (st.sent ?? 0) + (st.delivered ?? 0) + (st.read ?? 0) + (st.replied ?? 0);
    const cFailed = (st.failed ?? 0) + (st.skipped ?? 0);
    const cUnknown = st.unknown ?? 0;
    const cOpen = (st.pending ?? 0) + (st.sending ?? 0);
    const accepted = [...this.outbox.campaign.values()].reduce((a, b) => a + b, 0);
    const distinct = this.outbox.campaign.size;
    const cDup = accepted - distinct;
    const cLost = total - cSent - cFailed - cUnknown - cOpen;
    // `unknown` is for a row in flight when a process died. Any other is a recipient claimed and never sent.
    const unknownRows = await psql(
      this.db,
      `select id, phone, extract(epoch from claimed_at) * 1000 from campaign_recipients where campaign_id = '${this.ws.campaignId}' and status = 'unknown'`,
    );
    const inFlight = this.kill?.sendingIds ?? new Set();
    const strayUnknown = unknownRows.filter(([id]) => !inFlight.has(id));
    const unknownAtWa = unknownRows.filter(([, phone]) => this.outbox.campaign.has(phone.replace(/^\+/, ''))).length;
    const claimed = strayUnknown.map((r) => (Number(r[2]) - this.loadStartWall) / 1000).sort((a, b) => a - b);
    const times = [...this.campaignTimes].sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const waSpan = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
    const [[span]] = await psql(
      this.db,
      `select coalesce(extract(epoch from max(sent_at) - min(sent_at)), 0) from campaign_recipients
        where campaign_id = '${this.ws.campaignId}' and sent_at is not null`,
    );
    verdict(
      'campaign',
      cDup === 0 && cLost === 0 && strayUnknown.length === 0 && cOpen === 0 && total === o.campaignRecipients,
      `${total} of ${o.campaignRecipients} recipients: ${cSent} sent, ${cFailed} failed or skipped, ${cOpen} still pending or sending, ${cLost} lost; ` +
        `${cUnknown} unknown (${unknownAtWa} of them reached WhatsApp), ` +
        (this.kill
          ? `of which ${cUnknown - strayUnknown.length} were in flight at the kill (${inFlight.size} rows sending then) and ${strayUnknown.length} were not`
          : 'with no kill to explain them') +
        `${claimed.length ? ` (claimed ${claimed[0].toFixed(0)}–${claimed[claimed.length - 1].toFixed(0)} s into the load, never sent)` : ''}; ` +
        `WhatsApp accepted ${accepted} template sends to ${distinct} people (${cDup} duplicates); ` +
        `${(cSent / Math.max(1, Number(span))).toFixed(1)}/s over ${Number(span).toFixed(0)} s of sending (${o.campaignRate}/s asked)`,
    );

    verdict(
      'campaign pace',
      busiest <= o.campaignRate + 1,
      `at most ${busiest} of its template sends reached WhatsApp within one second (any 1-s window; pace ${o.campaignRate}/s, one more allowed ` +
        `for network jitter); ${(times.length / Math.max(waSpan, 0.001)).toFixed(1)}/s from its first send to its last (${waSpan.toFixed(0)} s)`,
    );

    // ---- flows: one bot reply per keyword message
    const botRows = await psql(this.db, `select content->>'text' from messages where tenant_id = '${t}' and direction = 'outbound' and flow_run_id is not null`);
    const botDb = new Map();
    for (const [text] of botRows) {
      const m = /^Bot: mx(\d+) /.exec(text ?? '');
      if (m) botDb.set(Number(m[1]), (botDb.get(Number(m[1])) ?? 0) + 1);
    }
    let kw = 0;
    let kwMissing = 0;
    let kwDup = 0;
    let kwDbMismatch = 0;
    let botStray = 0;
    this.sent.forEach((s, i) => {
      if (!s) return;
      const atWa = this.outbox.bot.get(i) ?? 0;
      if (!s.keyword) {
        if (atWa || botDb.get(i)) botStray++;
        return;
      }
      if (!s.delivered) return;
      kw++;
      if (atWa === 0) kwMissing++;
      if (atWa > 1) kwDup++;
      if ((botDb.get(i) ?? 0) !== 1) kwDbMismatch++;
    });
    verdict(
      'flows',
      kwMissing === 0 && kwDup === 0 && kwDbMismatch === 0 && botStray === 0,
      `${kw} acknowledged keyword messages: ${kw - kwMissing} answered at WhatsApp, ${kwMissing} not answered, ${kwDup} answered more than once; ` +
        `${kwDbMismatch} without exactly one bot message stored; ${botStray} bot replies to messages without the keyword`,
    );

    // ---- sockets: all reconnected, every inbound message's notification seen
    let sock = null;
    let sockDiag = null;
    if (this.sockets) {
      sock = await this.sockets.report([...perConversation]);
      const pass = sock.connectedAtEnd === o.sockets && sock.notReconnected === 0 && sock.withoutSync === 0 && sock.resets === 0 && sock.socketsMissing === 0;
      verdict(
        'sockets',
        pass,
        `${sock.connectedAtEnd} of ${o.sockets} connected at the end; ${sock.droppedSockets} dropped (${sock.disconnects} drops${fmtErr(sock.reasons)}), ` +
          `${sock.notReconnected} never came back, ${sock.withoutSync} reconnected without a catch-up, ${sock.resets} catch-ups reset (journal too short); ` +
          `tenant-room notifications: ${sock.socketsMissing} sockets missed some (${sock.missing} missing in all, expected ${sock.expectedPerSocket} per socket), ` +
          `${sock.extra} unexpected extra, ${sock.duplicates} received twice (live and replayed, deduplicated by eventId), ${sock.noEventId} without an eventId`,
      );
      const range = (a) => (a.length ? `${a[0]}–${a[a.length - 1]} (median ${a[Math.floor(a.length / 2)]})` : '–');
      if (sock.droppedSockets > 0) {
        sockDiag =
          `  (events the journal held for a socket's rooms when it reconnected, i.e. what its catch-up had to replay: ` +
          `${range(sock.backlogWithSync)} for the ${sock.backlogWithSync.length} sockets that got their sync, ` +
          `${range(sock.backlogWithoutSync)} for the ${sock.backlogWithoutSync.length} that never did)`;
      }
    }

    // ---- figures
    const ob = this.outbox;
    console.log(`\n== Throughput and latency (load ${secs.toFixed(0)} s) ==`);
    console.log(`  ${pad('operation', 44)} ${lpad('count', 8)} ${lpad('per s', 7)} ${lpad('p50', 9)} ${lpad('p99', 9)} ${lpad('max', 9)}  errors`);
    const line = (name, count, hist, errors = '') =>
      console.log(
        `  ${pad(name, 44)} ${lpad(count, 8)} ${lpad((count / secs).toFixed(1), 7)} ${lpad(fmtMs(hist?.pct(0.5)), 9)} ` +
          `${lpad(fmtMs(hist?.pct(0.99)), 9)} ${lpad(fmtMs(hist?.n ? hist.max : NaN), 9)}  ${errors}`,
      );
    const opErr = (op) => `${op.errors}${fmtErr(op.kinds)}`;
    line('webhook in: customer → simulator → ack', this.ops.inbound.count, this.ops.inbound.hist, opErr(this.ops.inbound));
    line('agent reply: POST → 201', this.ops.reply.count, this.ops.reply.hist, opErr(this.ops.reply));
    line('agent reply: POST → at WhatsApp', this.ops.replyWa.count, this.ops.replyWa.hist, `${[...ob.agent.values()].filter((n) => n > 1).length} duplicates`);
    line('keyword message → bot reply at WhatsApp', this.ops.bot.count, this.ops.bot.hist, `${kwMissing} unanswered`);
    line('campaign template sends at WhatsApp', accepted, null, `${Object.entries(ob.refused).map(([k, v]) => `${v}× ${k}`).join(', ') || '0 refused'}`);
    if (sock) {
      line('inbound → notification at a socket (live)', sock.live.n, new Hist(sock.live), '');
      line('inbound → notification (replayed on catch-up)', sock.catchup.n, new Hist(sock.catchup), '');
      line('socket drop → reconnected', sock.reconnect.n, new Hist(sock.reconnect), `${sock.connectErrors} failed attempts${fmtErr(sock.connectErrorKinds)}`);
      line('socket reconnected → sync (catch-up done)', sock.sync.n, new Hist(sock.sync), `${sock.replayed} events replayed`);
    }
    console.log(
      `  (per s = count over the load's ${secs.toFixed(0)} s; socket latencies are timed at the clients, inside the same machine; ` +
        `"at WhatsApp" = the simulator's receipt time minus the request's start)`,
    );
    if (ob.gaps) console.log(`  WARNING: ${ob.gaps} send requests fell out of the simulator's log before they were read: the WhatsApp-side counts are incomplete`);
    if (ob.other) console.log(`  other text messages sent to WhatsApp: ${ob.other}`);
    const numbers = o.sharedNumber
      ? [['support and campaign line', this.ws.pnid, o.numberRate]]
      : [
          ['support line', this.ws.pnid, o.numberRate],
          ['campaign line', this.ws.campaignPnid, o.campaignRate],
        ];
    for (const [label, pnid, cap] of numbers) {
      const n = await call('GET', `${this.sim}/numbers/${pnid}/stats`).catch(() => null);
      if (!n) continue;
      console.log(
        `  the ${label} at the simulator: ${n.accepted} sends accepted, ${n.throttled} refused with 130429 (cap ${cap}/s), ` +
          `${n.refused} refused otherwise, at most ${n.maxPerSecond} in one second`,
      );
    }
    if (this.kill) {
      const k = this.kill;
      console.log(
        `  kill: ${k.node} killed at ${((k.at - loadStart) / 1000).toFixed(0)} s; ` +
          `HAProxy marked it DOWN after ${k.downAfter === undefined ? '–' : `${(k.downAfter / 1000).toFixed(1)} s`}; ` +
          `restarted after ${o.restartAfterS} s, ready in ${fmtMs(k.readyAfterRestart)}, ` +
          `UP in HAProxy ${k.upAfterRestart === undefined ? '–' : `${(k.upAfterRestart / 1000).toFixed(1)} s`} after the restart`,
      );
    }
    const hstats = await haproxyStats(this.statsSocket);
    const servers = hstats.filter((r) => r.pxname === 'parley_nodes' && r.svname !== 'FRONTEND');
    if (servers.length) {
      console.log(
        `  HAProxy per node: ${servers
          .map(
            (r) =>
              `${r.svname} ${r.stot} sessions, ${r.econ || 0} connect errors, ${r.eresp || 0} response errors, ` +
              `${r.wretr || 0} retries, ${r.wredis || 0} redispatches`,
          )
          .join('; ')}`,
      );
    }

    console.log('\n== Memory and CPU per process over the run (RSS or PSS in MB; CPU in % of one core) ==');
    console.log(`  ${pad('process', 30)} ${lpad('MB start', 9)} ${lpad('MB peak', 9)} ${lpad('MB end', 9)} ${lpad('CPU% mean', 10)} ${lpad('CPU% peak', 10)}`);
    for (const [name, s] of sampler.series) {
      const up = s.filter((r) => r.up && !Number.isNaN(r.rss));
      if (!up.length) continue;
      const cpus = up.map((r) => r.cpu).filter((c) => !Number.isNaN(c));
      const mean = cpus.reduce((a, b) => a + b, 0) / Math.max(1, cpus.length);
      console.log(
        `  ${pad(name, 30)} ${lpad(up[0].rss.toFixed(1), 9)} ${lpad(Math.max(...up.map((r) => r.rss)).toFixed(1), 9)} ` +
          `${lpad(up[up.length - 1].rss.toFixed(1), 9)} ` +
          `${lpad(mean.toFixed(1), 10)} ${lpad(Math.max(...cpus, 0).toFixed(1), 10)}`,
      );
    }
    console.log(`  peak PostgreSQL connections to this database: ${this.peakDbConnections}`);

    console.log('\n== Checks ==');
    for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, 14)} ${c.detail}`);
    if (sockDiag) console.log(sockDiag);
    if (rInterrupted.length) {
      const ids = rInterrupted.slice(0, 5).map((i) => `ar${i}`);
      console.log(`  (interrupted agent replies: ${ids.join(', ')}${rInterrupted.length > 5 ? ', …' : ''})`);
    }
    return { checks };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The socket clients' process: opens the sockets, records what the tenant room brings, reconnects with `since`.

/** Counts a tenant's journal entries for `rooms` after stream id `since` up to `untilMs`, inside Redis. */
const JOURNAL_COUNT = `local n = 0
for _, e in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2])) do
  local f = e[2]
  for i = 1, #f, 2 do
    if f[i] == 'room' and (f[i + 1] == ARGV[3] or f[i + 1] == ARGV[4]) then n = n + 1 end
  end
end
return n`;

function journalBacklog(redisUrl, tenant, user, since, untilMs) {
  const [ms, seq] = since.split('-').map(Number);
  const u = new URL(redisUrl);
  const args = ['-h', u.hostname, '-p', u.port || '6379', '-n', u.pathname.slice(1) || '0', 'EVAL', JOURNAL_COUNT, '1', `parley:journal:${tenant}`];
  args.push(`(${ms}-${seq}`, String(untilMs), `tenant:${tenant}`, `user:${tenant}:${user}`);
  return new Promise((resolve) => execFile('redis-cli', args, (err, out) => resolve(err ? NaN : Number(out.trim()))));
}

async function socketClients() {
  const { io } = await import('socket.io-client');
  let base0 = 0n;
  const now = () => Number(process.hrtime.bigint() - base0) / 1e6;
  const send = (m) => process.connected && process.send(m);
  const socks = [];
  /** Notification events (kind "message") by eventId: the conversation and which sockets got it. */
  const notes = new Map();
  let bytes = 1;
  const h = { live: new Hist(), catchup: new Hist(), reconnect: new Hist(), sync: new Hist(), recent: new Hist() };
  const agg = { notifications: 0, duplicates: 0, noEventId: 0, replayed: 0, resets: 0, connectErrors: 0, connectErrorKinds: {}, reasons: {} };
  let closing = false;

  let tenant = null;
  let redisUrl = null;
  let users = [];

  function open(i, url, token, user) {
    const x = {
      i,
      last: null,
      up: false,
      ever: false,
      drops: 0,
      reconnects: 0,
      syncs: 0,
      droppedAt: 0,
      connectedAt: 0,
      catchingUp: false,
      sentSince: false,
      syncedSinceDrop: true,
    };
    const s = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelayMax: 10_000,
      timeout: 20_000,
      auth: (cb) => {
        x.sentSince = x.last !== null;
        x.authSince = x.last;
        cb(x.last ? { token, since: x.last } : { token });
      },
    });
    x.s = s;
    s.on('connect', () => {
      x.up = true;
      x.connectedAt = now();
      if (x.ever) {
        x.reconnects++;
        h.reconnect.add(now() - x.droppedAt);
        x.catchingUp = x.sentSince;
        // What the journal held for this socket's rooms when it came back: what its catch-up should replay.
        if (x.sentSince) {
          const since = x.authSince;
          const until = Date.now();
          x.backlog = journalBacklog(redisUrl, tenant, user, since, until);
        }
        // What arrives after 5 s without a `sync` is live, not the catch-up.
        const at = x.connectedAt;
        setTimeout(() => {
          if (x.connectedAt === at) x.catchingUp = false;
        }, 5000);
      }
      x.ever = true;
    });
    s.on('connect_error', (e) => {
      if (!x.ever) return;
      agg.connectErrors++;
      agg.connectErrorKinds[e.message] = (agg.connectErrorKinds[e.message] ?? 0) + 1;
      // A refused handshake is not retried by socket.io-client: retry as the web app does.
      if (!s.active) setTimeout(() => !closing && s.connect(), 1000);
    });
    s.on('disconnect', (reason) => {
      if (closing) return;
      x.up = false;
      x.drops++;
      x.droppedAt = now();
      x.syncedSinceDrop = false;
      agg.reasons[reason] = (agg.reasons[reason] ?? 0) + 1;
      if (reason === 'io server disconnect') setTimeout(() => !closing && s.connect(), 1000);
    });
    s.on('sync', (d) => {
      x.syncs++;
      x.syncedSinceDrop = true;
      if (d?.reset) agg.resets++;
      else agg.replayed += d?.replayed ?? 0;
      if (x.catchingUp) h.sync.add(now() - x.connectedAt);
      x.catchingUp = false;
    });
    s.onAny((name, d) => {
      const id = d?.eventId;
      if (id && (x.last === null || id > x.last)) x.last = id;
      if (name !== 'notification' || d?.kind !== 'message') return;
      if (!id) {
        agg.noEventId++;
        return;
      }
      let n = notes.get(id);
      if (!n) {
        n = { conv: d.conversationId, bits: new Uint8Array(bytes) };
        notes.set(id, n);
      }
      const bit = 1 << (i % 8);
      if (n.bits[i >> 3] & bit) {
        agg.duplicates++;
        return;
      }
      n.bits[i >> 3] |= bit;
      agg.notifications++;
      const m = /^mx\d+ \S+ t(\d+(?:\.\d+)?)$/.exec(d.body ?? '');
      if (m) {
        const ms = now() - Number(m[1]);
        (x.catchingUp ? h.catchup : h.live).add(ms);
        h.recent.add(ms);
      }
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), 30_000);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(null);
      });
      s.once('connect_error', (e) => {
        clearTimeout(timer);
        resolve(e.message || 'connect_error');
      });
    }).then((err) => {
      socks.push(x);
      return err;
    });
  }

  process.on('message', async (m) => {
    if (m.type === 'connect') {
      base0 = BigInt(m.base);
      bytes = Math.ceil(m.count / 8);
      tenant = m.tenant;
      redisUrl = m.redisUrl;
      users = m.users;
      const errors = {};
      for (let i = 0; i < m.count; i += 20) {
        const batch = Array.from({ length: Math.min(20, m.count - i) }, (_, j) =>
          open(i + j, m.url, m.tokens[(i + j) % m.tokens.length], users[(i + j) % users.length]),
        );
        for (const err of await Promise.all(batch)) if (err) errors[err] = (errors[err] ?? 0) + 1;
      }
      send({ type: 'connected', ok: socks.filter((x) => x.up).length, errors });
    } else if (m.type === 'stats') {
      send({
        type: 'stats',
        connected: socks.filter((x) => x.up).length,
        disconnects: socks.reduce((a, x) => a + x.drops, 0),
        reconnects: socks.reduce((a, x) => a + x.reconnects, 0),
        notifications: agg.notifications,
        recent: h.recent.plain(),
      });
      h.recent = new Hist();
    } else if (m.type === 'report') {
      // Expected: load-phase inbound messages stored per conversation; each is one tenant-room notification.
      const expected = new Map(m.expected);
      const convIndex = new Map([...expected.keys()].map((c, i) => [c, i]));
      const nConv = convIndex.size;
      const seen = new Int32Array(socks.length * nConv);
      let other = 0;
      for (const n of notes.values()) {
        const c = convIndex.get(n.conv);
        if (c === undefined) {
          other++;
          continue;
        }
        for (let s = 0; s < socks.length; s++) if (n.bits[s >> 3] & (1 << (s % 8))) seen[s * nConv + c]++;
      }
      const exp = [...expected.values()];
      let missing = 0;
      let extra = 0;
      let socketsMissing = 0;
      for (let s = 0; s < socks.length; s++) {
        let miss = 0;
        for (let c = 0; c < nConv; c++) {
          const d = exp[c] - seen[s * nConv + c];
          if (d > 0) miss += d;
          else extra -= d;
        }
        missing += miss;
        if (miss) socketsMissing++;
      }
      const dropped = socks.filter((x) => x.drops > 0);
      const unsynced = dropped.filter((x) => x.up && !x.syncedSinceDrop);
      const synced = dropped.filter((x) => x.syncedSinceDrop);
      const backlogs = async (list) => (await Promise.all(list.map((x) => x.backlog ?? NaN))).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
      send({
        type: 'report',
        connectedAtEnd: socks.filter((x) => x.up).length,
        droppedSockets: dropped.length,
        disconnects: dropped.reduce((a, x) => a + x.drops, 0),
        notReconnected: dropped.filter((x) => !x.up).length,
        withoutSync: unsynced.length,
        backlogWithoutSync: await backlogs(unsynced),
        backlogWithSync: await backlogs(synced),
        missing,
        socketsMissing,
        extra,
        otherConversations: other,
        expectedPerSocket: exp.reduce((a, b) => a + b, 0),
        live: h.live.plain(),
        catchup: h.catchup.plain(),
        reconnect: h.reconnect.plain(),
        sync: h.sync.plain(),
        ...agg,
      });
    } else if (m.type === 'close') {
      closing = true;
      for (const x of socks) x.s.close();
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// Last, so every module-level binding above is initialised before either role starts.
if (process.env.MIXED_SOCKETS === '1') {
  await socketClients();
} else {
  try {
    await main();
  } catch (e) {
    console.error(`\n${e.stack ?? e}`);
    if (runDir) {
      keepDir = true;
      console.error(`logs of every process kept in ${runDir}`);
    }
    process.exit(1);
  }
}

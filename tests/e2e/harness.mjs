// Shared by the browser end-to-end tests: starts the real `parley serve` on a free port and a fresh
// database (dev mail transport, the built web app), launches Debian's Chromium through playwright-core,
// and offers page helpers. Each test file calls `useStack()` once at top level; tests without a browser call
// `useServer()` instead, and `startNode()` starts further `parley serve` nodes on the same database and Redis.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, keepOutput, sleep } from '../support/net.mjs';

export { freePort, sleep };

/** Reads until `done(value)` holds (every 250 ms, up to `ms`), then returns the value; fails naming `what` and the
 * last value read. For state that settles after the action that causes it (a refetch, a background job). */
export async function until(read, done, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await sleep(250);
  }
  throw new Error(`${what}; last: ${JSON.stringify(last)}`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const DIST = process.env.PARLEY_WEB_DIST ?? path.join(ROOT, 'web', 'dist');
const SHOTS = path.join(here, 'screenshots');
const BIN = process.env.PARLEY_BIN ?? '/var/tmp/parley-target/debug/parley';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DB_NAME = `parley_e2e_${randomBytes(6).toString('hex')}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export let baseUrl;
export let browser;
export const pageErrors = [];
/** Content-Security-Policy violations seen by any page of this file; the file fails at the end if there are any, so
 * every browser test also proves the app works under its policy (docs/security.md, "HTTP hardening"). */
export const cspViolations = [];

/** Every `parley serve` process this test file started (stopped by `after`, killed if the runner exits). */
const nodes = new Set();
process.on('exit', () => {
  for (const n of nodes) if (n.process.exitCode === null) n.process.kill('SIGKILL');
});



async function waitUntilReady(node, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (node.process.exitCode !== null) throw new Error(`parley exited with ${node.process.exitCode} before it was ready:\n${node.log()}`);
    try {
      const res = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await sleep(500);
  }
  throw new Error(`GET /readyz did not answer 200 within ${timeoutMs / 1000}s (${last}):\n${node.log().slice(-4000)}`);
}

async function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(8000).then(() => true)]);
  if (timedOut) {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** Drops this test file's database (best effort: a left-over parley_e2e_* database is harmless). */
/** Runs one SQL statement on this file's database as the owner (what a test cannot do through the API, such as a
 * domain already verified); returns psql's unaligned output. */
export function sql(statement) {
  return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', DB_NAME, '-Atc', statement], { encoding: 'utf8' }).trim();
}

export function dropTestDatabase() {
  try {
    execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB_NAME], { stdio: 'ignore' });
  } catch {
    // Best effort.
  }
}

/**
 * Starts one `parley serve` process on a free port and waits until it is ready. By default it uses this test file's
 * database and the local Redis, so a second call starts another node of the same installation (the Redis adapter
 * fans socket.io events out between them). `demo` adds `--demo` (idempotent seeding, and the simulator at /sim of
 * this node); `env` adds or overrides environment variables.
 * Returns `{ url, port, pid, process, log(), stop() }`; every node still running is stopped by `stopAllNodes`.
 */
export async function startNode({ demo = false, env = {}, databaseUrl = DATABASE_URL } = {}) {
  assert.ok(existsSync(BIN), `parley binary not found at ${BIN} (set PARLEY_BIN)`);
  const port = await freePort();
  const proc = spawn(BIN, demo ? ['serve', '--demo'] : ['serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      REDIS_URL: 'redis://127.0.0.1:6379',
      PARLEY_MAIL__TRANSPORT: 'dev',
      PARLEY_WEB__DIST_DIR: DIST,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = keepOutput(proc, 200_000);
  const node = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid,
    process: proc,
    log,
    stop: async () => {
      await stopProcess(proc);
      nodes.delete(node);
    },
  };
  nodes.add(node);
  try {
    await waitUntilReady(node, 60_000);
  } catch (e) {
    await node.stop();
    throw e;
  }
  return node;
}

/** Stops every node this file started that is still running, the last started first. */
export async function stopAllNodes() {
  for (const n of [...nodes].reverse()) await n.stop();
}

/**
 * Registers the start and stop of the server and browser around the calling test file.
 * `demo: true` runs `parley serve --demo`: the demo workspace and its number, played by the built-in WhatsApp
 * simulator at /sim (the customer phone page needs it); `env` adds or overrides the server's environment variables;
 * `hostRules` names hosts the browser resolves to this machine (a custom domain of an agency, say), as DNS would.
 */
export function useStack({ demo = false, env = {}, hostRules = [] } = {}) {
  before(() => startStack({ demo, env, hostRules }));
  after(stopStack);
}

/**
 * The server alone, without a browser or the built web app (socket.io and API tests): starts `parley serve`
 * (`--demo` when asked, extra `env`) before the file's tests, sets `baseUrl`, and afterwards stops every node the
 * file started and drops its database.
 */
export function useServer({ demo = false, env = {} } = {}) {
  before(async () => {
    const node = await startNode({ demo, env });
    baseUrl = node.url;
  });
  after(async () => {
    await stopAllNodes();
    dropTestDatabase();
  });
}

async function startStack({ demo, env, hostRules = [] }) {
  assert.ok(existsSync(BIN), `parley binary not found at ${BIN} (set PARLEY_BIN)`);
  assert.ok(existsSync(path.join(DIST, 'index.html')), `web app not built: run \`npm ci && npm run build\` in web/ (${DIST})`);
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  mkdirSync(SHOTS, { recursive: true });

  const node = await startNode({ demo, env });
  baseUrl = node.url;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...(hostRules.length ? [`--host-resolver-rules=${hostRules.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`] : []),
    ],
  });
}

async function stopStack() {
  await browser?.close().catch(() => undefined);
  await stopAllNodes();
  dropTestDatabase();
  assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations in any page');
}

/** Records CSP violations of every page of `context` (also pages it opens later): Chromium's console report
 * ("Refused to ... because it violates the following Content Security Policy directive") and the
 * `securitypolicyviolation` event, which also catches reports the console does not show. */
export async function watchCsp(context) {
  if (context.__cspWatched) return;
  context.__cspWatched = true;
  const record = (page, what) => cspViolations.push(`${page.url()}: ${what}`);
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) record(page, msg.text());
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  await context.exposeBinding('__parleyCspViolation', ({ page }, what) => record(page, what));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__parleyCspViolation?.(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

export async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  await watchCsp(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return { context, page };
}

/** Waits for the CSS animations of an element (a sliding drawer, a dialog) to finish. */
export const settle = (locator) => locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));

/** Saves a screenshot once entry animations and transitions are over (not the endless ones, like spinners). */
export async function shot(page, name, fullPage = true) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Polls the dev mailbox for a mail to `to` whose text has a link containing `marker`; returns that link. */
export async function linkFromMail(to, marker, { after: notBefore = 0, timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/api/v1/dev/mailbox`);
    assert.equal(res.status, 200, 'GET /api/v1/dev/mailbox answers 200 when the dev transport is on');
    seen = await res.json();
    assert.ok(Array.isArray(seen), 'the dev mailbox answers a JSON array');
    const mail = seen
      .filter((m) => m.to?.toLowerCase().includes(to.toLowerCase()) && Date.parse(m.createdAt) >= notBefore)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .find((m) => m.text?.includes(marker));
    if (mail) {
      const link = mail.text.match(/https?:\/\/[^\s<>"']+/g)?.find((u) => u.includes(marker));
      assert.ok(link, `the mail "${mail.subject}" has a link with ${marker}`);
      return { mail, link: link.replace(/[.,;:!?)\]]+$/, '') };
    }
    await sleep(500);
  }
  throw new Error(`no mail to ${to} with a ${marker} link; mailbox has: ${JSON.stringify(seen.map((m) => [m.to, m.subject]))}`);
}

/** The link's path on the server under test (the mail may carry the configured public URL). */
export function onServer(link) {
  const u = new URL(link);
  return `${baseUrl}${u.pathname}${u.search}`;
}

export async function expectVisible(locator, message) {
  await locator.first().waitFor({ state: 'visible' }).catch((e) => {
    throw new Error(`${message}: ${e.message.split('\n')[0]}`);
  });
}


/** The demo's password (crates/services/src/platform/seed.rs), which the demo's people sign in with. */
export const DEMO_PASSWORD = 'parley-demo-1';

/** Signs `email` in through the login page. */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A JSON call of the API with a bearer token: `{ status, body }` (body null when it is not JSON). */
export async function api(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The WhatsApp simulator's control API (`/sim/api`): a test plays the customer through it. */
export async function sim(method, path, body) {
  const res = await fetch(`${baseUrl}/sim/api${path}`, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
export async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// Shared by the browser end-to-end tests: starts the real `parley serve` on a free port and a fresh
// database (dev mail transport, the built web app), launches Debian's Chromium through playwright-core,
// and offers page helpers. Each test file calls `useStack()` once at top level.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const DIST = path.join(ROOT, 'web', 'dist');
const SHOTS = path.join(here, 'screenshots');
const BIN = process.env.PARLEY_BIN ?? '/var/tmp/parley-target/debug/parley';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DB_NAME = `parley_e2e_${randomBytes(6).toString('hex')}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

let server;
let serverLog = '';
export let baseUrl;
export let browser;
export const pageErrors = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntilReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`parley exited with ${server.exitCode} before it was ready:\n${serverLog}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await sleep(500);
  }
  throw new Error(`GET /readyz did not answer 200 within ${timeoutMs / 1000}s (${last}):\n${serverLog.slice(-4000)}`);
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(8000).then(() => true)]);
  if (timedOut) {
    server.kill('SIGKILL');
    await exited;
  }
}

function dropDatabase() {
  try {
    execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB_NAME], { stdio: 'ignore' });
  } catch {
    // Best effort: a left-over parley_e2e_* database is harmless.
  }
}

/**
 * Registers the start and stop of the server and browser around the calling test file.
 * `demo: true` runs `parley serve --demo`: the demo workspace and its number, played by the built-in WhatsApp
 * simulator at /sim (the customer phone page needs it).
 */
export function useStack({ demo = false } = {}) {
  before(() => startStack({ demo }));
  after(stopStack);
}

async function startStack({ demo }) {
  assert.ok(existsSync(BIN), `parley binary not found at ${BIN} (set PARLEY_BIN)`);
  assert.ok(existsSync(path.join(DIST, 'index.html')), `web app not built: run \`npm ci && npm run build\` in web/ (${DIST})`);
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  mkdirSync(SHOTS, { recursive: true });

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(BIN, demo ? ['serve', '--demo'] : ['serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL,
      PORT: String(port),
      REDIS_URL: 'redis://127.0.0.1:6379',
      PARLEY_MAIL__TRANSPORT: 'dev',
      PARLEY_WEB__DIST_DIR: DIST,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    serverLog += chunk.toString();
    if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  await waitUntilReady(baseUrl, 60_000);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

async function stopStack() {
  await browser?.close().catch(() => undefined);
  await stopServer();
  dropDatabase();
}

export async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
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


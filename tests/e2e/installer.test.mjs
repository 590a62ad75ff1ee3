// Browser end-to-end test of `parley-install`, the setup wizard: a private PostgreSQL cluster that asks for passwords
// (scram-sha-256, so a wrong one really fails), the local Redis and the SMTP sink. The wizard is driven in Chromium
// through all nine steps with a wrong database password fixed and resumed, installs with `--start process`, and the
// installed Parley is used: /readyz green, the standard plans and the operator's workspace with its WhatsApp number
// exist, Meta's webhook verification round trip answers through the public URL, the admin signs in (enrolling
// two-factor sign-in) and reaches /admin. The wizard then answers "already installed" and exits; a headless run with
// the same answers changes nothing (and, with the public URL's front gone, warns that it does not reach Parley).
// The public URL is a small front standing where Caddy would: the wizard's callback proof goes to the wizard, the
// rest to Parley. Everything started here is stopped here: the wizard, Parley's web and worker processes, the
// front, the SMTP sink, PostgreSQL.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cspViolations, expectVisible, freePort, overflowX, until, watchCsp } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const PARLEY_BIN = process.env.PARLEY_BIN ?? '/var/tmp/parley-target/debug/parley';
const INSTALL_BIN = process.env.PARLEY_INSTALL_BIN ?? path.join(path.dirname(PARLEY_BIN), 'parley-install');
const DIST = process.env.PARLEY_WEB_DIST ?? path.join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PYTHON = process.env.PARLEY_TEST_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const SHOTS = path.join(here, 'screenshots');

const run = randomBytes(4).toString('hex');
const work = mkdtempSync(path.join(os.tmpdir(), 'parley-install-e2e-'));
const stateDir = path.join(work, 'state');
const dataDir = path.join(work, 'data');
const unitsDir = path.join(work, 'units');
const mailDir = path.join(work, 'mail');
const DB_PASSWORD = `pg-${run}-secret`;
const DB_NAME = `parley_inst_${run}`;
const ADMIN = { email: `owner-${run}@example.com`, name: 'Noor Installer', password: 'violet-harbour-lantern-42' };

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const pid of parleyPids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

let pg; // { port, dir, bin }
let graph; // the WhatsApp simulator: { port, proc }
let stripe; // the Stripe simulator: { port, proc }
const NUMBER = { phoneNumberId: '100000000000777', wabaId: '200000000000777', accessToken: `EAAG-install-${run}`, appSecret: `app-secret-${run}` };
const SITE_NAME = 'Noor Travel CRM';
let sink; // { port, proc }
let wizard; // { proc, url, port, out() }
let front; // the public URL's front: { port, close() }
let browser;
let parleyPort;
let publicUrl;

/** Parley's web and worker processes the install started (their pid files in the state directory). */
function parleyPids() {
  return ['parley-web.pid', 'parley-worker.pid']
    .map((f) => path.join(stateDir, f))
    .filter((f) => existsSync(f))
    .map((f) => Number(readFileSync(f, 'utf8').trim()))
    .filter((pid) => pid > 0);
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PostgreSQL's programs (initdb and pg_ctl are not on PATH on Debian). */
function pgBin() {
  const base = '/usr/lib/postgresql';
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  assert.ok(versions.length, 'PostgreSQL server programs are installed (initdb)');
  return path.join(base, versions[0], 'bin');
}

/** Runs a PostgreSQL program as the postgres user when this test runs as root (initdb refuses root). */
function asPostgres(bin, args) {
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function startPostgres() {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-install-pg-'));
  const pw = path.join(dir, 'pw');
  writeFileSync(pw, `${DB_PASSWORD}\n`);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pw, uid, gid);
  }
  chmodSync(dir, 0o700);
  asPostgres(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', `--pwfile=${pw}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  asPostgres(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return { port, dir, bin };
}

function stopPostgres() {
  if (!pg) return;
  try {
    asPostgres(path.join(pg.bin, 'pg_ctl'), ['-D', path.join(pg.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Best effort: the directory goes anyway.
  }
  rmSync(pg.dir, { recursive: true, force: true });
}

/** A statement on the private cluster, as its superuser with the password. */
function psql(statement, db = DB_NAME) {
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', db, '-Atc', statement], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: DB_PASSWORD },
  }).trim();
}

async function startSink() {
  const port = await freePort();
  const proc = spawn(PYTHON, [path.join(ROOT, 'tests/support/smtp_sink.py'), mailDir, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(proc);
  await new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => (String(d).includes('ready') ? resolve() : reject(new Error(String(d)))));
    proc.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code}): is aiosmtpd installed in ${PYTHON}?`)));
  });
  return { port, proc };
}

/** `parley simulator` or `parley stripe-sim` on a free port, answering before it returns. */
async function startSim(sub, probe) {
  const port = await freePort();
  const proc = spawn(PARLEY_BIN, [sub, '--port', String(port)], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  await until(() => fetch(`http://127.0.0.1:${port}${probe}`).then((r) => r.status).catch(() => 0), (s) => s > 0, `parley ${sub} answers`);
  return { port, proc };
}

function installerArgs(extra = []) {
  return ['--state-dir', stateDir, '--parley-bin', PARLEY_BIN, '--systemd-dir', unitsDir, '--start', 'process', '--service-user', os.userInfo().username, ...extra];
}

async function startWizard() {
  const port = await freePort();
  const proc = spawn(INSTALL_BIN, installerArgs(['--listen', `127.0.0.1:${port}`, '--web-dist', DIST, '--linger-seconds', '20']), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: 'postgres://wrong@127.0.0.1:1/nothing', PORT: '1' },
  });
  children.add(proc);
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const url = await until(() => out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/)?.[0], Boolean, 'the wizard prints its one-time URL', 15_000);
  return { proc, url, port, out: () => out };
}

/** Where Caddy would be: `/.well-known/parley-install/` to the wizard (step 3's proof), everything else to Parley. */
async function startFront() {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const target = req.url.startsWith('/.well-known/parley-install/') ? wizard.port : parleyPort;
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

/** Seconds in the installer's own "2 min 13 s" (or "1 h 2 min"). */
function seconds(text) {
  const m = text.match(/(?:(\d+) h)?\s*(?:(\d+) min)?\s*(?:(\d+) s)?$/);
  assert.ok(m && (m[1] || m[2] || m[3]), `a duration: ${text}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Meta's verification request: 200 with the challenge exactly, or what came back. */
async function verifyRoundTrip(callbackUrl, verifyToken) {
  const challenge = String(1_000_000 + Math.floor(Math.random() * 9_000_000));
  const url = new URL(callbackUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  const r = await fetch(url, { redirect: 'manual' });
  return { status: r.status, echoed: (await r.text()) === challenge };
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (file) => statSync(file).mode & 0o777;

/** RFC 6238 codes for the authenticator key the enrolment page shows (as tests/e2e/auth.test.mjs does). */
function totp(secret, step = Math.floor(Date.now() / 30_000)) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', Buffer.from(bytes)).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

before(async () => {
  assert.ok(existsSync(INSTALL_BIN), `parley-install not built at ${INSTALL_BIN} (cargo build -p parley-install)`);
  assert.ok(existsSync(PARLEY_BIN), `parley not built at ${PARLEY_BIN}`);
  assert.ok(existsSync(path.join(DIST, 'index.html')), `web app not built (${DIST})`);
  pg = await startPostgres();
  sink = await startSink();
  graph = await startSim('simulator', '/sim/api/numbers');
  const reg = await fetch(`http://127.0.0.1:${graph.port}/sim/api/numbers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...NUMBER,
      displayPhoneNumber: '+1 555-010-0777',
      verifiedName: 'Noor Travel',
      webhookUrl: 'http://127.0.0.1:9/unused',
    }),
  });
  assert.ok(reg.ok, `the simulator takes the number (${reg.status})`);
  stripe = await startSim('stripe-sim', '/v1/products');
  wizard = await startWizard();
  parleyPort = await freePort();
  front = await startFront();
  publicUrl = `http://127.0.0.1:${front.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  for (const pid of parleyPids()) {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
  }
  await until(() => parleyPids().filter(alive), (l) => l.length === 0, 'Parley stops', 15_000).catch(() => {
    for (const pid of parleyPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  await front?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  stopPostgres();
  rmSync(work, { recursive: true, force: true });
});

/** Fills a step's fields by their keys, submits, and waits for its outcome; returns whether it passed. */
async function step(page, n, fields = {}) {
  await expectVisible(page.getByTestId(`form-${n}`), `step ${n} is shown`);
  for (const [key, value] of Object.entries(fields)) {
    const input = page.getByTestId(`field-${key}`);
    if (typeof value === 'boolean') await input.setChecked(value);
    else if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(String(value));
  }
  await page.getByTestId('step-submit').click();
  // Passing moves on (the outcome shown under the next step); failing stays with the outcome and its fixes.
  const next = n === 9 ? page.getByTestId('done') : page.getByTestId(`form-${n + 1}`);
  const failed = page.locator(`[data-testid="form-${n}"] [data-testid="results"][data-passed="false"]`);
  await next.or(failed).first().waitFor({ timeout: n === 9 ? 240_000 : 90_000 });
  return next.isVisible();
}

test('the wizard installs Parley: a wrong password fixed, the admin signs in, the wizard locks, a rerun changes nothing', async (t) => {
  await t.test('only the one-time URL opens the wizard, and its token is in a private file', async () => {
    const token = new URL(wizard.url).searchParams.get('token');
    assert.match(token, /^[0-9a-f]{48}$/);
    const tokenFile = path.join(stateDir, 'token');
    assert.equal(readFileSync(tokenFile, 'utf8').trim(), wizard.url);
    assert.equal(mode(tokenFile), 0o600, 'the token file is readable by its owner only');
    const base = `http://127.0.0.1:${wizard.port}`;
    assert.equal((await fetch(`${base}/`)).status, 403, 'no token: no wizard');
    assert.equal((await fetch(`${base}/?token=${'0'.repeat(48)}`)).status, 403, 'a wrong token: no wizard');
    const state = await fetch(`${base}/api/state`, { headers: { 'X-Install-Token': 'nope' } });
    assert.equal(state.status, 403);
    assert.equal((await state.json()).error, 'bad_token');
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await watchCsp(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await t.test('steps 1 to 8: the machine, a wrong database password fixed and resumed, site, admin, mail, storage, WhatsApp and Stripe against their simulators', async () => {
    await page.goto(wizard.url);
    await expectVisible(page.getByTestId('stepper'), 'the numbered steps');
    assert.equal(await page.getByTestId('stepper').locator('li').count(), 9);
    assert.equal(await page.getByTestId('field-server.web_dist').inputValue(), DIST, 'the web app found from --web-dist');
    assert.ok(await step(page, 1, { 'server.data_dir': dataDir, 'server.port': parleyPort }), 'the requirements pass');
    const found = await page.getByTestId('previous-results').getByTestId('check').allTextContents();
    for (const name of ['Operating system', 'Memory', 'Disk', 'Free port', 'PostgreSQL', 'Redis', 'Data directory']) {
      assert.ok(found.some((c) => c.startsWith(name)), `step 1 checks ${name}: ${found.join(' | ')}`);
    }

    const db = { 'database.port': pg.port, 'database.name': DB_NAME, 'database.user': 'postgres', 'database.password': 'not-the-password' };
    assert.equal(await step(page, 2, db), false, 'a wrong password fails step 2');
    const fix = await page.getByTestId('fix').first().textContent();
    assert.match(fix, /refused the password of the role postgres/, `the fix says what is wrong: ${fix}`);
    await page.screenshot({ path: path.join(SHOTS, 'installer-02-wrong-password.png'), fullPage: true });
    assert.equal(psql('select 1', 'postgres'), '1');
    assert.equal(psql(`select count(*) from pg_database where datname = '${DB_NAME}'`, 'postgres'), '0', 'nothing created on a failed step');
    const saved = readFileSync(path.join(stateDir, 'answers.toml'), 'utf8');
    assert.match(saved, /password = "not-the-password"/, 'the answers were saved before the check');
    assert.equal(mode(path.join(stateDir, 'answers.toml')), 0o600);

    // The person closes the tab and comes back: the wizard resumes at step 2 with the answers kept.
    await page.goto(wizard.url);
    await expectVisible(page.getByTestId('form-2'), 'the wizard resumes at the step that failed');
    assert.equal(await page.getByTestId('field-database.name').inputValue(), DB_NAME);
    assert.ok(await step(page, 2, { 'database.password': DB_PASSWORD }), 'the right password passes, and the database is prepared');
    assert.equal(psql(`select count(*) from pg_roles where rolname in ('parley_app', 'parley_system', 'parley_auth')`, 'postgres'), '3');
    assert.ok(Number(psql('select count(*) from seaql_migrations')) > 10, 'migrations applied');

    assert.equal(await step(page, 3, { 'site.public_url': publicUrl, 'site.name': SITE_NAME, 'site.time_zone': 'Asia/Riyadhh' }), false, 'a zone not in the IANA database is refused');
    await expectVisible(page.getByTestId('problem-site.time_zone'), 'the problem is shown next to the time zone');
    assert.ok(await step(page, 3, { 'site.time_zone': 'Asia/Riyadh' }), 'the public URL calls this wizard back');
    assert.ok(await step(page, 4, { 'admin.email': ADMIN.email, 'admin.name': ADMIN.name, 'admin.password': ADMIN.password }));
    assert.ok(
      await step(page, 5, { 'mail.mode': 'smtp', 'mail.smtp_url': `smtp://127.0.0.1:${sink.port}`, 'mail.from': 'Noor Travel <no-reply@example.com>' }),
      'the test mail is sent',
    );
    const mail = await until(
      () => (existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.txt')) : []),
      (l) => l.length > 0,
      'the test mail reaches the SMTP sink',
    );
    const text = readFileSync(path.join(mailDir, mail[0]), 'utf8');
    assert.match(text, new RegExp(`To: ${ADMIN.email}`));
    assert.match(text, /Subject: Parley: the installer's test mail/);
    assert.ok(await step(page, 6, { 'storage.backend': 'local' }), 'the media directory takes, gives back and deletes an object');
    const whatsapp = {
      'whatsapp.mode': 'simulator',
      'whatsapp.graph_url': `http://127.0.0.1:${graph.port}/sim/graph/v23.0`,
      'whatsapp.phone_number_id': NUMBER.phoneNumberId,
      'whatsapp.waba_id': NUMBER.wabaId,
      'whatsapp.access_token': 'EAAG-not-the-token',
      'whatsapp.app_secret': NUMBER.appSecret,
    };
    assert.equal(await step(page, 7, whatsapp), false, 'a wrong access token fails step 7');
    assert.match(await page.getByTestId('fix').first().textContent(), /access token is wrong or expired/);
    assert.ok(await step(page, 7, { 'whatsapp.access_token': NUMBER.accessToken }), 'the Graph API knows the number with its token');
    const waChecks = await page.getByTestId('previous-results').getByTestId('check').allTextContents();
    assert.ok(waChecks.some((c) => c.includes('+1 555-010-0777') && c.includes('Noor Travel')), `the number as the Graph API has it: ${waChecks.join(' | ')}`);
    assert.ok(waChecks.some((c) => c.startsWith('WhatsApp Business Account') && c.includes(NUMBER.wabaId)), `the WABA answers with the token: ${waChecks.join(' | ')}`);
    const billing = { 'billing.mode': 'stripe', 'billing.secret_key': 'pk_test_public', 'billing.webhook_secret': 'whsec_installtest', 'billing.base_url': `http://127.0.0.1:${stripe.port}` };
    assert.equal(await step(page, 8, billing), false, 'a publishable key is refused by the form');
    await expectVisible(page.getByTestId('problem-billing.secret_key'), 'the problem is shown next to the field');
    assert.ok(await step(page, 8, { 'billing.secret_key': `sk_test_install_${run}` }), 'the Stripe API takes the key');
  });

  await t.test('the page is in Arabic right to left and fits a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(wizard.url);
    await phone.getByTestId('ui-language').selectOption('ar');
    await expectVisible(phone.getByTestId('form-9'), 'the install step');
    assert.equal(await phone.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await phone.getByTestId('step-submit').textContent(), 'ثبّت بارلي');
    assert.ok((await overflowX(phone)) <= 0, 'no sideways scrolling at 390 px');
    await phone.screenshot({ path: path.join(SHOTS, 'installer-09-ar-phone.png'), fullPage: true });
    await phone.getByTestId('ui-language').selectOption('en');
    await phone.close();
  });

  await t.test('step 9 installs and starts Parley, which answers ready', async () => {
    await page.goto(wizard.url);
    assert.ok(await step(page, 9), 'the install finishes');
    await page.screenshot({ path: path.join(SHOTS, 'installer-10-done.png'), fullPage: true });
    const checks = await page.getByTestId('check').allTextContents();
    const parts = ['9.1 Configuration', '9.2 Database', '9.3 Platform admin', '9.4 Plans and templates', '9.5 Services', '9.6 Start', '9.7 Ready', '9.8 Workspace', '9.9 WhatsApp webhook', '9.10 Backup'];
    assert.deepEqual(checks.map((c) => parts.find((p) => c.startsWith(p))), parts, `the parts in order: ${checks.join(' | ')}`);
    const part = (name) => checks.find((c) => c.startsWith(name));
    assert.match(part('9.4'), /4 plans created \(Starter is the default\); \d+ mail templates and \d+ flow templates built in/);
    assert.match(part('9.8'), new RegExp(`${SITE_NAME} created .*WhatsApp number ${NUMBER.phoneNumberId} connected`));
    const webhookStatus = await page.getByTestId('check').filter({ hasText: '9.9 WhatsApp webhook' }).getAttribute('data-status');
    assert.equal(webhookStatus, 'ok', `Meta's verification answers through the public URL: ${part('9.9')}`);

    // The installer's own timing, in the summary and the log.
    const installedIn = (await page.getByTestId('installed-in').textContent()).replace(/^Installed in /, '');
    console.log(`install took ${seconds(installedIn)} s (the wizard's own timing: ${installedIn})`);
    assert.match(readFileSync(path.join(stateDir, 'install.log'), 'utf8'), new RegExp(`Installed in ${installedIn}\\.`));
    // In Arabic the duration is in Arabic units too.
    await page.getByTestId('ui-language').selectOption('ar');
    const arabic = await page.getByTestId('installed-in').textContent();
    assert.ok(arabic.startsWith('اكتمل التثبيت في') && !/\d+ (s|min)\b/.test(arabic), arabic);
    await page.getByTestId('ui-language').selectOption('en');

    // What to paste into the Meta app, and that it is what Meta's verification needs.
    const callbackUrl = await page.getByTestId('callback-url').textContent();
    const verifyToken = await page.getByTestId('verify-token').textContent();
    assert.match(callbackUrl, new RegExp(`^${publicUrl}/api/v1/webhooks/whatsapp/[0-9a-f-]{36}$`));
    const connectionId = callbackUrl.split('/').pop();
    assert.equal(psql(`select verify_token from whatsapp_connections where id = '${connectionId}'`), verifyToken, 'the verify token of the connection');
    assert.deepEqual(await verifyRoundTrip(callbackUrl, verifyToken), { status: 200, echoed: true }, 'Meta\'s verification through the public URL');
    assert.notEqual((await verifyRoundTrip(callbackUrl, 'not-the-verify-token')).status, 200, 'another token is refused');
    assert.doesNotMatch(readFileSync(path.join(stateDir, 'install.log'), 'utf8'), new RegExp(verifyToken), 'the log keeps no verify token');

    // The standard plans, the operator's workspace and its number, in PostgreSQL.
    assert.equal(psql('select string_agg(name, \',\' order by position) from plans where archived_at is null'), 'Starter,Growth,Pro,Enterprise');
    assert.equal(psql('select name from plans where is_default and archived_at is null'), 'Starter');
    const owned = `select m.tenant_id from memberships m join users u on u.id = m.user_id where u.email = '${ADMIN.email}' and m.role = 'owner'`;
    assert.equal(psql(`select count(*) from (${owned}) o`), '1', 'the admin owns one workspace');
    assert.equal(psql(`select name from tenants where id = (${owned})`), SITE_NAME, 'named after the site');
    assert.equal(
      psql(`select count(*) from whatsapp_connections where tenant_id = (${owned}) and phone_number_id = '${NUMBER.phoneNumberId}' and waba_id = '${NUMBER.wabaId}'`),
      '1',
      'step 7\'s number is connected in it',
    );
    const ready = await fetch(`http://127.0.0.1:${parleyPort}/readyz`);
    assert.equal(ready.status, 200, '/readyz is green');
    const config = path.join(dataDir, 'parley.toml');
    assert.equal(mode(config), 0o600, 'parley.toml is private');
    assert.equal(mode(path.join(dataDir, 'secrets.toml')), 0o600, 'the secrets file is private');
    const toml = readFileSync(config, 'utf8');
    assert.doesNotMatch(toml, /not-the-password/);
    const site = toml.split('\n[site]\n')[1]?.split('\n\n')[0] ?? '';
    for (const line of [`name = "${SITE_NAME}"`, 'time_zone = "Asia/Riyadh"', 'language = "en"']) assert.ok(site.split('\n').includes(line), `[site] has ${line}: ${site}`);
    assert.match(toml, new RegExp(`graph_url = "http://127.0.0.1:${graph.port}/sim/graph/v23.0"`), 'Parley sends through the Graph API tested');
    assert.match(toml, new RegExp(`stripe_secret_key = "sk_test_install_${run}"`), 'and bills through the Stripe API tested');
    for (const unit of ['parley-web.service', 'parley-worker.service', 'parley.target']) assert.ok(existsSync(path.join(unitsDir, unit)), `${unit} written`);
    assert.match(readFileSync(path.join(stateDir, 'install.log'), 'utf8'), /\[9\/9\] Install/);
    assert.equal(parleyPids().filter(alive).length, 2, 'web and worker run');
  });

  await t.test('the wizard is locked for good and exits', async () => {
    const base = `http://127.0.0.1:${wizard.port}`;
    const state = await fetch(`${base}/api/state`, { headers: { 'X-Install-Token': new URL(wizard.url).searchParams.get('token') } });
    assert.equal(state.status, 410);
    assert.equal((await state.json()).error, 'already_installed');
    assert.equal((await fetch(wizard.url)).status, 410, 'the page too says already installed');
    await until(() => wizard.proc.exitCode, (c) => c !== null, 'the wizard exits after the install', 60_000);
    assert.equal(wizard.proc.exitCode, 0);
    assert.ok(!existsSync(path.join(stateDir, 'token')), 'the token file is gone');
    const again = execFileSync(INSTALL_BIN, installerArgs(['--listen', '127.0.0.1:0']), { encoding: 'utf8' });
    assert.match(again, /already installed/, 'starting the wizard again says so and stops');
  });

  await t.test('the admin signs in on the installed Parley, enrols two-factor sign-in, lands in the workspace and reaches /admin', async () => {
    const parley = `http://127.0.0.1:${parleyPort}`;
    await page.goto(`${parley}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/two-factor/setup');
    const secret = (await page.getByTestId('two-factor-secret').textContent()).replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(totp(secret));
    await page.getByTestId('two-factor-enable').click();
    await expectVisible(page.getByTestId('recovery-codes'), 'the recovery codes');
    await page.getByRole('button', { name: 'Continue' }).click();
    // The admin owns the workspace the install made, so signing in opens it; the admin area is one link away.
    await page.waitForURL('**/app**');
    await expectVisible(page.getByTestId('layout-user'), 'the workspace opens');
    await page.goto(`${parley}/admin`);
    await expectVisible(page.getByTestId('layout-admin'), 'the platform admin area opens');
  });

  await context.close();

  const headless = () =>
    new Promise((resolve, reject) => {
      const p = spawn(INSTALL_BIN, installerArgs(['--answers', path.join(stateDir, 'answers.toml')]), { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(p);
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.stderr.on('data', (d) => (text += d));
      p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`headless run exited ${code}:\n${text}`))));
    });

  await t.test('a headless rerun with the same answers changes nothing, with the public URL reaching Parley and without', async () => {
    const secrets = sha256(path.join(dataDir, 'secrets.toml'));
    const config = sha256(path.join(dataDir, 'parley.toml'));
    const units = sha256(path.join(unitsDir, 'parley-web.service'));
    const pids = parleyPids();
    const workspaces = psql('select count(*) from tenants');
    const connections = psql('select count(*) from whatsapp_connections');
    const unchanged = (out) => {
      for (let n = 1; n <= 9; n += 1) assert.match(out, new RegExp(`\\[${n}/9\\]`), `numbered progress for step ${n}`);
      assert.match(out, /already exists and is platform admin/);
      assert.match(out, /unchanged/);
      assert.match(out, /9\.4 Plans and templates: plans already exist: unchanged \(4 active: Starter, Growth, Pro, Enterprise; default Starter\)/);
      assert.match(out, new RegExp(`9\\.8 Workspace: ${ADMIN.email}'s workspace exists \\([0-9a-f-]{36}\\): unchanged; WhatsApp number ${NUMBER.phoneNumberId} already connected`));
      assert.equal(psql('select count(*) from tenants'), workspaces, 'no second workspace');
      assert.equal(psql('select count(*) from whatsapp_connections'), connections, 'no second connection');
      assert.match(out, /Verify token: {2}\S+/, 'the terminal shows what to paste into the Meta app');
      const took = out.match(/Installed in (.+)\./)?.[1];
      assert.ok(took, 'the headless run prints its duration');
      assert.equal(sha256(path.join(dataDir, 'secrets.toml')), secrets, 'the same secrets');
      assert.equal(sha256(path.join(dataDir, 'parley.toml')), config, 'the same configuration');
      assert.equal(sha256(path.join(unitsDir, 'parley-web.service')), units, 'the same units');
      assert.deepEqual(parleyPids(), pids, 'the same processes: nothing restarted');
      return seconds(took);
    };

    // The public URL now leads to Parley, as with Caddy in front after an install: that is step 3's proof then.
    const reached = await headless();
    assert.match(reached, new RegExp(`\\[ok  \\] Public URL: ${publicUrl}/readyz reaches Parley, which runs here`));
    assert.match(reached, /\[ok {2}\] 9\.9 WhatsApp webhook: .* answered Meta's verification request with its challenge/);
    console.log(`headless rerun took ${unchanged(reached)} s`);

    // Without the front, the public URL no longer reaches Parley (as before DNS and Caddy are set up).
    await front.close();
    const out = await headless();
    unchanged(out);
    assert.match(out, /\[warn\] 9\.9 WhatsApp webhook: the public URL does not reach Parley yet/, 'the public URL not reaching Parley is a warning');
    assert.match(out, new RegExp(`on this machine http://127\\.0\\.0\\.1:${parleyPort}/api/v1/webhooks/whatsapp/[0-9a-f-]{36} answered the challenge`));
    assert.equal(psql(`select count(*) from users where email = '${ADMIN.email}'`), '1', 'one admin account');
    assert.equal(psql(`select is_platform_admin from users where email = '${ADMIN.email}'`), 't');
    assert.equal(psql(`select name from users where email = '${ADMIN.email}'`), ADMIN.name, 'the admin has the name given');
    assert.equal((await fetch(`http://127.0.0.1:${parleyPort}/readyz`)).status, 200);
  });

  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
  assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations (the wizard\'s and Parley\'s pages)');
});

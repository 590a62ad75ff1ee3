// Shared by the benchmarks in this directory (fanout.mjs, mixed.mjs): the parley binary, child processes and their
// cost read from /proc, scratch databases, cleanup however a run ends, percentiles. Plain Node, no dependencies.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepOutput, sleep } from '../support/net.mjs';

export { freePort, sleep } from '../support/net.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');

/** Children to kill and databases to drop however the run ends. */
export const children = new Set();
export const databases = new Set();

export function cleanupSync() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
  for (const db of databases) dropDatabase(db);
}

/** Drops `db` and the scratch databases a server made from it (`<db>_restore_...` of a backup check that a stopped
 *  `serve --demo` left behind). */
export function dropDatabase(db) {
  let names = [db];
  try {
    const sql = `select datname from pg_database where datname = '${db}' or starts_with(datname, '${db}_')`;
    const out = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-X', '-At', '-c', sql], { encoding: 'utf8' });
    names = [db, ...out.split('\n').filter((n) => n && n !== db)];
  } catch {
    // the database itself is still dropped below
  }
  for (const name of names) {
    try {
      execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', name], { stdio: 'ignore' });
    } catch {
      console.error(`  (could not drop database ${name}; drop it by hand)`);
    }
  }
  databases.delete(db);
}

/**
 * Kills the children and drops the databases when the process exits, is interrupted, or runs past `maxSeconds`
 * (then exits 3). Answers a function that cancels the deadline.
 */
export function guardRun(maxSeconds) {
  const deadline = setTimeout(() => {
    console.error(`\nstopped: the run took longer than --max-seconds ${maxSeconds}`);
    cleanupSync();
    process.exit(3);
  }, maxSeconds * 1000);
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping`);
      cleanupSync();
      process.exit(130);
    });
  }
  return () => clearTimeout(deadline);
}

/** Starts a process (in the repository root unless `cwd` is given), keeping the tail of its output for errors. */
export function startProcess(cmd, args, env, { cwd = ROOT } = {}) {
  const proc = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  const output = keepOutput(proc, 100_000);
  proc.tail = () => output().slice(-3000);
  return proc;
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopProcess(proc) {
  children.delete(proc);
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  if (await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)])) {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** Waits until `url` answers 200; fails early with the process's output if it exits. */
export async function waitReady(proc, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode} before it was ready:\n${proc.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e.cause ?? e);
    }
    await sleep(300);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (${last}):\n${proc.tail()}`);
}

export function rssMb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)\s+kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU seconds of a process (Linux clock ticks, 100 per second). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

export function parleyBin() {
  const candidates = [process.env.PARLEY_BIN, '/var/tmp/parley-target/release/parley', '/var/tmp/parley-target/debug/parley'].filter(Boolean);
  const bin = candidates.find((c) => existsSync(c));
  if (!bin) throw new Error(`no parley binary (tried ${candidates.join(', ')}); build it or set PARLEY_BIN`);
  return bin;
}

/** The q-quantile of an ascending array (nearest rank). */
export function pct(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function cpuCount() {
  const os = await import('node:os');
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** Rows of a query run by `psql` as the `postgres` superuser on 127.0.0.1 (row-level security does not apply), each
 *  an array of text cells (tab-separated output: the cells must not hold tabs or line breaks). */
export function psql(db, sql) {
  return new Promise((resolve, reject) => {
    execFile(
      'psql',
      ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
      { maxBuffer: 512 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`psql: ${stderr.trim() || err.message}\n  in: ${sql.slice(0, 300)}`));
        else resolve(stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n').map((l) => l.split('\t')));
      },
    );
  });
}

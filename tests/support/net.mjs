// Shared by the end-to-end tests and the benchmarks (plain Node, no dependencies).
import net from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the OS picks it; a server binds it next). */
export function freePort() {
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

/** Collects a child process's stdout and stderr, keeping the last `max` characters; answers a function that returns
 * them (for the error when the process dies or never gets ready). */
export function keepOutput(proc, max) {
  let log = '';
  const keep = (chunk) => {
    log += chunk.toString();
    if (log.length > max) log = log.slice(-Math.floor(max / 2));
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  return () => log;
}

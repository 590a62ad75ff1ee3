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

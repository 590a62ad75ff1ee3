// The reference for the fan-out benchmark: a plain Node socket.io 4.8 server doing what Parley's socket layer does
// for one tenant-room broadcast. An auth middleware checks an HS256 access token (the same kind of token Parley
// verifies), each socket joins `tenant:{tid}` and `user:{sub}`, and `POST /trigger` broadcasts a
// `conversation:updated` payload of Parley's shape to the tenant room. One process, one thread: socket.io's default
// deployment. Started by fanout.mjs: `BENCH_SECRET=... PORT=... node node-server.mjs` (127.0.0.1 only).
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';

const SECRET = process.env.BENCH_SECRET;
const PORT = Number(process.env.PORT ?? 0);
if (!SECRET) {
  console.error('BENCH_SECRET is required');
  process.exit(2);
}

/** Verifies an HS256 JWT (signature, typ "access", expiry); answers its claims or null. */
function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', SECRET).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    if (claims.typ !== 'access' || !(claims.exp > Date.now() / 1000)) return null;
    return claims;
  } catch {
    return null;
  }
}

let seq = 0;
const conversation = (id, status) => {
  const now = new Date().toISOString();
  return {
    id,
    contactId: '01970000-0000-7000-8000-000000000002',
    connectionId: '01970000-0000-7000-8000-000000000003',
    status,
    contactName: 'Bench Customer',
    contactPhone: '+15550109999',
    connectionName: 'Demo number (simulator)',
    lastInboundAt: now,
    lastMessageAt: now,
    lastMessagePreview: 'Fan-out benchmark',
    unreadCount: 1,
    windowOpen: true,
    windowExpiresAt: now,
    createdAt: now,
    assigneeId: null,
    assigneeName: null,
    teamId: null,
    teamName: null,
    snoozedUntil: null,
    labels: [],
    updatedAt: now,
  };
};

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method === 'POST' && req.url === '/trigger') {
    const claims = verify((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!claims) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let input;
      try {
        input = JSON.parse(body || '{}');
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_json"}');
        return;
      }
      seq += 1;
      const eventId = `${Date.now()}-${seq}`;
      const c = conversation(input.conversationId, input.status ?? 'open');
      io.to(`tenant:${claims.tid}`).emit('conversation:updated', { eventId, conversation: c });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(c));
    });
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not_found"}');
});

const io = new Server(server, { serveClient: false, transports: ['websocket', 'polling'] });
io.use((socket, next) => {
  const claims = verify(socket.handshake.auth?.token);
  if (!claims) return next(new Error('unauthorized'));
  socket.data.claims = claims;
  next();
});
io.on('connection', (socket) => {
  const { tid, sub } = socket.data.claims;
  socket.join([`tenant:${tid}`, `user:${sub}`]);
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    io.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

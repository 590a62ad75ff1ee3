import type { AuthResponse, Conversation, Session } from '../api/types';

export function makeSession(overrides: Partial<Session> = {}, user: Partial<Session['user']> = {}): Session {
  return {
    user: {
      id: 'u-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      locale: 'en',
      isPlatformAdmin: false,
      createdAt: '2025-01-01T00:00:00Z',
      lastLoginAt: null,
      ...user,
    },
    tenant: { id: 't-1', name: 'Acme', slug: 'acme', status: 'active', createdAt: '2025-01-01T00:00:00Z', isAgency: false },
    role: 'owner',
    memberships: [{ tenantId: 't-1', tenantName: 'Acme', role: 'owner' }],
    mustEnrol2fa: false,
    twoFactorEnabled: false,
    ...overrides,
  };
}

export function makeAuth(accessToken: string, session: Session = makeSession(), expiresIn = 900): AuthResponse {
  return { accessToken, refreshToken: `r-${accessToken}`, expiresIn, session };
}

/** An open cloud-number conversation with Ana, its 24-hour window open; `overrides` for what a test is about. */
export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'conv-1',
    connectionId: 'conn-1',
    connectionName: 'Sales',
    connectionKind: 'cloud',
    contactId: 'contact-1',
    contactName: 'Ana',
    contactPhone: '+15550100',
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    status: 'open',
    unreadCount: 0,
    windowOpen: true,
    windowExpiresAt: '2026-01-06T10:00:00Z',
    labels: [],
    ...overrides,
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fake fetch: answers each request with `route(req)` and records what was sent. */
export function fakeFetch(route: (req: Request, calls: Request[]) => Response | Promise<Response>) {
  const calls: Request[] = [];
  const fn = async (req: Request) => {
    calls.push(req.clone());
    return route(req, calls);
  };
  return { fn, calls };
}

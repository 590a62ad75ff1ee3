import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { growth, makeOverview, meter, starter } from '../../billing/test/fixtures';
import type { BillingOverview } from '../../billing/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { TeamPage } from './TeamPage';

function server(overview: BillingOverview, summary: { members: number; pendingInvitations: number }) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/billing') return json(200, overview);
      if (path === '/api/v1/billing/plans') return json(200, [starter, growth]);
      if (path === '/api/v1/team/summary') return json(200, summary);
      if (path === '/api/v1/users') return json(200, { items: [], page: 1, perPage: 25, total: 0 });
      if (path === '/api/v1/invitations') return json(200, []);
      return json(404, { error: 'not_found', message: path });
    }),
  );
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('team page and the plan', () => {
  it('shows the seats used up and the way to a plan with more instead of opening the invitation form', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    // Two members and one pending invitation fill Starter's 3 seats (the cached overview was read before the invitation).
    server(makeOverview({ usage: [meter('agents', 2, 3)] }), { members: 2, pendingInvitations: 1 });
    renderWithProviders(<TeamPage />, '/app/team');

    const notice = await screen.findByTestId('limit-reached');
    expect(notice).toHaveTextContent('3 of 3 team members used');
    expect(notice).toHaveTextContent('That is all your Starter plan allows.');
    expect(notice).toHaveTextContent('Pending invitations take a seat too');
    expect(await within(notice).findByText('The Growth plan allows more.')).toBeInTheDocument();
    expect(within(notice).getByTestId('lock-upgrade')).toHaveAttribute('href', '/app/billing?plan=growth');
    const invite = screen.getByTestId('invite-member');
    expect(invite).toBeDisabled();
    expect(invite).toHaveAccessibleDescription(/3 of 3 team members used/);
    // The empty invitations list offers no invite button either.
    await screen.findByText('No pending invitations');
    expect(screen.getAllByRole('button', { name: 'Invite member' })).toHaveLength(1);
  });

  it('invites as before with a seat free', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server(makeOverview({ usage: [meter('agents', 2, 3)] }), { members: 2, pendingInvitations: 0 });
    renderWithProviders(<TeamPage />, '/app/team');
    await screen.findByText('No pending invitations');
    expect(screen.queryByTestId('limit-reached')).toBeNull();
    await userEvent.click(screen.getByTestId('invite-member'));
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  });
});

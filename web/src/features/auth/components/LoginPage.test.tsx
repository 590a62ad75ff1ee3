import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { LoginPage } from './LoginPage';

function renderPage() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/login']}>
        <LoginPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('login with two-factor sign-in', () => {
  it('asks for a code when the password is right and a second factor is owed, and says when the code is wrong', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url, 'http://x').pathname;
        if (path === '/api/v1/config') return json(200, { demo: true, devMailbox: false, signupEnabled: true, version: '0' });
        if (path === '/api/v1/auth/2fa/demo-code') return json(200, { email: 'admin@demo.parley.local', code: '424242' });
        if (path === '/api/v1/auth/login') return json(200, { twoFactorRequired: true, challenge: 'ch-1', expiresIn: 300 });
        sent.push(await req.json());
        return json(401, { error: 'invalid_two_factor_code', message: 'Wrong code.', details: null });
      }),
    );
    renderPage();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'admin@demo.parley.local');
    await user.type(screen.getByLabelText('Password'), 'parley-demo-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    // Demo mode: the admin's current code is offered.
    await user.click(await screen.findByRole('button', { name: 'Fill the code' }));
    expect(code).toHaveValue('424242');
    await user.click(screen.getByLabelText('Remember this device for 30 days'));
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right.');
    expect(sent).toEqual([{ challenge: 'ch-1', code: '424242', rememberDevice: true }]);

    await user.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    expect(screen.getByLabelText('Recovery code')).toHaveValue('');
    expect(screen.queryByRole('button', { name: 'Fill the code' })).toBeNull();
  });
});

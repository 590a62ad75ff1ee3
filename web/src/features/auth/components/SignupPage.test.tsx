import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { SignupPage } from './SignupPage';

function renderPage() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/signup']}>
        <SignupPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sign-up form', () => {
  it('shows validation errors from details.fields next to the matching inputs', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url, 'http://x').pathname;
        if (path === '/api/v1/config') return json(200, { demo: false, devMailbox: true, signupEnabled: true, version: '0' });
        return json(422, {
          error: 'validation_failed',
          message: 'Some fields are invalid.',
          details: { fields: [{ field: 'email', message: 'must be a valid email address' }] },
        });
      }),
    );
    renderPage();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Business name'), 'Acme');
    await user.type(screen.getByLabelText('Your name'), 'Ada');
    await user.type(screen.getByLabelText('Work email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const error = await screen.findByTestId('error-email');
    expect(error).toHaveTextContent('must be a valid email address');
    expect(screen.getByLabelText('Work email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a conflict on the email field and other errors above the form', async () => {
    let answer = json(409, { error: 'email_taken', message: 'Email taken.', details: null });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url, 'http://x').pathname;
        if (path === '/api/v1/config') return json(200, { demo: false, devMailbox: false, signupEnabled: true, version: '0' });
        // The page's brand (asked by every page) must not take the one answer meant for the sign-up.
        if (path === '/api/v1/brand') return json(200, {});
        return answer;
      }),
    );
    renderPage();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Business name'), 'Acme');
    await user.type(screen.getByLabelText('Your name'), 'Ada');
    await user.type(screen.getByLabelText('Work email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByTestId('error-email')).toHaveTextContent('An account with this email already exists.');

    answer = json(500, { error: 'internal', message: 'Internal error.', details: null });
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong on our side.');
  });
});

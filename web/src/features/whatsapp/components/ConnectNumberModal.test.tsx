import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { ConnectNumberModal } from './ConnectNumberModal';

function answerCreate(response: Response) {
  const bodies: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      bodies.push(await req.json());
      return response.clone();
    }),
  );
  return bodies;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('connect a number', () => {
  it('puts validation errors next to the Cloud API fields', async () => {
    const bodies = answerCreate(
      json(422, {
        error: 'validation_failed',
        message: 'Some fields are invalid.',
        details: {
          fields: [
            { field: 'phoneNumberId', message: 'must be digits' },
            { field: 'accessToken', message: 'is required' },
          ],
        },
      }),
    );
    renderWithProviders(<ConnectNumberModal open onClose={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), ' Sales line ');
    await user.type(screen.getByLabelText('Phone number ID'), 'abc');
    await user.click(screen.getByTestId('connect-submit'));

    expect(await screen.findByTestId('error-connect-phoneNumberId')).toHaveTextContent('must be digits');
    expect(screen.getByTestId('error-connect-accessToken')).toHaveTextContent('is required');
    expect(screen.getByLabelText('Phone number ID')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(bodies).toEqual([{ kind: 'cloud', name: 'Sales line', phoneNumberId: 'abc', wabaId: '', accessToken: '', appSecret: '' }]);
  });

  it('shows a QR session the server cannot offer as a general error', async () => {
    const bodies = answerCreate(json(422, { error: 'qr_provider_not_configured', message: 'QR numbers need a WasenderAPI token.', details: null }));
    renderWithProviders(<ConnectNumberModal open onClose={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('connect-tab-wasender'));
    expect(screen.queryByLabelText('Phone number ID')).toBeNull();
    await user.type(screen.getByLabelText('Name'), 'Support');
    await user.type(screen.getByLabelText('Phone number'), '+971 50 123 4567');
    await user.click(screen.getByTestId('connect-submit'));

    expect(await screen.findByRole('alert')).toHaveTextContent('QR sessions are not set up on this server');
    expect(bodies).toEqual([{ kind: 'wasender', name: 'Support', phoneNumber: '+971 50 123 4567' }]);
  });

  it('puts an already connected number on the number field', async () => {
    answerCreate(json(409, { error: 'number_already_connected', message: 'Taken.', details: null }));
    renderWithProviders(<ConnectNumberModal open onClose={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('connect-tab-wasender'));
    await user.type(screen.getByLabelText('Name'), 'Support');
    await user.type(screen.getByLabelText('Phone number'), '+971501234567');
    await user.click(screen.getByTestId('connect-submit'));
    await waitFor(() => expect(screen.getByTestId('error-connect-phoneNumber')).toHaveTextContent('This number is already connected to a workspace.'));
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connection, Template } from '../../../api/types';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { NewTemplateModal } from './NewTemplateModal';
import { TemplatesCard } from './TemplatesCard';

const connection: Connection = {
  id: 'c-1',
  kind: 'cloud',
  name: 'Sales line',
  status: 'connected',
  simulated: true,
  ratePerSecond: 20,
  verifyToken: 'vt',
  webhookUrl: 'https://parley.test/webhooks/whatsapp/c-1',
  createdAt: '2025-01-01T00:00:00Z',
};

function template(overrides: Partial<Template> = {}): Template {
  return {
    id: 't-1',
    connectionId: 'c-1',
    name: 'order_shipped',
    language: 'en_US',
    category: 'UTILITY',
    status: 'PENDING',
    components: [],
    updatedAt: '2025-01-02T00:00:00Z',
    ...overrides,
  };
}

/** Answers the templates list with what has been created so far, and each create with `createAnswer`. */
function fakeServer(createAnswer: (body: unknown) => Response) {
  const created: unknown[] = [];
  const list: Template[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      if (req.method === 'GET') return json(200, list);
      const body: unknown = await req.json();
      created.push(body);
      const res = createAnswer(body);
      if (res.status === 201) list.push((await res.clone().json()) as Template);
      return res;
    }),
  );
  return created;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('new template', () => {
  it("sends Meta's components with a sample per variable and lists the new template", async () => {
    const created = fakeServer(() => json(201, template()));
    renderWithProviders(<TemplatesCard connection={connection} />);
    const user = userEvent.setup();
    await screen.findByText('No templates yet');
    await user.click(screen.getByTestId('new-template'));

    const modal = screen.getByTestId('new-template-modal');
    await user.type(within(modal).getByLabelText('Name'), 'order_shipped');
    await user.clear(within(modal).getByLabelText('Language'));
    await user.type(within(modal).getByLabelText('Language'), 'en_US');
    await user.selectOptions(within(modal).getByLabelText('Category'), 'UTILITY');
    await user.type(within(modal).getByLabelText('Header (optional)'), 'Your order');
    await user.click(within(modal).getByLabelText('Body'));
    await user.paste('Hi {{1}}, order {{2}} has shipped. Thanks, {{1}}!');
    await user.type(within(modal).getByLabelText('Example for {{2}}'), 'A-1042');
    await user.type(within(modal).getByLabelText('Example for {{1}}'), 'Sara');
    await user.click(screen.getByTestId('new-template-submit'));

    await waitFor(() => expect(screen.queryByTestId('new-template-modal')).toBeNull());
    expect(created).toEqual([
      {
        name: 'order_shipped',
        language: 'en_US',
        category: 'UTILITY',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Your order' },
          { type: 'BODY', text: 'Hi {{1}}, order {{2}} has shipped. Thanks, {{1}}!', example: { body_text: [['Sara', 'A-1042']] } },
        ],
      },
    ]);
    const table = await screen.findByTestId('templates-table');
    expect(within(table).getByText('order_shipped')).toBeInTheDocument();
    expect(within(table).getByText('PENDING')).toBeInTheDocument();
  });

  it('puts server field errors next to the fields', async () => {
    const created = fakeServer(() =>
      json(422, {
        error: 'validation_failed',
        message: 'Some fields are invalid.',
        details: {
          fields: [
            { field: 'name', message: 'may contain only lowercase letters, digits and underscores' },
            { field: 'components', message: 'must be an array of template components' },
          ],
        },
      }),
    );
    const onClose = vi.fn();
    renderWithProviders(<NewTemplateModal connectionId="c-1" onClose={onClose} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Order Shipped');
    await user.type(screen.getByLabelText('Body'), 'Your order has shipped.');
    await user.click(screen.getByTestId('new-template-submit'));

    expect(await screen.findByTestId('error-template-name')).toHaveTextContent('may contain only lowercase letters, digits and underscores');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('error-template-body')).toHaveTextContent('must be an array of template components');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    expect(created).toEqual([
      { name: 'Order Shipped', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order has shipped.' }] },
    ]);
  });

  it("shows WhatsApp's refusal in the dialog", async () => {
    fakeServer(() => json(502, { error: 'whatsapp_api_error', message: 'The WhatsApp API refused: template name already exists', details: null }));
    renderWithProviders(<NewTemplateModal connectionId="c-1" onClose={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'welcome');
    await user.type(screen.getByLabelText('Body'), 'Welcome!');
    await user.click(screen.getByTestId('new-template-submit'));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('WhatsApp did not accept the template');
    expect(alert).toHaveTextContent('The WhatsApp API refused: template name already exists');
  });

  it('asks for the body and each sample before sending anything', async () => {
    const created = fakeServer(() => json(201, template()));
    renderWithProviders(<NewTemplateModal connectionId="c-1" onClose={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'welcome');
    await user.click(screen.getByTestId('new-template-submit'));
    expect(screen.getByTestId('error-template-body')).toHaveTextContent('This field is required.');

    await user.click(screen.getByLabelText('Body'));
    await user.paste('Hi {{1}}');
    await user.click(screen.getByTestId('new-template-submit'));
    expect(screen.getByTestId('error-template-example1')).toHaveTextContent('This field is required.');
    expect(created).toEqual([]);
  });

  it('offers no new template for a QR session', async () => {
    fakeServer(() => json(201, template()));
    renderWithProviders(<TemplatesCard connection={{ ...connection, kind: 'wasender' }} />);
    await screen.findByText('No templates yet');
    expect(screen.queryByTestId('new-template')).toBeNull();
  });
});

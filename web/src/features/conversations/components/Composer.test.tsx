import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, makeConversation } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { Composer } from './Composer';

const templates = [
  { id: 't-1', connectionId: 'conn-1', name: 'hello_world', language: 'en_US', status: 'APPROVED', updatedAt: '2026-01-01T00:00:00Z', components: [{ type: 'BODY', text: 'Hello {{1}}, welcome!' }] },
  { id: 't-2', connectionId: 'conn-1', name: 'draft_offer', language: 'en', status: 'PENDING', updatedAt: '2026-01-01T00:00:00Z', components: [] },
];

const cannedReplies = [
  { id: 'cr-1', shortcut: 'greet', title: 'Greeting', content: 'Hello {{contact.name}}, this is {{agent.name}}. {{order.id}}', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
  { id: 'cr-2', shortcut: 'thanks', title: 'Thank you', content: 'Thanks for writing to us!', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
  { id: 'cr-3', shortcut: 'hours', title: 'Opening hours', content: 'We are open 9 to 5.', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
];

/** The notes the fake server took (the array fakeServer returns has the messages). */
let notes: unknown[] = [];

function fakeServer(answerSend: () => Response = () => json(202, { id: 'm-1' })) {
  const sent: unknown[] = [];
  notes = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/whatsapp/connections/conn-1/templates') return json(200, templates);
      if (path === '/api/v1/canned-responses') return json(200, cannedReplies);
      if (path === '/api/v1/conversations/conv-1/messages' && req.method === 'POST') {
        sent.push(await req.json());
        return answerSend();
      }
      if (path === '/api/v1/conversations/conv-1/notes' && req.method === 'POST') {
        const body = (await req.json()) as { text: string };
        notes.push(body);
        return json(201, { id: 'n-1', conversationId: 'conv-1', direction: 'note', type: 'text', content: { text: body.text }, status: 'sent', attempts: 0, createdAt: '2026-01-05T10:00:00Z' });
      }
      return json(200, {});
    }),
  );
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('composer', () => {
  it('sends text on Enter, breaks lines on Shift+Enter and clears after sending', async () => {
    const sent = fakeServer(() =>
      json(202, { id: 'm-1', conversationId: 'conv-1', direction: 'outbound', type: 'text', content: { text: 'Hi\nthere' }, status: 'queued', attempts: 0, createdAt: '2026-01-05T10:00:00Z' }),
    );
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    const input = screen.getByTestId('composer-input');
    await user.type(input, 'Hi{Shift>}{Enter}{/Shift}there');
    expect(input).toHaveValue('Hi\nthere');
    expect(sent).toEqual([]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent).toEqual([{ type: 'text', text: 'Hi\nthere' }]));
    await waitFor(() => expect(input).toHaveValue(''));
    expect(screen.queryByTestId('template-picker')).toBeNull();
  });

  it('shows the server error inline, e.g. a window that closed meanwhile', async () => {
    fakeServer(() => json(422, { error: 'service_window_closed', message: 'More than 24 hours passed.', details: null }));
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('composer-input'), 'Still there?{Enter}');
    const error = await screen.findByTestId('composer-error');
    expect(error).toHaveTextContent('The 24-hour reply window is closed');
    expect(error).toHaveTextContent('More than 24 hours passed.');
    expect(screen.getByTestId('composer-input')).toHaveValue('Still there?');
  });

  it('switches to approved templates once the reply window is closed', async () => {
    const sent = fakeServer();
    renderWithProviders(<Composer conversation={makeConversation({ windowOpen: false })} connectionKind="cloud" />);
    expect(screen.queryByTestId('composer-input')).toBeNull();
    expect(screen.getByTestId('template-picker')).toHaveTextContent('The 24-hour reply window is closed');
    const select = await screen.findByTestId('template-select');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['hello_world (en_US)']);

    const user = userEvent.setup();
    expect(screen.getByTestId('send-template')).toBeDisabled();
    await user.type(screen.getByLabelText('Value for 1'), 'Ana');
    expect(screen.getByTestId('template-preview')).toHaveTextContent('Hello Ana, welcome!');
    await user.click(screen.getByTestId('send-template'));
    await waitFor(() =>
      expect(sent).toEqual([
        {
          type: 'template',
          template: { name: 'hello_world', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
        },
      ]),
    );
  });

  it('keeps free text and files on QR numbers, which have no reply window', () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation({ windowOpen: false })} connectionKind="wasender" />);
    expect(screen.getByTestId('composer-input')).toBeInTheDocument();
    expect(screen.queryByTestId('template-picker')).toBeNull();
    expect(screen.getByTestId('composer-attach')).toBeInTheDocument();
  });
});

describe('composer tools', () => {
  it('opens the canned replies on /, filters them as you type, and inserts the chosen one with its variables filled', async () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    const input = screen.getByTestId('composer-input');
    await user.type(input, 'Hi /');
    const picker = await screen.findByTestId('canned-picker');
    await waitFor(() => expect(screen.getAllByTestId('canned-option')).toHaveLength(3));
    expect(picker).toHaveTextContent('/greet');

    await user.type(input, 'th');
    await waitFor(() => expect(screen.getAllByTestId('canned-option').map((o) => o.dataset.shortcut)).toEqual(['thanks']));
    await user.keyboard('{Backspace}{Backspace}gr{Enter}');
    expect(screen.queryByTestId('canned-picker')).toBeNull();
    // contact.name comes from the conversation; agent.name needs a session (none here), so it stays, like unknown ones.
    expect(input).toHaveValue('Hi Hello Ana, this is {{agent.name}}. {{order.id}}');
  });

  it('moves through the picker with the arrow keys and closes it with Escape', async () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    const input = screen.getByTestId('composer-input');
    await user.type(input, '/');
    await waitFor(() => expect(screen.getAllByTestId('canned-option')).toHaveLength(3));
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByTestId('canned-option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('canned-picker')).toBeNull();
    expect(input).toHaveValue('/');
  });

  it('does not open the picker for a slash inside a word', async () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    await userEvent.setup().type(screen.getByTestId('composer-input'), 'and/or');
    expect(screen.queryByTestId('canned-picker')).toBeNull();
  });

  it('inserts an emoji from the picker', async () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('composer-input'), 'Thanks ');
    await user.click(screen.getByTestId('composer-emoji'));
    await user.click(screen.getAllByTestId('emoji-option')[16] as HTMLElement);
    expect(screen.getByTestId('composer-input')).toHaveValue('Thanks 👍');
    expect(screen.queryByTestId('emoji-picker')).toBeNull();
  });

  it('writes a private note to /notes, not to the customer', async () => {
    const server = fakeServer();
    const { client } = renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('composer-mode-note'));
    expect(screen.getByTestId('composer')).toHaveAttribute('data-mode', 'note');
    expect(screen.queryByTestId('composer-attach')).toBeNull();
    const input = screen.getByTestId('composer-input');
    expect(input).toHaveAttribute('placeholder', 'Write a private note: only your team sees it');
    await user.type(input, 'Customer is a VIP{Control>}{Enter}{/Control}');
    await waitFor(() => expect(notes).toEqual([{ text: 'Customer is a VIP' }]));
    expect(server).toEqual([]);
    expect(input).toHaveValue('');
    await waitFor(() => {
      const data = client.getQueryData<{ pages: { items: { id: string; direction: string }[] }[] }>(['conversations', 'messages', 'conv-1']);
      expect(data?.pages[0]?.items.map((m) => [m.id, m.direction])).toEqual([['n-1', 'note']]);
    });
  });

  it('keeps notes possible while replies are locked to templates', async () => {
    fakeServer();
    renderWithProviders(<Composer conversation={makeConversation({ windowOpen: false })} connectionKind="cloud" />);
    expect(screen.getByTestId('composer')).toHaveAttribute('data-locked', 'true');
    expect(screen.getByTestId('template-picker')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId('composer-mode-note'));
    expect(screen.queryByTestId('template-picker')).toBeNull();
    expect(screen.getByTestId('composer-input')).toBeInTheDocument();
  });

  it('quotes the message being replied to and sends its id as replyTo', async () => {
    const sent = fakeServer(() => json(202, { id: 'm-9', conversationId: 'conv-1', direction: 'outbound', type: 'text', content: { text: 'Yes' }, status: 'queued', attempts: 0, createdAt: '2026-01-05T10:00:00Z' }));
    const quoted = { id: 'in-1', conversationId: 'conv-1', direction: 'inbound', type: 'text', content: { text: 'Is it in stock?' }, status: 'received', attempts: 0, createdAt: '2026-01-05T09:00:00Z', waMessageId: 'wamid.1' };
    const onCancel = vi.fn();
    renderWithProviders(<Composer conversation={makeConversation()} connectionKind="cloud" replyTo={quoted} onCancelReply={onCancel} />);
    expect(screen.getByTestId('composer-reply-preview')).toHaveTextContent('Is it in stock?');
    await userEvent.setup().type(screen.getByTestId('composer-input'), 'Yes{Enter}');
    await waitFor(() => expect(sent).toEqual([{ type: 'text', text: 'Yes', replyTo: 'in-1' }]));
    expect(onCancel).toHaveBeenCalled();
  });
});

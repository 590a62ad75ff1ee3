import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { MailPreview, MailSender, MailTemplateInfo, MailTemplateList } from '../mailApi';
import { loadMailStrings } from '../mailStrings';
import { MailPage } from './MailPage';
import { framedHtml } from '../mailFrame';
import { MailTemplateEditor } from './MailTemplateEditor';

const invitation: MailTemplateInfo = {
  key: 'invitation',
  description: 'An invitation to join a workspace, with the link to accept it.',
  placeholders: ['product', 'inviter', 'workspace', 'role', 'link', 'days'],
  locales: [
    {
      locale: 'en',
      default: { subject: '{{inviter}} invited you to {{workspace}} on {{product}}', body: 'Join {{workspace}}.' },
      agency: null,
      override: null,
    },
    {
      locale: 'ar',
      default: { subject: '{{inviter}} يدعوك إلى {{workspace}}', body: 'انضم.' },
      agency: { subject: 'دعوة الوكالة', body: 'نص الوكالة' },
      override: null,
    },
  ],
};
const welcome: MailTemplateInfo = {
  key: 'welcome',
  description: "To a new workspace's owner, right after sign-up.",
  placeholders: ['product', 'name', 'workspace', 'link'],
  locales: [
    { locale: 'en', default: { subject: 'Welcome', body: 'Hi' }, agency: null, override: { subject: 'Hello {{name}}', body: 'Mine', updatedAt: '2026-12-01T10:00:00Z' } },
    { locale: 'ar', default: { subject: 'مرحبًا', body: 'أهلًا' }, agency: null, override: null },
  ],
};
const list: MailTemplateList = { templates: [welcome, invitation] };

const pendingSender: MailSender = {
  fromName: 'Northwind',
  fromAddress: 'hello@northwind.test',
  status: 'pending',
  ownAddressAllowed: true,
  checkedAt: null,
  effectiveFrom: '"Northwind" <no-reply@parley.local>',
  checkError: null,
  records: [
    { purpose: 'verify', kind: 'TXT', name: 'northwind.test', value: 'parley-verify=tok', required: true, found: null },
    { purpose: 'spf', kind: 'TXT', name: 'northwind.test', value: 'v=spf1 include:spf.parley.local ~all', required: false, found: null },
    { purpose: 'dkim', kind: 'CNAME', name: 'parley._domainkey.northwind.test', value: 'parley._domainkey.parley.local', required: false, found: null },
  ],
};

const MAIL_HTML =
  '<!doctype html><html lang="en" dir="ltr"><body style="margin:0"><img src="https://app.northwind.test/api/v1/brand/assets/t/logo_light?v=3" alt="N">' +
  '<img src="https://tracker.example/x.gif"><h1 style="color:#0f766e">Subject</h1><p>Hello &lt;b&gt;</p></body></html>';

function preview(subject: string, unknown: string[] = []): MailPreview {
  return { subject, html: MAIL_HTML, text: subject, from: '"Northwind" <no-reply@parley.local>', unknownPlaceholders: unknown };
}

type Handler = (req: Request, path: string, body: unknown) => Response | Promise<Response> | undefined;

/** The mail API: `handler` answers first; the list and the sender answer by default. Answers every call made. */
function fakeServer(handler: Handler = () => undefined) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = await req.clone().text();
      const body = text ? JSON.parse(text) : null;
      calls.push({ method: req.method, path, body });
      const answer = await handler(req, path, body);
      if (answer) return answer;
      if (path === '/api/v1/settings/mail/templates') return json(200, list);
      if (path === '/api/v1/settings/mail/sender') return json(200, pendingSender);
      return json(404, { error: 'not_found', message: 'Nothing exists at this address.' });
    }),
  );
  return calls;
}

function renderEditor(path: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/app/mail/:key/:locale" element={<MailTemplateEditor />} />
    </Routes>,
    path,
  );
}

beforeAll(() => loadMailStrings());
afterEach(() => vi.unstubAllGlobals());

describe('Settings → Mail', () => {
  it('lists every mail with each language’s source, and the sender with the records to create', async () => {
    fakeServer();
    renderWithProviders(<MailPage />);
    const rows = await screen.findAllByTestId('mail-template');
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(['welcome', 'invitation']);
    expect(within(rows[0] as HTMLElement).getByText('Welcome')).toBeInTheDocument();
    expect(screen.getByTestId('edit-welcome-en')).toHaveAttribute('data-source', 'own');
    expect(screen.getByTestId('edit-welcome-en')).toHaveTextContent('Customized');
    expect(screen.getByTestId('edit-invitation-ar')).toHaveAttribute('data-source', 'agency');
    expect(screen.getByTestId('edit-invitation-en')).toHaveAttribute('href', '/app/mail/invitation/en');

    const sender = screen.getByTestId('mail-sender');
    expect(within(sender).getByTestId('mail-sender-status')).toHaveTextContent('Not verified');
    expect(within(sender).getByTestId('mail-effective-from')).toHaveTextContent('"Northwind" <no-reply@parley.local>');
    const records = within(sender).getAllByTestId('mail-sender-record');
    expect(records.map((r) => r.getAttribute('data-purpose'))).toEqual(['verify', 'spf', 'dkim']);
    expect(records[0]).toHaveTextContent('parley-verify=tok');
    expect(within(records[2] as HTMLElement).getAllByRole('button', { name: /copy/i })).toHaveLength(2);
  });

  it('verifies the sender and shows which records were found, and saves name and address', async () => {
    const calls = fakeServer((req, path, body) => {
      if (path.endsWith('/sender/verify')) {
        const found = [true, true, false];
        return json(200, { ...pendingSender, status: 'verified', checkedAt: '2026-12-01T10:00:00Z', effectiveFrom: '"Northwind" <hello@northwind.test>', records: pendingSender.records.map((r, i) => ({ ...r, found: found[i] })) });
      }
      if (req.method === 'PUT' && path.endsWith('/sender')) return json(200, { ...pendingSender, ...(body as object) });
      return undefined;
    });
    renderWithProviders(<MailPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('mail-sender-verify'));
    await waitFor(() => expect(screen.getByTestId('mail-sender')).toHaveAttribute('data-status', 'verified'));
    const found = screen.getAllByTestId('mail-record-found').map((b) => b.textContent);
    expect(found).toEqual(['Found', 'Found', 'Missing']);
    expect(screen.getByTestId('mail-effective-from')).toHaveTextContent('<hello@northwind.test>');

    await user.clear(screen.getByTestId('mail-from-name'));
    await user.type(screen.getByTestId('mail-from-name'), 'Northwind Team');
    await user.click(screen.getByTestId('mail-sender-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ fromName: 'Northwind Team', fromAddress: 'hello@northwind.test' });
    expect(await screen.findByText('Sender saved.')).toBeInTheDocument();
  });

  it('says why when the workspace may not brand', async () => {
    fakeServer((_, path) =>
      path === '/api/v1/settings/mail/templates'
        ? json(403, { error: 'feature_not_in_plan', message: 'Custom branding is not part of your plan.' })
        : undefined,
    );
    renderWithProviders(<MailPage />);
    expect(await screen.findByTestId('mail-not-allowed')).toBeInTheDocument();
    expect(screen.queryByTestId('mail-templates')).not.toBeInTheDocument();
  });
});

describe('the template editor', () => {
  it('previews unsaved edits, inserts placeholders at the cursor, saves, and shows refusals on their field', async () => {
    let refuse = true;
    const calls = fakeServer((req, path, body) => {
      if (path.endsWith('/preview')) {
        const b = body as { subject: string; body: string };
        return json(200, preview(b.subject, b.body.includes('{{nope}}') ? ['nope'] : []));
      }
      if (req.method === 'PUT' && path === '/api/v1/settings/mail/templates/invitation/en') {
        return refuse
          ? json(422, { error: 'validation_failed', message: 'Some fields are invalid.', details: { fields: [{ field: 'body', message: 'unknown placeholder(s) {{nope}}' }] } })
          : json(200, { ...(body as object), updatedAt: '2026-12-02T10:00:00Z' });
      }
      return undefined;
    });
    renderEditor('/app/mail/invitation/en');
    const user = userEvent.setup();
    const subject = await screen.findByTestId('mail-subject');
    expect(subject).toHaveValue('{{inviter}} invited you to {{workspace}} on {{product}}');
    expect(screen.getByText('Mails in this language use our default text.')).toBeInTheDocument();
    expect(await screen.findByTestId('mail-preview-subject')).toHaveTextContent('{{inviter}} invited you');

    const body = screen.getByTestId('mail-body');
    await user.clear(body);
    await user.type(body, 'Hi ');
    await user.click(screen.getByTestId('placeholder-days'));
    expect(body).toHaveValue('Hi {{days}}');
    await user.type(body, ' {{{{nope}}');
    await waitFor(() => expect(screen.getByTestId('mail-unknown')).toHaveTextContent('{{nope}}'));
    expect(calls.filter((c) => c.path.endsWith('/preview')).at(-1)?.body).toEqual({
      subject: '{{inviter}} invited you to {{workspace}} on {{product}}',
      body: 'Hi {{days}} {{nope}}',
    });
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();

    await user.click(screen.getByTestId('mail-save'));
    expect(await screen.findByTestId('error-mail-body')).toHaveTextContent('unknown placeholder(s) {{nope}}');
    refuse = false;
    await user.click(screen.getByTestId('mail-save'));
    await waitFor(() => expect(screen.getByText('Mails in this language use your own text.')).toBeInTheDocument());
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ subject: '{{inviter}} invited you to {{workspace}} on {{product}}', body: 'Hi {{days}} {{nope}}' });
  });

  it('sends a test of the unsaved text to the owner, and resets an own text after confirming', async () => {
    const calls = fakeServer((req, path, body) => {
      if (path.endsWith('/preview')) return json(200, preview((body as { subject: string }).subject));
      if (path.endsWith('/test')) return json(202, { to: 'owner@northwind.test', subject: '[Test] Hello' });
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      return undefined;
    });
    renderEditor('/app/mail/welcome/en');
    const user = userEvent.setup();
    expect(await screen.findByTestId('mail-subject')).toHaveValue('Hello {{name}}');
    await user.type(screen.getByTestId('mail-subject'), '!');
    await user.click(screen.getByTestId('mail-send-test'));
    expect(await screen.findByText('A test was sent to owner@northwind.test.')).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith('/test'))?.body).toEqual({ subject: 'Hello {{name}}!', body: 'Mine' });

    await user.click(screen.getByTestId('mail-reset'));
    await user.click(await screen.findByRole('button', { name: 'Reset' }));
    await waitFor(() => expect(screen.getByTestId('mail-subject')).toHaveValue('Welcome'));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/settings/mail/templates/welcome/en')).toBe(true);
    expect(screen.queryByTestId('mail-reset')).not.toBeInTheDocument();
  });

  it('shows the Arabic text right to left, with the agency’s text in force', async () => {
    fakeServer((_, path, body) => (path.endsWith('/preview') ? json(200, preview((body as { subject: string }).subject)) : undefined));
    renderEditor('/app/mail/invitation/ar');
    const subject = await screen.findByTestId('mail-subject');
    expect(subject).toHaveValue('دعوة الوكالة');
    expect(subject).toHaveAttribute('dir', 'rtl');
    expect(screen.getByText("Mails in this language use your agency's text.")).toBeInTheDocument();
    expect(screen.getByTestId('mail-locale-ar')).toHaveAttribute('aria-current', 'page');
  });
});

describe('the preview frame', () => {
  it('keeps styles out of attributes, asks this host for brand images and drops other images', () => {
    const out = framedHtml(MAIL_HTML);
    expect(out).not.toMatch(/\sstyle="/);
    expect(out).toContain('data-mail-style="color:#0f766e"');
    expect(out).toContain('src="/api/v1/brand/assets/t/logo_light?v=3"');
    expect(out).not.toContain('tracker.example');
    expect(out).toContain('Hello &lt;b&gt;');
  });

  it('is sandboxed without scripts', async () => {
    fakeServer((_, path, body) => (path.endsWith('/preview') ? json(200, preview((body as { subject: string }).subject)) : undefined));
    renderEditor('/app/mail/invitation/en');
    const frame = await screen.findByTestId('mail-preview-frame');
    expect(frame).toHaveAttribute('sandbox', 'allow-same-origin');
    expect(frame.getAttribute('srcdoc')).toContain('data-mail-style');
  });
});

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Icon, IconButton, Input, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatTime } from '../../../lib/format';
import { flowsApi } from '../api';
import { RunStatusBadge } from '../components/Runs';
import { canSkip, chatLines, tappableLine, waitingOf, type ChatLine } from '../transcript';
import type { ContactField } from '../../../api/types';
import type { ChoiceSection } from '../../../lib/interactiveContent';
import { useTitleWhenClipped } from '../../../lib/useTitleWhenClipped';
import { whatsappText } from '../../../lib/whatsappText';
import type { SandboxSession, SandboxStartInput } from '../types';
import { FlowIcon } from './icons';

type Hours = 'real' | 'open' | 'closed';

interface Setup {
  useSamples: boolean;
  windowOpen: boolean;
  hours: Hours;
  text: string;
  name: string;
  phone: string;
  email: string;
  labels: string;
  consent: '' | 'yes' | 'no';
  fields: Record<string, string>;
}

const INITIAL: Setup = { useSamples: true, windowOpen: true, hours: 'real', text: '', name: '', phone: '', email: '', labels: '', consent: '', fields: {} };

function startBody(s: Setup): SandboxStartInput {
  const fields = Object.fromEntries(Object.entries(s.fields).filter(([, v]) => v.trim() !== ''));
  return {
    useSamples: s.useSamples,
    windowOpen: s.windowOpen,
    openNow: s.hours === 'real' ? null : s.hours === 'open',
    text: s.text.trim() || null,
    contact: {
      name: s.name.trim() || null,
      phone: s.phone.trim() || null,
      email: s.email.trim() || null,
      labels: s.labels.split(',').map((l) => l.trim()).filter(Boolean),
      consent: s.consent === '' ? null : s.consent === 'yes',
      fields: Object.keys(fields).length > 0 ? fields : null,
    },
  };
}

const ENDED = new Set(['completed', 'handed_off', 'failed', 'stopped']);

function ListSheet({ button, sections, onPick, onClose }: { button: string; sections: ChoiceSection[]; onPick: (id: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="absolute inset-0 z-10 flex flex-col justify-end bg-slate-900/30" role="dialog" aria-label={button} data-testid="sandbox-list-sheet">
      <div className="max-h-[75%] overflow-y-auto rounded-t-2xl bg-white p-3 shadow-xl">
        <div className="mb-2 flex items-center justify-between">
          <p className="text-sm font-semibold text-slate-900" dir="auto">
            {button}
          </p>
          <button type="button" onClick={onClose} className="rounded-lg p-1 text-slate-400 hover:bg-slate-100" aria-label={t('common.close')}>
            <Icon name="close" className="size-4" />
          </button>
        </div>
        {sections.map((s, i) => (
          <div key={i} className="mb-2">
            {s.title && <p className="px-2 pb-1 text-xs font-semibold text-success-700" dir="auto">{s.title}</p>}
            {s.rows.map((r) => (
              <button
                key={r.id}
                type="button"
                onClick={() => onPick(r.id)}
                className="block w-full rounded-lg px-2 py-2 text-start hover:bg-slate-50"
                data-testid="sandbox-row"
                data-reply-id={r.id}
              >
                <span className="block text-sm text-slate-900" dir="auto">{r.title}</span>
                {r.description && <span className="block text-xs text-slate-500" dir="auto">{r.description}</span>}
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

function Bubble({ line, tappable, onReply, onOpenList }: { line: ChatLine; tappable: boolean; onReply: (id: string) => void; onOpenList: () => void }) {
  const { t, i18n } = useTranslation();
  const time = line.at ? <span className="ms-2 text-[10px] text-slate-400">{formatTime(line.at, i18n.language)}</span> : null;
  if (line.from === 'system') {
    return (
      <div className="flex justify-center" data-testid="sandbox-line" data-from="system">
        <span className="max-w-[90%] rounded-lg bg-slate-200/80 px-2.5 py-1 text-center text-[11px] text-slate-600" dir="auto">
          {line.text}
        </span>
      </div>
    );
  }
  if (line.from === 'customer') {
    return (
      <div className="flex justify-end" data-testid="sandbox-line" data-from="customer">
        <div className="max-w-[80%] rounded-2xl rounded-se-md bg-[#d9fdd3] px-3 py-1.5 text-sm break-words whitespace-pre-line text-slate-900 shadow-xs" dir="auto">
          {whatsappText(line.text)}
          {time}
        </div>
      </div>
    );
  }
  return (
    <div className="flex justify-start" data-testid="sandbox-line" data-from="bot" data-kind={line.kind}>
      <div className="max-w-[85%] space-y-1.5">
        <div className="rounded-2xl rounded-ss-md bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs">
          {line.kind === 'media' && (
            <p className="mb-1 flex items-center gap-1 text-xs text-slate-500">
              <Icon name={line.mediaKind === 'image' ? 'image' : 'paperclip'} className="size-3.5" />
              {t(`flows.media.${line.mediaKind === 'image' || line.mediaKind === 'video' || line.mediaKind === 'audio' ? line.mediaKind : 'document'}`)}
            </p>
          )}
          {(line.kind === 'buttons' || line.kind === 'list') && line.header && (
            <p className="mb-0.5 font-semibold break-words" dir="auto">
              {line.header}
            </p>
          )}
          {line.kind === 'template' ? (
            <p className="text-xs text-slate-600">
              {t('flows.test.template', { name: line.name, language: line.language })}
            </p>
          ) : (
            <p className="break-words whitespace-pre-line" dir="auto">
              {whatsappText(line.kind === 'media' ? line.caption : line.text)}
            </p>
          )}
          {(line.kind === 'buttons' || line.kind === 'list') && line.footer && (
            <p className="mt-0.5 text-xs text-slate-500" dir="auto">
              {line.footer}
            </p>
          )}
          {time}
        </div>
        {line.kind === 'buttons' && (
          <div className="flex flex-col gap-1">
            {line.buttons.map((b) => (
              <button
                key={b.id}
                type="button"
                disabled={!tappable}
                onClick={() => onReply(b.id)}
                className="rounded-xl bg-white px-3 py-1.5 text-center text-sm font-medium text-sky-600 shadow-xs enabled:hover:bg-sky-50 disabled:text-slate-400"
                data-testid="sandbox-button"
                data-reply-id={b.id}
                dir="auto"
              >
                {b.title}
              </button>
            ))}
          </div>
        )}
        {line.kind === 'list' && (
          <button
            type="button"
            disabled={!tappable}
            onClick={onOpenList}
            className="flex w-full items-center justify-center gap-1.5 rounded-xl bg-white px-3 py-1.5 text-sm font-medium text-sky-600 shadow-xs enabled:hover:bg-sky-50 disabled:text-slate-400"
            data-testid="sandbox-open-list"
            dir="auto"
          >
            <Icon name="list" className="size-4" />
            {line.button || t('flows.ask.defaultListButton')}
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * The test phone: runs the draft on the real engine with a pretend contact. The bot's messages arrive with their
 * buttons and lists, the tester answers by tapping or typing, timers can be skipped, and every step lights the
 * canvas (`onSession`). Nothing reaches a customer; what a real run would have done to the contact is listed.
 */
export function TestPanel({
  flowId,
  fields,
  flush,
  onSession,
  onClose,
}: {
  flowId: string;
  fields: ContactField[];
  /** Saves the draft first: the test runs what the server has. */
  flush: () => Promise<void>;
  onSession: (s: SandboxSession | null) => void;
  /** Hides the panel (the test goes on). */
  onClose?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [setup, setSetup] = useState<Setup>(INITIAL);
  const [session, setSession] = useState<SandboxSession | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [listOpen, setListOpen] = useState(false);
  const [showSetup, setShowSetup] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const [measureTitle, clippedTitle] = useTitleWhenClipped<HTMLParagraphElement>(t('flows.test.title'));
  const runId = session?.runId;

  const apply = (s: SandboxSession | null) => {
    setSession(s);
    onSession(s);
  };

  const act = async (fn: () => Promise<SandboxSession | null>) => {
    setBusy(true);
    setError(null);
    try {
      apply(await fn());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    act(async () => {
      await flush();
      setShowSetup(false);
      return flowsApi.sandboxStart({ id: flowId, body: startBody(setup) });
    });
  const reply = (body: { text?: string; replyId?: string }) => runId && act(() => flowsApi.sandboxReply({ id: flowId, run: runId, body }));
  const skip = () => runId && act(() => flowsApi.sandboxSkip({ id: flowId, run: runId }));
  const stop = () =>
    act(async () => {
      if (runId && session && !ENDED.has(session.status)) await flowsApi.sandboxStop({ id: flowId, run: runId });
      setShowSetup(true);
      return null;
    });

  // A test left open ends with the panel.
  const open = useRef({ flowId, runId });
  useEffect(() => {
    open.current = { flowId, runId };
  });
  useEffect(
    () => () => {
      const { flowId: f, runId: r } = open.current;
      if (r) void flowsApi.sandboxStop({ id: f, run: r }).catch(() => undefined);
    },
    [],
  );

  const lines = chatLines(session?.transcript);
  const waiting = session && !ENDED.has(session.status) ? waitingOf(session.waitingFor) : null;
  const tappable = tappableLine(lines, waiting?.kind === 'reply');
  const listLine = tappable >= 0 ? lines[tappable] : undefined;
  const ended = session ? ENDED.has(session.status) : false;

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  const send = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (!v || busy) return;
    setText('');
    void reply({ text: v });
  };

  const set = (patch: Partial<Setup>) => setSetup((s) => ({ ...s, ...patch }));

  return (
    <div className="flex h-full flex-col" data-testid="test-panel">
      <div className="flex items-center gap-2 border-b border-slate-100 py-2 ps-4 pe-2">
        <FlowIcon name="phone" className="size-4 text-slate-500" />
        {session && ended ? (
          <span className="min-w-0 flex-1" data-testid="sandbox-ended">
            <RunStatusBadge status={session.status} />
          </span>
        ) : (
          <p
            ref={measureTitle}
            title={clippedTitle}
            className="line-clamp-2 min-w-0 flex-1 text-[13px] leading-tight font-semibold break-words text-slate-900"
            data-testid="sandbox-title"
          >
            {t('flows.test.title')}
          </p>
        )}
        {session && (
          <>
            <IconButton icon="settings" size="sm" label={t('flows.test.setup')} onClick={() => setShowSetup((v) => !v)} aria-expanded={showSetup} />
            <Button variant="outline" size="sm" onClick={() => void stop()} disabled={busy} data-testid="sandbox-stop">
              <FlowIcon name="stop" className="size-3.5" />
              {t(ended ? 'flows.test.reset' : 'flows.test.stop')}
            </Button>
          </>
        )}
        {onClose && <IconButton icon="close" size="sm" label={t('common.close')} onClick={onClose} data-testid="close-test" />}
      </div>

      {(showSetup || !session) && (
        <div className="max-h-[55%] space-y-3 overflow-y-auto border-b border-slate-100 p-4 text-sm" data-testid="sandbox-setup">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={setup.useSamples} onChange={(e) => set({ useSamples: e.target.checked })} className="size-4 rounded border-slate-300" data-testid="sandbox-samples" />
            {t('flows.test.useSamples')}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={setup.windowOpen} onChange={(e) => set({ windowOpen: e.target.checked })} className="size-4 rounded border-slate-300" />
            {t('flows.test.windowOpen')}
          </label>
          <label className="block space-y-1">
            <span className="block font-medium text-slate-700">{t('flows.test.hours')}</span>
            <Select controlSize="sm" value={setup.hours} onChange={(e) => set({ hours: e.target.value as Hours })}>
              <option value="real">{t('flows.test.hoursReal')}</option>
              <option value="open">{t('flows.test.hoursOpen')}</option>
              <option value="closed">{t('flows.test.hoursClosed')}</option>
            </Select>
          </label>
          <label className="block space-y-1">
            <span className="block font-medium text-slate-700">{t('flows.test.firstMessage')}</span>
            <Input controlSize="sm" value={setup.text} onChange={(e) => set({ text: e.target.value })} placeholder={t('flows.test.firstMessageHint')} dir="auto" data-testid="sandbox-first-message" />
          </label>
          <details className="rounded-xl border border-slate-200 p-2">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">{t('flows.test.contact')}</summary>
            <div className="mt-2 space-y-2">
              <Input controlSize="sm" value={setup.name} onChange={(e) => set({ name: e.target.value })} placeholder={t('flows.test.name')} aria-label={t('flows.test.name')} dir="auto" />
              <Input controlSize="sm" value={setup.phone} onChange={(e) => set({ phone: e.target.value })} placeholder="+15550000000" aria-label={t('flows.test.phone')} dir="ltr" />
              <Input controlSize="sm" value={setup.email} onChange={(e) => set({ email: e.target.value })} placeholder={t('flows.test.email')} aria-label={t('flows.test.email')} dir="ltr" />
              <Input controlSize="sm" value={setup.labels} onChange={(e) => set({ labels: e.target.value })} placeholder={t('flows.test.labels')} aria-label={t('flows.test.labels')} dir="auto" />
              <Select controlSize="sm" value={setup.consent} onChange={(e) => set({ consent: e.target.value as Setup['consent'] })} aria-label={t('flows.test.consent')}>
                <option value="">{t('flows.test.consentUnknown')}</option>
                <option value="yes">{t('flows.consent.granted')}</option>
                <option value="no">{t('flows.consent.withdrawn')}</option>
              </Select>
              {fields.map((f) => (
                <Input
                  key={f.key}
                  controlSize="sm"
                  value={setup.fields[f.key] ?? ''}
                  onChange={(e) => set({ fields: { ...setup.fields, [f.key]: e.target.value } })}
                  placeholder={f.label}
                  aria-label={f.label}
                  dir="auto"
                />
              ))}
            </div>
          </details>
          <Button className="w-full" onClick={() => void start()} loading={busy} data-testid="sandbox-start">
            <FlowIcon name="play" className="size-4" />
            {t(session ? 'flows.test.restart' : 'flows.test.start')}
          </Button>
        </div>
      )}

      <div className="relative flex min-h-0 flex-1 flex-col bg-[#efeae2]">
        <div ref={scroller} className="min-h-0 flex-1 space-y-2 overflow-y-auto px-3 py-3" data-testid="sandbox-chat" aria-live="polite">
          {!session && <p className="py-8 text-center text-sm text-slate-500">{t('flows.test.empty')}</p>}
          {lines.map((l, i) => (
            <Bubble key={i} line={l} tappable={i === tappable && !busy} onReply={(id) => void reply({ replyId: id })} onOpenList={() => setListOpen(true)} />
          ))}
          {session && waiting && (
            <div className="flex flex-wrap items-center justify-center gap-2 pt-1 text-[11px] text-slate-600" data-testid="sandbox-waiting" data-kind={waiting.kind}>
              <span className="rounded-full bg-white/80 px-2.5 py-0.5">
                {waiting.kind === 'timer' && waiting.until
                  ? t('flows.test.waitingUntil', { time: formatDateTime(waiting.until, i18n.language) })
                  : t(`flows.test.waiting.${waiting.kind}`)}
              </span>
              {canSkip(waiting) && (
                <Button size="sm" variant="outline" onClick={() => void skip()} disabled={busy} data-testid="sandbox-skip">
                  <FlowIcon name="skip" className="size-3.5" />
                  {t('flows.test.skip')}
                </Button>
              )}
            </div>
          )}
        </div>
        {listOpen && listLine?.from === 'bot' && listLine.kind === 'list' && (
          <ListSheet
            button={listLine.button || t('flows.ask.defaultListButton')}
            sections={listLine.sections}
            onClose={() => setListOpen(false)}
            onPick={(id) => {
              setListOpen(false);
              void reply({ replyId: id });
            }}
          />
        )}
        {error !== null && (
          <div className="px-3 pb-2">
            <Alert tone="danger">{errorText(error)}</Alert>
          </div>
        )}
        <form onSubmit={send} className="flex items-center gap-2 border-t border-slate-200 bg-white p-2">
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('flows.test.typeReply')}
            disabled={!session || ended}
            dir="auto"
            className="rounded-full"
            aria-label={t('flows.test.typeReply')}
            data-testid="sandbox-input"
          />
          <button
            type="submit"
            disabled={!session || ended || busy || !text.trim()}
            className={cn('flex size-10 shrink-0 items-center justify-center rounded-full bg-success-600 text-white disabled:opacity-40')}
            aria-label={t('flows.test.send')}
            data-testid="sandbox-send"
          >
            <Icon name="send" className="size-4 rtl:-scale-x-100" />
          </button>
        </form>
      </div>

      {session && (
        <details className="border-t border-slate-100 px-4 py-2 text-xs" data-testid="sandbox-details">
          <summary className="cursor-pointer font-medium text-slate-700">{t('flows.test.details', { count: session.effects.length })}</summary>
          {session.effects.length > 0 && (
            <ul className="mt-2 space-y-1">
              {session.effects.map((e, i) => (
                <li key={i} className="rounded bg-slate-50 px-2 py-1 font-mono text-[11px] break-all text-slate-700" dir="ltr">
                  {JSON.stringify(e)}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-2 font-medium text-slate-600">{t('flows.test.variables')}</p>
          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2 text-[11px] text-slate-700" dir="ltr">
            {JSON.stringify(session.variables ?? {}, null, 2)}
          </pre>
        </details>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation } from '../../../api/types';
import { Alert, Avatar, Badge, IconButton, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDate, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { DealsPanel } from '../../deals';
import { TicketsPanel } from '../../tickets';
import { LazyVisitorSection } from '../../widgets';
import { activityOf, contactLabel, isConversationStatus } from '../conversation';
import { useContact, useContactActions, useContactConversations } from '../hooks/useConversations';
import { LabelChips, LabelPicker } from './LabelPicker';

function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="border-b border-slate-100 px-4 py-4">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

function Row({ label, value, ltr }: { label: string; value: ReactNode; ltr?: boolean }) {
  return (
    <div className="flex justify-between gap-3 py-1 text-sm">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 truncate text-end text-slate-800" dir={ltr ? 'ltr' : 'auto'}>
        {value || '—'}
      </dd>
    </div>
  );
}

function PastConversations({ conversation, basePath }: { conversation: Conversation; basePath: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const history = useContactConversations(conversation.contactId);
  const now = useNow(60_000);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  if (history.isPending) return <Spinner className="text-primary-500" label={t('common.loading')} />;
  if (history.isError) return <Alert tone="danger">{errorText(history.error)}</Alert>;
  if (items.length === 0) return <p className="text-sm text-slate-500">{t('conversations.contact.noHistory')}</p>;
  return (
    <ul className="space-y-1.5" data-testid="contact-conversations">
      {items.map((c) => {
        const current = c.id === conversation.id;
        return (
          <li key={c.id}>
            <Link
              to={`${basePath}/${c.id}`}
              className={cn('block rounded-xl border px-3 py-2 transition', current ? 'border-primary-200 bg-primary-50/60' : 'border-slate-200 hover:bg-slate-50')}
              aria-current={current ? 'page' : undefined}
              data-testid="contact-conversation-link"
              data-conversation-id={c.id}
            >
              <span className="flex items-center justify-between gap-2 text-xs">
                <Badge tone={c.status === 'open' ? 'primary' : c.status === 'resolved' || c.status === 'closed' ? 'neutral' : 'accent'}>
                  {isConversationStatus(c.status) ? t(`conversations.status.${c.status}`) : c.status}
                </Badge>
                <span className="text-slate-400">{formatRelative(activityOf(c), now, i18n.language)}</span>
              </span>
              <span className="mt-1 block truncate text-sm text-slate-700" dir="auto">
                {c.lastMessagePreview ?? t('conversations.noMessages')}
              </span>
              <span className="block truncate text-xs text-slate-400">
                {c.connectionName}
                {current && ` · ${t('conversations.contact.current')}`}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The customer: details, their labels (editable) and their conversations, current one marked. */
export function ContactPanel({ conversation, basePath, onClose }: { conversation: Conversation; basePath: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const contact = useContact(conversation.contactId);
  const { setLabels } = useContactActions(conversation.contactId);
  const name = contactLabel(conversation);
  const c = contact.data;

  return (
    <div className="flex h-full min-h-0 w-full flex-col bg-white" data-testid="contact-panel">
      <div className="flex items-center gap-3 border-b border-slate-100 px-4 py-3">
        <Avatar name={name} className="size-11" />
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold text-slate-900" dir="auto" data-testid="contact-name">
            {c?.name ?? name}
          </p>
          {conversation.contactPhone && (
            <p className="truncate text-xs text-slate-500" dir="ltr">
              {conversation.contactPhone}
            </p>
          )}
        </div>
        <IconButton icon="close" label={t('common.close')} onClick={onClose} className="2xl:hidden" data-testid="contact-panel-close" />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <LazyVisitorSection conversationId={conversation.id} kind={conversation.connectionKind} />
        <Section title={t('conversations.contact.details')}>
          {contact.isPending ? (
            <Spinner className="text-primary-500" label={t('common.loading')} />
          ) : contact.isError ? (
            <Alert tone="danger">{errorText(contact.error)}</Alert>
          ) : (
            <dl>
              <Row label={t('conversations.contact.phone')} value={c?.phone} ltr />
              <Row label={t('fields.email')} value={c?.email} ltr />
              <Row label={t('conversations.contact.profileName')} value={c?.profileName} />
              <Row label={t('conversations.contact.since')} value={c ? formatDate(c.createdAt, i18n.language) : null} />
            </dl>
          )}
        </Section>
        <Section
          title={t('conversations.contact.labels')}
          aside={
            c && (
              <LabelPicker
                selected={c.labels ?? []}
                onChange={(labelIds) => setLabels.mutate({ id: conversation.contactId, labelIds })}
                pending={setLabels.isPending}
                testId="contact-labels"
                align="end"
              />
            )
          }
        >
          {c && (c.labels ?? []).length > 0 ? (
            <LabelChips labels={c.labels ?? []} testId="contact-label" />
          ) : (
            <p className="text-sm text-slate-500">{t('conversations.contact.noLabels')}</p>
          )}
          {setLabels.isError && <p className="mt-2 text-xs text-danger-700">{errorText(setLabels.error)}</p>}
        </Section>
        <DealsPanel conversation={conversation} />
        <TicketsPanel conversation={conversation} basePath={basePath} />
        <Section title={t('conversations.contact.history')}>
          <PastConversations conversation={conversation} basePath={basePath} />
        </Section>
      </div>
    </div>
  );
}

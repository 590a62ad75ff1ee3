import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Avatar, Button, Card, CardBody, ConfirmModal, Field, Icon, Input, PageSpinner, SelectField, Spinner, TextAreaField, TextField, Textarea } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../auth';
import { MemberSelect } from '../../deals/components/MemberSelect';
import { PriorityBadge } from '../../deals/components/PriorityBadge';
import { contactName } from '../../deals/format';
import { isManager } from '../../deals/permissions';
import { PRIORITIES, type Priority } from '../../deals/types';
import { useAddComment, useTicket, useTicketActions, useTicketComments } from '../hooks/useTickets';
import { fromLocalInput, toLocalInput } from '../tickets';
import { TICKET_STATUSES, type Ticket, type TicketStatus, type UpdateTicketInput } from '../types';
import { TicketStatusBadge } from './TicketBadges';

function Comments({ ticketId }: { ticketId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const comments = useTicketComments(ticketId);
  const add = useAddComment(ticketId);
  const [body, setBody] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  const items = [...(comments.data ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <Card>
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 className="text-base font-semibold text-slate-900">{t('tickets.comments.title')}</h2>
        <p className="mt-0.5 text-sm text-slate-500">{t('tickets.comments.hint')}</p>
      </div>
      <CardBody className="space-y-4">
        {comments.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : comments.isError ? (
          <Alert tone="danger">{errorText(comments.error)}</Alert>
        ) : items.length === 0 ? (
          <p className="text-sm text-slate-500">{t('tickets.comments.none')}</p>
        ) : (
          <ol className="space-y-3" data-testid="ticket-comments">
            {items.map((c) => (
              <li key={c.id} className="flex gap-3" data-testid="ticket-comment">
                <Avatar name={c.authorName || '?'} className="size-8" />
                <div className="min-w-0 flex-1 rounded-xl bg-amber-50/70 px-3 py-2 ring-1 ring-amber-200/60">
                  <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
                    <span className="font-semibold text-slate-800">{c.authorName}</span>
                    <span>{formatDateTime(c.createdAt, i18n.language)}</span>
                  </p>
                  <p className="mt-1 text-sm whitespace-pre-wrap text-slate-800" dir="auto">
                    {c.body}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={submit} className="space-y-2">
          <label htmlFor="ticket-comment" className="sr-only">
            {t('tickets.comments.add')}
          </label>
          <Textarea id="ticket-comment" value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('tickets.comments.placeholder')} rows={3} data-testid="ticket-comment-input" />
          {add.isError && <p className="text-sm text-danger-700">{errorText(add.error)}</p>}
          <div className="flex justify-end">
            <Button type="submit" size="sm" loading={add.isPending} disabled={!body.trim()} data-testid="ticket-comment-submit">
              {t('tickets.comments.add')}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

function SubjectEditor({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { update } = useTicketActions();
  const [subject, setSubject] = useState(ticket.subject);
  const [description, setDescription] = useState(ticket.description ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!subject.trim()) return;
    update.mutate({ ticketId: ticket.id, body: { subject: subject.trim(), description: description.trim() || null } }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <TextField name="subject" label={t('tickets.fields.subject')} value={subject} onChange={(e) => setSubject(e.target.value)} error={subject.trim() ? undefined : t('tickets.errors.subjectRequired')} />
      <TextAreaField name="description" label={t('tickets.fields.description')} value={description} onChange={(e) => setDescription(e.target.value)} rows={5} />
      {update.isError && <Alert tone="danger">{errorText(update.error)}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" size="sm" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

function Controls({ ticket, area }: { ticket: Ticket; area: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { update } = useTicketActions();
  const [due, setDue] = useState(toLocalInput(ticket.dueAt));
  const patch = (body: UpdateTicketInput) => update.mutate({ ticketId: ticket.id, body });
  const dueChanged = (fromLocalInput(due) ?? null) !== (ticket.dueAt ? new Date(ticket.dueAt).toISOString() : null);

  return (
    <Card>
      <CardBody className="space-y-4">
        <SelectField id="ticket-status" label={t('tickets.fields.status')} value={ticket.status} onChange={(e) => patch({ status: e.target.value as TicketStatus })} data-testid="ticket-status">
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`tickets.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="ticket-priority" label={t('tickets.fields.priority')} value={ticket.priority} onChange={(e) => patch({ priority: e.target.value as Priority })} data-testid="ticket-priority">
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`deals.priority.${p}`)}
            </option>
          ))}
        </SelectField>
        <MemberSelect id="ticket-assignee" label={t('tickets.fields.assignee')} value={ticket.assigneeId ?? null} onChange={(v) => patch({ assigneeId: v })} emptyLabel={t('tickets.unassigned')} testId="ticket-assignee" />
        <Field label={t('tickets.fields.dueAt')} htmlFor="ticket-due">
          <div className="flex gap-2">
            <Input id="ticket-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} className="min-w-0 flex-1" data-testid="ticket-due" />
            {dueChanged && (
              <Button variant="secondary" onClick={() => patch({ dueAt: fromLocalInput(due) })} data-testid="ticket-due-save">
                {t('tickets.detail.saveDue')}
              </Button>
            )}
          </div>
          {ticket.dueAt && (
            <p className={`mt-1 text-xs ${ticket.overdue ? 'font-medium text-danger-600' : 'text-slate-500'}`}>
              {ticket.overdue ? t('tickets.detail.overdueSince', { when: formatDateTime(ticket.dueAt, i18n.language) }) : t('tickets.detail.dueOn', { when: formatDateTime(ticket.dueAt, i18n.language) })}
              {' · '}
              <button
                type="button"
                className="font-medium text-primary-600 hover:underline"
                onClick={() => {
                  setDue('');
                  patch({ dueAt: null });
                }}
              >
                {t('tickets.detail.clearDue')}
              </button>
            </p>
          )}
        </Field>
        {update.isPending && <Spinner className="text-primary-500" label={t('tickets.detail.saving')} />}
        {update.isError && <Alert tone="danger">{errorText(update.error)}</Alert>}

        <div className="border-t border-slate-100 pt-4">
          <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{t('tickets.fields.contact')}</h3>
          {ticket.contactId ? (
            <Link to={`${area}/contacts/${ticket.contactId}`} className="mt-1.5 flex items-center gap-2 rounded-xl px-1 py-1 text-sm font-medium text-primary-700 hover:bg-primary-50" data-testid="ticket-contact-link">
              <Avatar name={contactName({ name: ticket.contactName, phone: ticket.contactPhone })} className="size-7 text-[10px]" />
              <span className="min-w-0 truncate" dir="auto">
                {contactName({ name: ticket.contactName, phone: ticket.contactPhone })}
              </span>
            </Link>
          ) : (
            <p className="mt-1.5 text-sm text-slate-500">{t('tickets.detail.noContact')}</p>
          )}
        </div>
        <div className="border-t border-slate-100 pt-4">
          <h3 className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{t('tickets.detail.conversations')}</h3>
          {ticket.conversationIds.length === 0 ? (
            <p className="mt-1.5 text-sm text-slate-500">{t('tickets.detail.noConversations')}</p>
          ) : (
            <ul className="mt-1.5 space-y-1">
              {ticket.conversationIds.map((id, i) => (
                <li key={id}>
                  <Link to={`${area}/conversations/${id}`} className="flex items-center gap-2 rounded-lg px-1 py-1 text-sm font-medium text-primary-700 hover:bg-primary-50" data-testid="ticket-conversation-link">
                    <Icon name="chat" className="size-4" />
                    {t('tickets.detail.conversationN', { n: i + 1 })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardBody>
    </Card>
  );
}

/** One ticket: subject and description, status / priority / assignee / due date, its links and internal comments. */
export function TicketDetailPage({ area }: { area: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const ticket = useTicket(id);
  const { remove } = useTicketActions();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (ticket.isPending) return <PageSpinner label={t('common.loading')} />;
  if (ticket.isError) {
    return (
      <div className="space-y-4">
        <Link to={`${area}/tickets`} className="text-sm font-medium text-primary-600 hover:underline">
          <span aria-hidden="true" className="me-1 inline-block rtl:-scale-x-100">←</span>
          {t('tickets.detail.back')}
        </Link>
        <Alert tone="danger">{errorText(ticket.error)}</Alert>
      </div>
    );
  }
  const tk = ticket.data;

  return (
    <div className="space-y-5" data-testid="ticket-detail" data-ticket-id={tk.id}>
      <Link to={`${area}/tickets`} className="inline-block text-sm font-medium text-primary-600 hover:underline">
        <span aria-hidden="true" className="me-1 inline-block rtl:-scale-x-100">←</span>
        {t('tickets.detail.back')}
      </Link>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-5">
          <Card>
            <CardBody>
              {editing ? (
                <SubjectEditor ticket={tk} onDone={() => setEditing(false)} />
              ) : (
                <>
                  <div className="flex flex-wrap items-start gap-2">
                    <h1 className="min-w-0 flex-1 text-xl font-semibold tracking-tight text-slate-900" dir="auto" data-testid="ticket-subject">
                      <span className="me-2 text-slate-400 tabular-nums">#{tk.number}</span>
                      {tk.subject}
                    </h1>
                    <Button variant="outline" size="sm" onClick={() => setEditing(true)} data-testid="ticket-edit">
                      <Icon name="pencil" className="size-4" />
                      {t('tickets.detail.edit')}
                    </Button>
                  </div>
                  <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <TicketStatusBadge status={tk.status} />
                    <PriorityBadge priority={tk.priority} />
                    <span>
                      {t('tickets.detail.created', { name: tk.createdByName ?? t('tickets.detail.someone'), when: formatDateTime(tk.createdAt, i18n.language) })}
                    </span>
                    {tk.resolvedAt && <span>· {t('tickets.detail.resolved', { when: formatDateTime(tk.resolvedAt, i18n.language) })}</span>}
                  </div>
                  <div className="mt-4 text-sm whitespace-pre-wrap text-slate-700" dir="auto" data-testid="ticket-description">
                    {tk.description || <span className="text-slate-400">{t('tickets.detail.noDescription')}</span>}
                  </div>
                </>
              )}
            </CardBody>
          </Card>
          <Comments ticketId={tk.id} />
        </div>
        <div className="space-y-4">
          <Controls key={`${tk.id}-${tk.dueAt ?? ''}`} ticket={tk} area={area} />
          {isManager(session.role) && (
            <Button variant="ghost" className="text-danger-700 hover:bg-danger-50 hover:text-danger-800" onClick={() => setConfirmDelete(true)} data-testid="ticket-delete">
              <Icon name="trash" className="size-4" />
              {t('tickets.detail.delete')}
            </Button>
          )}
        </div>
      </div>
      <ConfirmModal
        open={confirmDelete}
        title={t('tickets.detail.deleteTitle')}
        body={t('tickets.detail.deleteBody', { number: tk.number })}
        confirmLabel={t('tickets.detail.delete')}
        danger
        loading={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(tk.id, { onSuccess: () => navigate(`${area}/tickets`, { replace: true }) })}
      />
    </div>
  );
}

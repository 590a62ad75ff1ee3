import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal, SelectField, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS, type FormErrors } from '../../../lib/formErrors';
import { ContactPicker } from '../../deals/components/ContactPicker';
import { MemberSelect } from '../../deals/components/MemberSelect';
import { PRIORITIES, type ContactOption, type Priority } from '../../deals/types';
import { useTicketActions } from '../hooks/useTickets';
import { fromLocalInput } from '../tickets';
import type { Ticket } from '../types';

const FIELDS = ['subject', 'description', 'priority', 'assigneeId', 'contactId', 'dueAt'] as const;

export interface TicketDefaults {
  contact?: ContactOption | null;
  conversationId?: string | null;
  assigneeId?: string | null;
}

/** "New ticket": subject, description, priority, assignee, contact and due date. Mount it only while open. */
export function NewTicketDialog({ defaults, onClose, onCreated }: { defaults?: TicketDefaults; onClose: () => void; onCreated?: (ticket: Ticket) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = useTicketActions();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const [assigneeId, setAssigneeId] = useState<string | null>(defaults?.assigneeId ?? null);
  const [contact, setContact] = useState<ContactOption | null>(defaults?.contact ?? null);
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!subject.trim()) {
      setErrors({ fields: { subject: t('tickets.errors.subjectRequired') }, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    create.mutate(
      {
        subject: subject.trim(),
        description: description.trim() || undefined,
        priority,
        assigneeId: assigneeId ?? undefined,
        contactId: contact?.id ?? undefined,
        conversationId: defaults?.conversationId ?? undefined,
        dueAt: fromLocalInput(due) ?? undefined,
      },
      {
        onSuccess: (ticket) => {
          onCreated?.(ticket);
          onClose();
        },
        onError: (err) => setErrors(mapFormError(err, FIELDS, { describe: errorText })),
      },
    );
  };

  return (
    <FormModal
      open
      onClose={onClose}
      title={t('tickets.new')}
      testId="ticket-dialog"
      formId="ticket-form"
      onSubmit={submit}
      submitLabel={t('tickets.create')}
      submitting={create.isPending}
      submitTestId="ticket-submit"
      error={errors.message}
    >
      <TextField name="subject" label={t('tickets.fields.subject')} value={subject} onChange={(e) => setSubject(e.target.value)} error={errors.fields.subject} maxLength={200} required data-testid="ticket-subject" />
      <TextAreaField name="description" label={t('tickets.fields.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.fields.description} rows={4} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="priority" label={t('tickets.fields.priority')} value={priority} onChange={(e) => setPriority(e.target.value as Priority)} error={errors.fields.priority}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`deals.priority.${p}`)}
            </option>
          ))}
        </SelectField>
        <MemberSelect id="ticket-assignee" label={t('tickets.fields.assignee')} value={assigneeId} onChange={setAssigneeId} emptyLabel={t('tickets.unassigned')} error={errors.fields.assigneeId} />
      </div>
      <ContactPicker value={contact} onChange={setContact} error={errors.fields.contactId} disabled={Boolean(defaults?.contact)} />
      <TextField name="dueAt" label={t('tickets.fields.dueAt')} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors.fields.dueAt} />
    </FormModal>
  );
}

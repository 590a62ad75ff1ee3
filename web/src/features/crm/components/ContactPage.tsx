import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  ConfirmModal,
  EmptyState,
  FormModal,
  Icon,
  Modal,
  ModalActions,
  PageSpinner,
  SearchInput,
  Select,
  Spinner,
  TextAreaField,
  TextField,
  type IconName,
} from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useDebounce } from '../../../lib/useDebounce';
import { useNow } from '../../../lib/useNow';
import { LabelChips, LabelPicker } from '../../conversations/components/LabelPicker';
import { ContactPrivacyActions } from '../../privacy';
import { isConversationStatus } from '../../conversations/conversation';
import { crmApi } from '../api';
import { changedFields, displayName, formatFieldValue, missingRequired } from '../fields';
import { useContact, useContactActions, useContactConversations, useContactFields, useCrmErrorText, useIsManager, useTimeline } from '../hooks';
import { CONSENT_STATUSES, isConsentSource, isConsentStatus, isTimelineKind, type Contact, type ConsentStatus, type CustomFieldValue, type TimelineEntry, type TimelineKind } from '../types';
import { ConsentBadge } from './ConsentBadge';
import { CustomFieldsForm } from './CustomFieldInput';

const TIMELINE_ICONS: Record<TimelineKind, IconName> = {
  created: 'userPlus',
  conversation: 'chat',
  note: 'pencil',
  deal: 'chart',
  ticket: 'inbox',
  imported: 'file',
  field_changed: 'settings',
  consent: 'shield',
  label: 'tag',
  merged: 'swap',
};

function DetailRow({ label, children, ltr }: { label: ReactNode; children: ReactNode; ltr?: boolean }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-3 py-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800" dir={ltr ? 'ltr' : 'auto'}>
        {children || '—'}
      </dd>
    </div>
  );
}

function EditProfileModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const { update } = useContactActions();
  const [form, setForm] = useState({
    name: contact.name ?? '',
    email: contact.email ?? '',
    company: contact.company ?? '',
    notes: contact.notes ?? '',
    avatarUrl: contact.avatarUrl ?? '',
  });
  const [errors, setErrors] = useState(NO_ERRORS);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()]));
    update.mutate(
      { id: contact.id, body },
      { onSuccess: close, onError: (err) => setErrors(mapFormError(err, Object.keys(form), { describe: errorText })) },
    );
  };
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <FormModal
      open
      onClose={close}
      title={t('contacts.edit')}
      formId="edit-contact-form"
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={update.isPending}
      submitTestId="edit-contact-submit"
      testId="edit-contact-modal"
      error={errors.message}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('contacts.fields.name')} id="edit-name" dir="auto" value={form.name} onChange={set('name')} error={errors.fields.name} />
        <TextField label={t('contacts.fields.email')} id="edit-email" type="email" dir="ltr" value={form.email} onChange={set('email')} error={errors.fields.email} />
        <TextField label={t('contacts.fields.company')} id="edit-company" dir="auto" value={form.company} onChange={set('company')} error={errors.fields.company} />
        <TextField label={t('contacts.fields.avatarUrl')} id="edit-avatar" type="url" dir="ltr" value={form.avatarUrl} onChange={set('avatarUrl')} error={errors.fields.avatarUrl} />
      </div>
      <TextAreaField label={t('contacts.fields.notes')} id="edit-notes" dir="auto" value={form.notes} onChange={set('notes')} error={errors.fields.notes} />
    </FormModal>
  );
}

function CustomFieldsCard({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const fieldsQuery = useContactFields();
  const fields = fieldsQuery.data ?? [];
  const { update } = useContactActions();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, CustomFieldValue>>(contact.customFields);
  const [errors, setErrors] = useState(NO_ERRORS);

  const start = () => {
    setValues(contact.customFields);
    setErrors(NO_ERRORS);
    setEditing(true);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const missing = missingRequired(fields, values, t('contacts.form.required'));
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, message: null });
      return;
    }
    const changes = changedFields(fields, contact.customFields, values);
    if (Object.keys(changes).length === 0) {
      setEditing(false);
      return;
    }
    update.mutate(
      { id: contact.id, body: { customFields: changes } },
      {
        onSuccess: () => setEditing(false),
        onError: (err) => setErrors(mapFormError(err, fields.map((f) => `customFields.${f.key}`), { describe: errorText })),
      },
    );
  };

  return (
    <Card data-testid="custom-fields-card">
      <CardHeader
        title={t('contacts.customFields')}
        actions={
          fields.length > 0 &&
          !editing && (
            <Button size="sm" variant="outline" onClick={start} data-testid="edit-custom-fields">
              <Icon name="pencil" className="size-4" />
              {t('contacts.editFields')}
            </Button>
          )
        }
      />
      <CardBody>
        {fieldsQuery.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : fields.length === 0 ? (
          <p className="text-sm text-slate-500">{t('contacts.noCustomFields')}</p>
        ) : editing ? (
          <form onSubmit={save} className="space-y-4" noValidate>
            {errors.message && <Alert tone="danger">{errors.message}</Alert>}
            <CustomFieldsForm fields={fields} values={values} onChange={setValues} errors={errors.fields} idPrefix="contact-cf" />
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="outline" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending} data-testid="save-custom-fields">
                {t('common.save')}
              </Button>
            </div>
          </form>
        ) : (
          <dl className="divide-y divide-slate-100">
            {fields.map((f) => (
              <DetailRow key={f.id} label={<span dir="auto">{f.label}</span>} ltr={['url', 'email', 'phone', 'number'].includes(f.kind)}>
                {f.kind === 'url' && typeof contact.customFields[f.key] === 'string' ? (
                  <a href={String(contact.customFields[f.key])} target="_blank" rel="noreferrer noopener" className="text-primary-700 hover:underline">
                    {String(contact.customFields[f.key])}
                  </a>
                ) : (
                  formatFieldValue(f, contact.customFields[f.key], i18n.language, [t('contacts.yes'), t('contacts.no')])
                )}
              </DetailRow>
            ))}
          </dl>
        )}
      </CardBody>
    </Card>
  );
}

function TimelineCard({ contactId, areaBase }: { contactId: string; areaBase: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const timeline = useTimeline(contactId);
  // The contact's own events carry data in `title` (a state, field keys, a name); say them in the reader's language.
  const timelineHeading = (e: TimelineEntry) => {
    switch (e.kind) {
      case 'created':
      case 'imported':
      case 'field_changed':
      case 'merged':
      case 'note':
      case 'label':
        return t(`contacts.timeline.headings.${e.kind}`, { title: e.title });
      case 'consent':
        return t('contacts.timeline.headings.consent', {
          title: isConsentStatus(e.title) ? t(`contacts.consent.${e.title}`) : e.title,
        });
      default:
        return e.title;
    }
  };
  return (
    <Card data-testid="timeline-card">
      <CardHeader title={t('contacts.timeline.title')} />
      <CardBody>
        {timeline.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : timeline.isError ? (
          <Alert tone="danger">{errorText(timeline.error)}</Alert>
        ) : timeline.data.length === 0 ? (
          <p className="text-sm text-slate-500">{t('contacts.timeline.empty')}</p>
        ) : (
          <ol className="relative space-y-4 border-s border-slate-200 ps-5">
            {timeline.data.map((e, i) => (
              <li key={`${e.at}-${i}`} className="relative" data-testid="timeline-entry" data-kind={e.kind}>
                <span className="absolute -start-[1.95rem] top-0 flex size-7 items-center justify-center rounded-full bg-primary-50 text-primary-600 ring-4 ring-white">
                  <Icon name={isTimelineKind(e.kind) ? TIMELINE_ICONS[e.kind] : 'info'} className="size-3.5" />
                </span>
                <p className="text-sm font-medium text-slate-900" dir="auto">
                  {e.kind === 'conversation' && e.refId ? (
                    <Link to={`${areaBase}/conversations/${e.refId}`} className="hover:text-primary-700 hover:underline">
                      {e.title}
                    </Link>
                  ) : (
                    timelineHeading(e)
                  )}
                </p>
                {e.detail && (
                  <p className="mt-0.5 text-sm break-words text-slate-600" dir="auto">
                    {e.detail}
                  </p>
                )}
                <p className="mt-0.5 text-xs text-slate-400">
                  <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                  {e.actorName && ` · ${e.actorName}`}
                  {' · '}
                  {isTimelineKind(e.kind) ? t(`contacts.timeline.kinds.${e.kind}`) : e.kind}
                </p>
              </li>
            ))}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}

function ConversationsCard({ contactId, areaBase }: { contactId: string; areaBase: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const now = useNow(60_000);
  const list = useContactConversations(contactId);
  return (
    <Card data-testid="contact-conversations-card">
      <CardHeader title={t('contacts.conversations')} />
      <CardBody className="space-y-1.5">
        {list.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : list.isError ? (
          <Alert tone="danger">{errorText(list.error)}</Alert>
        ) : list.data.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t('contacts.noConversations')}</p>
        ) : (
          list.data.items.map((c) => (
            <Link
              key={c.id}
              to={`${areaBase}/conversations/${c.id}`}
              className="block rounded-xl border border-slate-200 px-3 py-2 transition hover:bg-slate-50"
              data-testid="contact-conversation"
            >
              <span className="flex items-center justify-between gap-2 text-xs">
                <Badge tone={c.status === 'open' ? 'primary' : 'neutral'}>{isConversationStatus(c.status) ? t(`conversations.status.${c.status}`) : c.status}</Badge>
                <span className="text-slate-400">{formatRelative(c.lastMessageAt ?? c.updatedAt, now, i18n.language)}</span>
              </span>
              <span className="mt-1 block truncate text-sm text-slate-700" dir="auto">
                {c.lastMessagePreview ?? '—'}
              </span>
              <span className="block truncate text-xs text-slate-400">{c.connectionName}</span>
            </Link>
          ))
        )}
      </CardBody>
    </Card>
  );
}

function MergeModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const { merge } = useContactActions();
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const [other, setOther] = useState<Contact | null>(null);
  const results = useQuery({
    queryKey: ['crm', 'contacts', 'merge-search', q],
    queryFn: () => crmApi.contacts({ q }, null, 10),
    enabled: q.length > 0,
  });
  const candidates = (results.data?.items ?? []).filter((c) => c.id !== contact.id);
  const close = () => {
    merge.reset();
    onClose();
  };
  return (
    <Modal
      open
      onClose={close}
      title={t('contacts.merge.title')}
      description={t('contacts.merge.subtitle', { name: displayName(contact) })}
      testId="merge-modal"
      footer={
        <ModalActions onCancel={close}>
          <Button
            variant="danger"
            disabled={!other}
            loading={merge.isPending}
            onClick={() => other && merge.mutate({ id: contact.id, otherId: other.id }, { onSuccess: close })}
            data-testid="merge-confirm"
          >
            {t('contacts.merge.confirm')}
          </Button>
        </ModalActions>
      }
    >
      <div className="space-y-3">
        {other ? (
          <>
            <Alert tone="warning" title={t('contacts.merge.warningTitle')}>
              {t('contacts.merge.warning', { other: displayName(other), kept: displayName(contact) })}
            </Alert>
            <Button variant="ghost" size="sm" onClick={() => setOther(null)}>
              {t('contacts.merge.chooseAnother')}
            </Button>
          </>
        ) : (
          <>
            <SearchInput value={search} onChange={setSearch} label={t('contacts.merge.search')} testId="merge-search" />
            {results.isFetching && <Spinner className="text-primary-500" label={t('common.loading')} />}
            {results.isError && <Alert tone="danger">{errorText(results.error)}</Alert>}
            {q && results.isSuccess && candidates.length === 0 && <p className="text-sm text-slate-500">{t('contacts.noMatch')}</p>}
            <ul className="max-h-72 space-y-1 overflow-y-auto">
              {candidates.map((c) => (
                <li key={c.id}>
                  <button type="button" onClick={() => setOther(c)} className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-start hover:bg-slate-50" data-testid="merge-candidate">
                    <Avatar name={displayName(c)} className="size-8" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-slate-900" dir="auto">
                        {displayName(c)}
                      </span>
                      <span className="block truncate text-xs text-slate-500" dir="ltr">
                        {[c.phone, c.email].filter(Boolean).join(' · ')}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {merge.error ? <Alert tone="danger">{errorText(merge.error)}</Alert> : null}
      </div>
    </Modal>
  );
}

/**
 * One contact: profile, custom fields, labels, consent, timeline and conversations; managers merge and delete.
 * `extraPanels` is where other areas (deals, tickets) add their panels for the contact.
 */
export function ContactPage({ basePath, extraPanels }: { basePath: string; extraPanels?: (contactId: string) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const errorText = useCrmErrorText();
  const manager = useIsManager();
  const contact = useContact(id);
  const { setLabels, setConsent, remove } = useContactActions();
  const [dialog, setDialog] = useState<'edit' | 'merge' | 'delete' | null>(null);

  if (contact.isPending) return <PageSpinner label={t('common.loading')} />;
  if (contact.isError) {
    return (
      <div className="space-y-4">
        <BackLink basePath={basePath} />
        <Card>
          <EmptyState icon="user" title={t('contacts.notFound')} description={errorText(contact.error)} />
        </Card>
      </div>
    );
  }
  const c = contact.data;
  const name = displayName(c);

  return (
    <div className="space-y-6" data-testid="contact-page" data-contact-id={c.id}>
      <BackLink basePath={basePath} />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
        {c.avatarUrl ? <img src={c.avatarUrl} alt="" className="size-16 shrink-0 rounded-full object-cover" /> : <Avatar name={name} className="size-16 text-lg" />}
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900" dir="auto" data-testid="contact-name">
            {name}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500">
            {c.phone && <span dir="ltr">{c.phone}</span>}
            {c.profileName && (
              <span>
                {t('contacts.fields.profileName')}: <span dir="auto">{c.profileName}</span>
              </span>
            )}
            <ConsentBadge status={c.consent.status} />
            {c.erasedAt && (
              <Badge tone="danger" data-testid="contact-erased">
                {t('contacts.erasedBadge')}
              </Badge>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ContactPrivacyActions contact={c} manager={manager} />
          <Button variant="outline" onClick={() => setDialog('edit')} data-testid="edit-contact">
            <Icon name="pencil" className="size-4" />
            {t('contacts.edit')}
          </Button>
          {manager && (
            <>
              <Button variant="outline" onClick={() => setDialog('merge')} data-testid="merge-contact">
                <Icon name="swap" className="size-4" />
                {t('contacts.merge.button')}
              </Button>
              <Button variant="outline" className="text-danger-600 hover:bg-danger-50" onClick={() => setDialog('delete')} data-testid="delete-contact">
                <Icon name="trash" className="size-4" />
                {t('contacts.delete')}
              </Button>
            </>
          )}
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card data-testid="profile-card">
            <CardHeader title={t('contacts.profile')} />
            <CardBody>
              <dl className="divide-y divide-slate-100">
                <DetailRow label={t('contacts.fields.name')}>{c.name}</DetailRow>
                <DetailRow label={t('contacts.fields.phone')} ltr>
                  {c.phone}
                </DetailRow>
                <DetailRow label={t('contacts.fields.email')} ltr>
                  {c.email && (
                    <a href={`mailto:${c.email}`} className="text-primary-700 hover:underline">
                      {c.email}
                    </a>
                  )}
                </DetailRow>
                <DetailRow label={t('contacts.fields.company')}>{c.company}</DetailRow>
                <DetailRow label={t('contacts.fields.profileName')}>{c.profileName}</DetailRow>
                <DetailRow label={t('contacts.fields.notes')}>{c.notes && <span className="whitespace-pre-wrap">{c.notes}</span>}</DetailRow>
                <DetailRow label={t('contacts.columns.createdAt')}>{formatDate(c.createdAt, i18n.language)}</DetailRow>
                <DetailRow label={t('contacts.columns.lastMessageAt')}>{c.lastMessageAt ? formatDateTime(c.lastMessageAt, i18n.language) : null}</DetailRow>
              </dl>
            </CardBody>
          </Card>
          <CustomFieldsCard key={c.updatedAt} contact={c} />
          {/* Slot for other areas' panels (deals, tickets): see `extraPanels`. */}
          {extraPanels && <div className="space-y-6" data-testid="contact-extra-panels">{extraPanels(c.id)}</div>}
          <TimelineCard contactId={c.id} areaBase={basePath} />
        </div>

        <div className="min-w-0 space-y-6">
          <Card data-testid="labels-card">
            <CardHeader
              title={t('contacts.fields.labels')}
              actions={
                <LabelPicker selected={c.labels} onChange={(labelIds) => setLabels.mutate({ id: c.id, labelIds })} pending={setLabels.isPending} testId="contact-labels" align="end" />
              }
            />
            <CardBody>
              {c.labels.length > 0 ? <LabelChips labels={c.labels} testId="contact-label" /> : <p className="text-sm text-slate-500">{t('contacts.noLabels')}</p>}
              {setLabels.isError && <p className="mt-2 text-xs text-danger-700">{errorText(setLabels.error)}</p>}
            </CardBody>
          </Card>

          <Card data-testid="consent-card">
            <CardHeader title={t('contacts.fields.consent')} />
            <CardBody className="space-y-3">
              <div className="flex items-center gap-2">
                <ConsentBadge status={c.consent.status} />
                {setConsent.isPending && <Spinner className="size-4 text-primary-500" />}
              </div>
              {c.consent.source && (
                <p className="text-xs text-slate-500">
                  {t('contacts.consentSource', { source: isConsentSource(c.consent.source) ? t(`contacts.consentSources.${c.consent.source}`) : c.consent.source, at: formatDateTime(c.consent.at, i18n.language) })}
                </p>
              )}
              <Select
                value={c.consent.status}
                onChange={(e) => setConsent.mutate({ id: c.id, status: e.target.value as ConsentStatus })}
                aria-label={t('contacts.changeConsent')}
                disabled={setConsent.isPending}
                data-testid="consent-select"
              >
                {CONSENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`contacts.consent.${s}`)}
                  </option>
                ))}
              </Select>
              {setConsent.isError && <p className="text-xs text-danger-700">{errorText(setConsent.error)}</p>}
            </CardBody>
          </Card>

          <ConversationsCard contactId={c.id} areaBase={basePath} />
        </div>
      </div>

      {dialog === 'edit' && <EditProfileModal contact={c} onClose={() => setDialog(null)} />}
      {dialog === 'merge' && <MergeModal contact={c} onClose={() => setDialog(null)} />}
      <ConfirmModal
        open={dialog === 'delete'}
        title={t('contacts.deleteTitle')}
        body={t('contacts.deleteBody', { name })}
        confirmLabel={t('contacts.delete')}
        danger
        loading={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => {
          remove.reset();
          setDialog(null);
        }}
        onConfirm={() => remove.mutate(c.id, { onSuccess: () => navigate(`${basePath}/contacts`, { replace: true }) })}
      />
    </div>
  );
}

function BackLink({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`${basePath}/contacts`} className={cn('inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800')} data-testid="back-to-contacts">
      <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
      {t('contacts.backToList')}
    </Link>
  );
}

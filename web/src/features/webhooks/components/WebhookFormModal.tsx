//! The create and edit dialog: URL, description and the events, picked from the catalogue by family with each
//! kind's description and example body, or "all events". A created endpoint's secret is shown next, once.
import type { WebhookEventKind } from '../../../api/types';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, FormModal, PageSpinner, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useWebhookActions } from '../hooks';
import { useCatalogText } from './useCatalogText';
import { coversAll, familyState, groupKinds, prettyJson, toggleFamily, toggleKind, type KindGroup } from '../kinds';
import type { CreatedWebhook, EventKind, WebhookEndpoint } from '../types';

const FIELDS = ['url', 'description', 'events'] as const;

function FamilyPicker({ group, events, onChange }: { group: KindGroup; events: string[]; onChange: (events: string[]) => void }) {
  const state = familyState(events, group);
  const familyLabel = useCatalogText().family(group.family);
  return (
    <fieldset className="rounded-xl border border-slate-200 p-3" data-testid="event-family" data-family={group.family}>
      <legend className="px-1">
        <label className="flex items-center gap-2 text-sm font-semibold text-slate-800">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 text-primary-600"
            checked={state === 'all'}
            ref={(el) => {
              if (el) el.indeterminate = state === 'some';
            }}
            onChange={(e) => onChange(toggleFamily(events, group, e.target.checked))}
          />
          {familyLabel}
        </label>
      </legend>
      <ul className="space-y-2">
        {group.kinds.map((k) => (
          <KindRow key={k.kind} kind={k} checked={events.includes(k.kind)} onChange={(on) => onChange(toggleKind(events, k.kind, on))} />
        ))}
      </ul>
    </fieldset>
  );
}

function KindRow({ kind, checked, onChange }: { kind: EventKind; checked: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  const text = useCatalogText();
  return (
    <li className="ps-1">
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-primary-600"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          data-testid="event-kind"
          value={kind.kind}
        />
        <span className="min-w-0">
          <code className="font-mono text-xs font-medium text-slate-800" dir="ltr">
            {kind.kind}
          </code>
          <span className="block text-xs text-slate-500" dir="auto">
            {text.kind(kind)}
          </span>
        </span>
      </label>
      <details className="ms-6 mt-1 text-xs">
        <summary className="cursor-pointer text-primary-700 hover:underline">{t('webhooks.form.example')}</summary>
        <pre className="mt-1 max-h-56 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-[11px] leading-relaxed text-slate-100" dir="ltr">
          {prettyJson(kind.example)}
        </pre>
      </details>
    </li>
  );
}

/**
 * Open for a new endpoint (`endpoint` null) or to edit one. `onCreated` gets the new endpoint and its secret.
 */
export function WebhookFormModal({
  open,
  endpoint,
  catalog,
  onClose,
  onCreated,
}: {
  open: boolean;
  endpoint: WebhookEndpoint | null;
  catalog: EventKind[] | undefined;
  onClose: () => void;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create, update } = useWebhookActions();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [all, setAll] = useState(endpoint ? Boolean(catalog && coversAll(endpoint.events, catalog)) : false);
  const [events, setEvents] = useState<string[]>(endpoint?.events ?? []);
  const [errors, setErrors] = useState(NO_ERRORS);
  const saving = create.isPending || update.isPending;
  const groups = catalog ? groupKinds(catalog) : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const chosen = (all ? ['*'] : events) as WebhookEventKind[];
    const onError = (err: unknown) =>
      setErrors(mapFormError(err, FIELDS, { describe: errorText, codeFields: { url_not_allowed: 'url' } }));
    if (endpoint) {
      update.mutate(
        { id: endpoint.id, body: { url: url.trim(), description: description.trim(), events: chosen } },
        { onSuccess: onClose, onError },
      );
    } else {
      create.mutate({ url: url.trim(), description: description.trim(), events: chosen, enabled: true }, { onSuccess: onCreated, onError });
    }
  };

  return (
    <FormModal
      open={open}
      onClose={onClose}
      title={endpoint ? t('webhooks.form.editTitle') : t('webhooks.form.createTitle')}
      description={t('webhooks.form.subtitle')}
      testId="webhook-form"
      formId="webhook-form-el"
      onSubmit={submit}
      submitLabel={endpoint ? t('webhooks.form.save') : t('webhooks.form.create')}
      submitting={saving}
      submitTestId="webhook-save"
      error={errors.message}
    >
      <TextField
        label={t('webhooks.form.url')}
        id="webhook-url"
        name="url"
        type="url"
        dir="ltr"
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.fields.url}
        hint={t('webhooks.form.urlHint')}
        placeholder="https://example.com/parley/webhooks"
      />
      <TextField
        label={t('webhooks.form.description')}
        id="webhook-description"
        name="description"
        dir="auto"
        maxLength={200}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.fields.description}
        placeholder={t('webhooks.form.descriptionPlaceholder')}
      />
      <div className="space-y-2" role="group" aria-labelledby="webhook-events-label" aria-describedby={errors.fields.events ? 'webhook-events-error' : undefined}>
        <p id="webhook-events-label" className="text-sm font-medium text-slate-700">
          {t('webhooks.form.events')}
        </p>
        <label className="flex items-center gap-2 rounded-xl border border-primary-200 bg-primary-50/60 px-3 py-2 text-sm font-medium text-primary-900">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 text-primary-600"
            checked={all}
            onChange={(e) => setAll(e.target.checked)}
            data-testid="event-all"
          />
          <span>
            {t('webhooks.form.allEvents')}
            <span className="block text-xs font-normal text-primary-800/80">{t('webhooks.form.allEventsHint')}</span>
          </span>
        </label>
        {errors.fields.events && (
          <p id="webhook-events-error" className="text-sm text-danger-600" data-testid="error-webhook-events">
            {errors.fields.events}
          </p>
        )}
        {!catalog ? (
          <PageSpinner label={t('common.loading')} />
        ) : (
          <div className={cn('space-y-3', all && 'pointer-events-none opacity-50')} aria-disabled={all || undefined} inert={all || undefined}>
            {groups.map((g) => (
              <FamilyPicker key={g.family} group={g} events={events} onChange={setEvents} />
            ))}
          </div>
        )}
        {!all && events.length === 0 && catalog && <Alert tone="info">{t('webhooks.form.pickOne')}</Alert>}
      </div>
    </FormModal>
  );
}

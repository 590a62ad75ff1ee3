//! /app/agency/offer: the plans the agency sells to its clients (name, monthly price, features, limits within the
//! agency's own plan), with how many clients each has; a plan in use is archived instead of deleted.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, ConfirmModal, EmptyState, FormModal, Icon, PageHeader, QueryView, TextAreaField, TextField } from '../../../components/ui';
import { ApiError } from '../../../api/errors';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import { formatMinor } from '../../billing/money';
import type { AgencyPlan } from '../api';
import { useAgency, useDeletePlan, usePlans, useSavePlan } from '../hooks';
import { agencyFormToInput, agencyPlanToForm, CLIENT_FEATURE_KEYS, CLIENT_LIMIT_KEYS, emptyAgencyPlanForm, inputOfAgencyField, validateAgencyPlanForm } from '../planForm';
import { AgencyTabs } from './AgencyTabs';
import { LimitsFields } from '../../billing/admin/LimitsFields';

export function OfferPage() {
  const { t } = useTranslation();
  const plans = usePlans();
  const [editing, setEditing] = useState<AgencyPlan | 'new' | null>(null);
  const [removing, setRemoving] = useState<AgencyPlan | null>(null);
  return (
    <div data-testid="agency-offer">
      <PageHeader
        title={t('agency.title')}
        description={t('agency.offer.subtitle')}
        actions={
          <Button onClick={() => setEditing('new')} data-testid="new-plan">
            <Icon name="plus" className="size-4" />
            {t('agency.offer.new')}
          </Button>
        }
      />
      <AgencyTabs />
      <OwnPlanNote />
      <QueryView
        query={plans}
        isEmpty={(d) => d.length === 0}
        empty={
          <Card>
            <EmptyState icon="tag" title={t('agency.offer.empty')} description={t('agency.offer.emptyBody')} />
          </Card>
        }
      >
        {(rows) => (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="agency-plans">
            {rows.map((p) => (
              <PlanTile key={p.id} p={p} onEdit={() => setEditing(p)} onRemove={() => setRemoving(p)} />
            ))}
          </ul>
        )}
      </QueryView>
      {editing && <PlanDialog plan={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {removing && <RemoveDialog plan={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}

function OwnPlanNote() {
  const { t } = useTranslation();
  const agency = useAgency();
  if (!agency.data?.planName) return null;
  return (
    <p className="mb-4 text-sm text-slate-600" data-testid="own-plan-note">
      {t('agency.offer.ceiling', { name: agency.data.planName })}
    </p>
  );
}

function PlanTile({ p, onEdit, onRemove }: { p: AgencyPlan; onEdit: () => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const features = CLIENT_FEATURE_KEYS.filter((k) => p.features[k]);
  return (
    <li data-testid="agency-plan" data-plan={p.name}>
      <Card className="flex h-full flex-col p-5">
        <div className="flex items-start justify-between gap-2">
          <h2 className="font-semibold text-slate-900" dir="auto">
            {p.name}
          </h2>
          {!p.isActive && <Badge tone="neutral">{t('agency.offer.archived')}</Badge>}
        </div>
        <p className="mt-1 text-lg font-semibold text-primary-700">
          {t('agency.offer.perMonth', { amount: formatMinor(p.monthlyAmount, p.currency, i18n.language) })}
        </p>
        {p.description && (
          <p className="mt-2 text-sm text-slate-600" dir="auto">
            {p.description}
          </p>
        )}
        <ul className="mt-3 flex-1 space-y-1 text-sm text-slate-600">
          {CLIENT_LIMIT_KEYS.map((k) =>
            p.limits[k] == null ? null : (
              <li key={k}>
                {t(`billing.limits.${k}`)}: <span className="tabular-nums">{formatNumber(p.limits[k] ?? 0, i18n.language)}</span>
              </li>
            ),
          )}
          {features.map((k) => (
            <li key={k} className="flex items-center gap-1.5">
              <Icon name="check" className="size-4 text-success-600" />
              {t(`billing.features.${k}`)}
            </li>
          ))}
        </ul>
        <p className="mt-3 text-xs text-slate-500">{t('agency.offer.clients', { count: p.clients, n: formatNumber(p.clients, i18n.language) })}</p>
        <div className="mt-3 flex gap-2">
          <Button size="sm" variant="outline" onClick={onEdit} data-testid="edit-plan">
            {t('agency.offer.edit')}
          </Button>
          {p.isActive && (
            <Button size="sm" variant="ghost" onClick={onRemove} data-testid="remove-plan">
              {p.clients > 0 ? t('agency.offer.archive') : t('agency.offer.delete')}
            </Button>
          )}
        </div>
      </Card>
    </li>
  );
}

function PlanDialog({ plan, onClose }: { plan: AgencyPlan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSavePlan();
  const [form, setForm] = useState(() => (plan ? agencyPlanToForm(plan) : emptyAgencyPlanForm()));
  const [shown, setShown] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = validateAgencyPlanForm(form);
    if (Object.keys(local).length) {
      setShown(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(`agency.offer.errors.${v === 'required' ? 'required' : 'invalid'}`)])));
      return;
    }
    setShown({});
    setGeneral(null);
    save.mutate(
      { id: plan?.id ?? null, body: agencyFormToInput(form) },
      {
        onSuccess: onClose,
        onError: (err) => {
          if (err instanceof ApiError && err.fieldErrors.length) {
            setShown(Object.fromEntries(err.fieldErrors.map((f) => [inputOfAgencyField(f.field), f.message])));
          } else setGeneral(errorText(err));
        },
      },
    );
  };
  const featureErrors = CLIENT_FEATURE_KEYS.map((k) => shown[`feature.${k}`]).filter(Boolean);
  return (
    <FormModal
      open
      onClose={onClose}
      title={plan ? t('agency.offer.editTitle') : t('agency.offer.newTitle')}
      testId="agency-plan-dialog"
      formId="agency-plan"
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={save.isPending}
      submitTestId="agency-plan-save"
      error={general}
    >
      <TextField id="plan-name" label={t('agency.offer.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={shown.name} maxLength={80} data-testid="plan-name" dir="auto" />
      <TextAreaField id="plan-description" label={t('agency.offer.description')} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} error={shown.description} rows={2} maxLength={500} dir="auto" />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField id="plan-monthly" label={t('agency.offer.monthly')} inputMode="decimal" value={form.monthly} onChange={(e) => setForm({ ...form, monthly: e.target.value })} error={shown.monthly} dir="ltr" data-testid="plan-monthly" />
        <TextField id="plan-currency" label={t('agency.offer.currency')} value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })} error={shown.currency} maxLength={3} dir="ltr" />
      </div>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t('agency.offer.features')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {CLIENT_FEATURE_KEYS.map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300"
                checked={form.features[k]}
                onChange={(e) => setForm({ ...form, features: { ...form.features, [k]: e.target.checked } })}
                data-testid={`plan-feature-${k}`}
              />
              {t(`billing.features.${k}`)}
            </label>
          ))}
        </div>
        {featureErrors.length > 0 && <Alert tone="danger" className="mt-2">{featureErrors.join(' · ')}</Alert>}
      </fieldset>
      <div>
        <p className="mb-2 text-sm font-medium text-slate-700">{t('agency.offer.limits')}</p>
        <LimitsFields keys={CLIENT_LIMIT_KEYS} testIdPrefix="agency-limit-" value={form.limits} onChange={(limits) => setForm({ ...form, limits })} errors={shown} placeholder={t('agency.offer.unlimited')} />
      </div>
    </FormModal>
  );
}

function RemoveDialog({ plan, onClose }: { plan: AgencyPlan; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const remove = useDeletePlan();
  const inUse = plan.clients > 0;
  return (
    <ConfirmModal
      open
      title={inUse ? t('agency.offer.archiveTitle', { name: plan.name }) : t('agency.offer.deleteTitle', { name: plan.name })}
      body={inUse ? t('agency.offer.archiveBody') : t('agency.offer.deleteBody')}
      confirmLabel={inUse ? t('agency.offer.archive') : t('agency.offer.delete')}
      danger={!inUse}
      loading={remove.isPending}
      error={remove.error ? errorText(remove.error) : null}
      onConfirm={() => remove.mutate(plan.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

import type { BillingCycle } from '../../../api/types';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Card, CardBody, CardHeader, ConfirmMutationModal, EmptyState, FormModal, QueryView, SelectField, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate, formatNumber } from '../../../lib/format';
import { mapFormError, NO_ERRORS, type FormErrors } from '../../../lib/formErrors';
import { AccessBadge, SubscriptionStatusBadge } from '../components/Badges';
import { InvoiceTable } from '../components/InvoiceTable';
import { UsageMeters } from '../components/UsageMeters';
import { parseMajor, toMinor } from '../money';
import { cyclesSold } from '../pricing';
import { isCycle, LIMIT_KEYS, type Invoice, type TenantBilling } from '../types';
import { useAdminPlans, useTenantBilling, useTenantBillingActions } from './hooks';
import { LimitsFields } from './LimitsFields';
import { formToLimits, limitsToForm, validateLimits, type LimitsForm } from './planForm';

type Actions = ReturnType<typeof useTenantBillingActions>;
type DialogKind = 'overrides' | 'trial' | 'assign' | 'invoice';

const LIMIT_FIELDS = LIMIT_KEYS.map((k) => `limits.${k}`);

/** Server field errors with `limits.X` renamed to the inputs' `limit.X`. */
function withLimitNames(e: FormErrors): FormErrors {
  return { message: e.message, fields: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^limits\./, 'limit.'), v])) };
}

function useReasonCheck() {
  const { t } = useTranslation();
  return (reason: string): string | undefined => (reason.trim().length < 3 ? t('adminBilling.tenant.errors.reason') : undefined);
}

function OverridesDialog({ billing, actions, onClose }: { billing: TenantBilling; actions: Actions; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const checkReason = useReasonCheck();
  const [limits, setLimits] = useState<LimitsForm>(() => limitsToForm(billing.limitOverrides));
  const [reason, setReason] = useState(billing.overrideReason ?? '');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const k of Object.keys(validateLimits(limits))) found[k] = t('adminBilling.form.errors.invalid');
    const r = checkReason(reason);
    if (r) found.reason = r;
    if (Object.keys(found).length > 0) return setErrors({ fields: found, message: null });
    actions.overrides.mutate(
      { limits: formToLimits(limits), reason: reason.trim() },
      { onSuccess: onClose, onError: (err) => setErrors(withLimitNames(mapFormError(err, ['reason', ...LIMIT_FIELDS], { describe: errorText }))) },
    );
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('adminBilling.tenant.overrides.title')}
      description={t('adminBilling.tenant.overrides.hint')}
      formId="overrides-form"
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={actions.overrides.isPending}
      error={errors.message}
      testId="overrides-dialog"
    >
      <LimitsFields value={limits} onChange={setLimits} errors={errors.fields} placeholder={t('adminBilling.tenant.overrides.none')} />
      <TextAreaField name="reason" label={t('adminBilling.tenant.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} rows={2} className="min-h-16" maxLength={300} />
    </FormModal>
  );
}

function ExtendTrialDialog({ actions, onClose }: { actions: Actions; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const checkReason = useReasonCheck();
  const [days, setDays] = useState('7');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 365) found.days = t('adminBilling.tenant.errors.days');
    const r = checkReason(reason);
    if (r) found.reason = r;
    if (Object.keys(found).length > 0) return setErrors({ fields: found, message: null });
    actions.extendTrial.mutate({ days: n, reason: reason.trim() }, { onSuccess: onClose, onError: (err) => setErrors(mapFormError(err, ['days', 'reason'], { describe: errorText })) });
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('adminBilling.tenant.trial.title')}
      description={t('adminBilling.tenant.trial.hint')}
      formId="trial-form"
      onSubmit={submit}
      submitLabel={t('adminBilling.tenant.trial.submit')}
      submitting={actions.extendTrial.isPending}
      error={errors.message}
      testId="trial-dialog"
    >
      <TextField name="days" label={t('adminBilling.tenant.trial.days')} value={days} onChange={(e) => setDays(e.target.value)} error={errors.fields.days} inputMode="numeric" dir="ltr" />
      <TextAreaField name="reason" label={t('adminBilling.tenant.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} rows={2} className="min-h-16" maxLength={300} />
    </FormModal>
  );
}

function AssignPlanDialog({ billing, actions, onClose }: { billing: TenantBilling; actions: Actions; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const checkReason = useReasonCheck();
  const plans = useAdminPlans();
  const active = (plans.data ?? []).filter((p) => p.isActive).sort((a, b) => a.position - b.position);
  const [planId, setPlanId] = useState(billing.overview.plan?.id ?? '');
  const [cycle, setCycle] = useState(billing.overview.cycle);
  const [complimentary, setComplimentary] = useState(billing.overview.complimentary);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const plan = active.find((p) => p.id === planId) ?? null;
  const cycles = plan ? cyclesSold(plan) : [];
  const chosenCycle = cycles.includes(cycle as never) ? cycle : (cycles[0] ?? 'monthly');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!plan) found.planId = t('adminBilling.tenant.errors.plan');
    const r = checkReason(reason);
    if (r) found.reason = r;
    if (Object.keys(found).length > 0 || !plan) return setErrors({ fields: found, message: null });
    actions.assign.mutate(
      { planId: plan.id, cycle: chosenCycle as BillingCycle, complimentary, reason: reason.trim() },
      { onSuccess: onClose, onError: (err) => setErrors(mapFormError(err, ['planId', 'cycle', 'reason'], { describe: errorText })) },
    );
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('adminBilling.tenant.assign.title')}
      description={t('adminBilling.tenant.assign.hint')}
      formId="assign-form"
      onSubmit={submit}
      submitLabel={t('adminBilling.tenant.assign.submit')}
      submitting={actions.assign.isPending}
      error={errors.message ?? (plans.isError ? errorText(plans.error) : null)}
      testId="assign-dialog"
    >
      <SelectField name="planId" label={t('adminBilling.tenant.assign.plan')} value={planId} onChange={(e) => setPlanId(e.target.value)} error={errors.fields.planId} data-testid="assign-plan">
        <option value="">{t('adminBilling.tenant.assign.pick')}</option>
        {active.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField name="cycle" label={t('adminBilling.tenant.assign.cycle')} value={chosenCycle} onChange={(e) => setCycle(e.target.value)} error={errors.fields.cycle} disabled={!plan}>
        {(cycles.length > 0 ? cycles : (['monthly'] as const)).map((c) => (
          <option key={c} value={c}>
            {t(`billing.cycles.${c}`)}
          </option>
        ))}
      </SelectField>
      <label className="flex items-start gap-2.5 text-sm text-slate-700">
        <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300 accent-primary-600" checked={complimentary} onChange={(e) => setComplimentary(e.target.checked)} data-testid="assign-complimentary" />
        <span>
          {t('adminBilling.tenant.assign.complimentary')}
          <span className="block text-xs text-slate-500">{t('adminBilling.tenant.assign.complimentaryHint')}</span>
        </span>
      </label>
      <TextAreaField name="reason" label={t('adminBilling.tenant.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} rows={2} className="min-h-16" maxLength={300} />
    </FormModal>
  );
}

function InvoiceDialog({ billing, actions, onClose }: { billing: TenantBilling; actions: Actions; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(billing.overview.plan?.currency ?? 'usd');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const major = parseMajor(amount);
    if (major === null) found.amount = t('adminBilling.form.errors.invalid');
    if (!/^[a-zA-Z]{3}$/.test(currency.trim())) found.currency = t('adminBilling.form.errors.invalid');
    if (description.trim().length < 2) found.description = t('adminBilling.form.errors.required');
    if (Object.keys(found).length > 0 || major === null) return setErrors({ fields: found, message: null });
    const cur = currency.trim().toLowerCase();
    actions.createInvoice.mutate(
      { amount: toMinor(major, cur), currency: cur, description: description.trim() },
      { onSuccess: onClose, onError: (err) => setErrors(mapFormError(err, ['amount', 'currency', 'description'], { describe: errorText })) },
    );
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('adminBilling.tenant.invoices.new')}
      description={t('adminBilling.tenant.invoices.hint')}
      formId="invoice-form"
      onSubmit={submit}
      submitLabel={t('adminBilling.tenant.invoices.create')}
      submitting={actions.createInvoice.isPending}
      error={errors.message}
      testId="invoice-dialog"
    >
      <div className="grid grid-cols-[1fr_6rem] gap-3">
        <TextField name="amount" label={t('adminBilling.tenant.invoices.amount')} value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.fields.amount} inputMode="decimal" dir="ltr" />
        <TextField name="currency" label={t('adminBilling.form.currency')} value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.fields.currency} maxLength={3} dir="ltr" className="uppercase" />
      </div>
      <TextField name="description" label={t('adminBilling.tenant.invoices.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.fields.description} maxLength={200} />
    </FormModal>
  );
}

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:gap-4">
      <dt className="shrink-0 text-sm text-slate-500 sm:w-40">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Overview({ billing }: { billing: TenantBilling }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const o = billing.overview;
  const date = (iso: string | null | undefined) => formatDate(iso, lng);
  const gateway = o.gateway === 'stripe' || o.gateway === 'manual' || o.gateway === 'none' ? t(`adminBilling.gateways.${o.gateway}`) : o.gateway;
  return (
    <dl className="space-y-2.5" data-testid="tenant-billing-overview">
      <Row label={t('adminBilling.tenant.plan')}>
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium" dir="auto">
            {o.plan?.name ?? t('billing.current.noPlan')}
          </span>
          <SubscriptionStatusBadge status={o.status} />
          <AccessBadge access={o.access} />
          {o.complimentary && <Badge tone="secondary">{t('billing.current.complimentary')}</Badge>}
          {o.cancelAtPeriodEnd && <Badge tone="warning">{t('adminBilling.subscriptions.cancelling')}</Badge>}
        </span>
      </Row>
      {o.plan && <Row label={t('adminBilling.tenant.cycle')}>{isCycle(o.cycle) ? t(`billing.cycles.${o.cycle}`) : o.cycle}</Row>}
      <Row label={t('adminBilling.tenant.gateway')}>{gateway}</Row>
      {(o.currentPeriodStart || o.currentPeriodEnd) && (
        <Row label={t('adminBilling.tenant.period')}>
          {date(o.currentPeriodStart)} – {date(o.currentPeriodEnd)}
        </Row>
      )}
      {o.trialEnd && <Row label={t('adminBilling.tenant.trialEnd')}>{date(o.trialEnd)}</Row>}
      {o.scheduledPlan && <Row label={t('adminBilling.tenant.scheduled')}>{t('billing.current.scheduled', { plan: o.scheduledPlan.name, date: date(o.currentPeriodEnd) })}</Row>}
      {(o.restrictsAt || o.suspendsAt) && (
        <Row label={t('adminBilling.tenant.dunning')}>
          {[o.restrictsAt && t('billing.current.restrictsOn', { date: date(o.restrictsAt) }), o.suspendsAt && t('billing.current.suspendsOn', { date: date(o.suspendsAt) })].filter(Boolean).join(' · ')}
        </Row>
      )}
    </dl>
  );
}

function Overrides({ billing }: { billing: TenantBilling }) {
  const { t, i18n } = useTranslation();
  const set = LIMIT_KEYS.filter((k) => typeof billing.limitOverrides[k] === 'number');
  if (set.length === 0) return <p className="text-sm text-slate-500">{t('adminBilling.tenant.overrides.empty')}</p>;
  return (
    <div className="space-y-2" data-testid="tenant-overrides">
      <ul className="flex flex-wrap gap-2">
        {set.map((k) => (
          <li key={k}>
            <Badge tone="primary">
              {t(`billing.limits.${k}`)} <span dir="ltr">+{formatNumber(billing.limitOverrides[k] ?? 0, i18n.language)}</span>
            </Badge>
          </li>
        ))}
      </ul>
      {billing.overrideReason && (
        <p className="text-xs text-slate-500" dir="auto">
          {t('adminBilling.tenant.overrides.why', { reason: billing.overrideReason })}
        </p>
      )}
    </div>
  );
}

/** One tenant's billing for the platform admin: overview and usage, extra limits, trial, plan assignment, manual invoices. */
export function TenantBillingPanel({ tenantId }: { tenantId: string }) {
  const { t } = useTranslation();
  const billing = useTenantBilling(tenantId);
  const actions = useTenantBillingActions(tenantId);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [paying, setPaying] = useState<Invoice | null>(null);

  return (
    <QueryView query={billing}>
      {(b) => (
        <div className="space-y-6" data-testid="tenant-billing">
          <Card>
            <CardHeader
              title={t('adminBilling.tenant.subscription')}
              actions={
                <>
                  <Button size="sm" onClick={() => setDialog('assign')} data-testid="open-assign">
                    {t('adminBilling.tenant.assign.title')}
                  </Button>
                  <Button size="sm" variant="outline" onClick={() => setDialog('trial')} data-testid="open-trial">
                    {t('adminBilling.tenant.trial.title')}
                  </Button>
                </>
              }
            />
            <CardBody>
              <Overview billing={b} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title={t('billing.usage.heading')}
              actions={
                <Button size="sm" variant="outline" onClick={() => setDialog('overrides')} data-testid="open-overrides">
                  {t('adminBilling.tenant.overrides.title')}
                </Button>
              }
            />
            <CardBody className="space-y-5">
              <UsageMeters usage={b.overview.usage} />
              <div className="border-t border-slate-100 pt-4">
                <h3 className="mb-2 text-sm font-medium text-slate-700">{t('adminBilling.tenant.overrides.title')}</h3>
                <Overrides billing={b} />
              </div>
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title={t('billing.invoices.heading')}
              actions={
                <Button size="sm" variant="outline" onClick={() => setDialog('invoice')} data-testid="open-invoice">
                  {t('adminBilling.tenant.invoices.new')}
                </Button>
              }
            />
            {b.invoices.length === 0 ? (
              <EmptyState icon="file" title={t('billing.invoices.empty')} />
            ) : (
              <InvoiceTable
                invoices={b.invoices}
                actions={(inv) =>
                  inv.gateway === 'manual' && inv.status === 'open' ? (
                    <Button size="sm" variant="secondary" onClick={() => setPaying(inv)} data-testid="mark-paid">
                      {t('adminBilling.tenant.invoices.markPaid')}
                    </Button>
                  ) : null
                }
              />
            )}
          </Card>
          {dialog === 'overrides' && <OverridesDialog billing={b} actions={actions} onClose={() => setDialog(null)} />}
          {dialog === 'trial' && <ExtendTrialDialog actions={actions} onClose={() => setDialog(null)} />}
          {dialog === 'assign' && <AssignPlanDialog billing={b} actions={actions} onClose={() => setDialog(null)} />}
          {dialog === 'invoice' && <InvoiceDialog billing={b} actions={actions} onClose={() => setDialog(null)} />}
          <ConfirmMutationModal
            item={paying}
            onClose={() => setPaying(null)}
            mutation={actions.markPaid}
            variables={(inv) => inv.id}
            title={t('adminBilling.tenant.invoices.markPaidTitle')}
            body={paying ? t('adminBilling.tenant.invoices.markPaidBody', { number: paying.number ?? '—' }) : null}
            confirmLabel={t('adminBilling.tenant.invoices.markPaid')}
          />
        </div>
      )}
    </QueryView>
  );
}

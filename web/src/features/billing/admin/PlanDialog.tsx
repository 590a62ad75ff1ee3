import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormModal, Input, TextAreaField, TextField } from '../../../components/ui';
import { ApiError } from '../../../api/errors';
import { useErrorText } from '../../../i18n/useErrorText';
import { CYCLES, FEATURE_KEYS, type Plan, type PlanInput } from '../types';
import { usePlanActions } from './hooks';
import { LimitsFields } from './LimitsFields';
import { emptyPlanForm, formToInput, inputOfField, planToForm, validatePlanForm, type PlanForm, type PlanFormErrors } from './planForm';

/** Creates a plan, or edits `plan`: name, description, currency, a price per cycle sold, trial, features and limits. */
export function PlanDialog({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create, update } = usePlanActions();
  const mutation = plan ? update : create;
  const [form, setForm] = useState<PlanForm>(() => (plan ? planToForm(plan) : emptyPlanForm()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const ids = useId();

  const message = (code: PlanFormErrors[string]) =>
    code === 'required' ? t('adminBilling.form.errors.required') : code === 'noPrice' ? t('adminBilling.form.errors.noPrice') : t('adminBilling.form.errors.invalid');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validatePlanForm(form);
    if (Object.keys(found).length > 0) {
      setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, message(v)])));
      setGeneral(null);
      return;
    }
    const body: PlanInput = formToInput(form);
    const onError = (err: unknown) => {
      const fields: Record<string, string> = {};
      const stray: string[] = [];
      if (err instanceof ApiError) {
        for (const f of err.fieldErrors) {
          const input = inputOfField(f.field, body);
          if (input === 'description' || input === 'name' || input === 'currency' || input === 'trialDays' || input === 'prices' || input.startsWith('price.') || input.startsWith('limit.')) {
            fields[input] ??= f.message;
          } else stray.push(`${f.field}: ${f.message}`);
        }
      }
      setErrors(fields);
      setGeneral(stray.length > 0 ? stray.join(' · ') : Object.keys(fields).length === 0 ? errorText(err) : null);
    };
    setErrors({});
    setGeneral(null);
    if (plan) update.mutate({ id: plan.id, body }, { onSuccess: onClose, onError });
    else create.mutate(body, { onSuccess: onClose, onError });
  };

  const set = (patch: Partial<PlanForm>) => setForm((f) => ({ ...f, ...patch }));

  return (
    <FormModal
      open
      onClose={onClose}
      title={plan ? t('adminBilling.form.editTitle', { name: plan.name }) : t('adminBilling.form.createTitle')}
      formId="plan-form"
      onSubmit={submit}
      submitLabel={plan ? t('common.save') : t('adminBilling.form.create')}
      submitting={mutation.isPending}
      submitTestId="plan-save"
      error={general}
      testId="plan-dialog"
    >
      <TextField name="name" label={t('adminBilling.form.name')} value={form.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} maxLength={80} />
      <TextAreaField name="description" label={t('adminBilling.form.description')} value={form.description} onChange={(e) => set({ description: e.target.value })} error={errors.description} maxLength={500} rows={2} className="min-h-16" />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="currency"
          label={t('adminBilling.form.currency')}
          hint={t('adminBilling.form.currencyHint')}
          value={form.currency}
          onChange={(e) => set({ currency: e.target.value })}
          error={errors.currency}
          maxLength={3}
          dir="ltr"
          className="uppercase"
        />
        <TextField
          name="trialDays"
          label={t('adminBilling.form.trialDays')}
          hint={t('adminBilling.form.trialHint')}
          value={form.trialDays}
          onChange={(e) => set({ trialDays: e.target.value })}
          error={errors.trialDays}
          inputMode="numeric"
          dir="ltr"
        />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('adminBilling.form.prices')}</legend>
        <p className="text-xs text-slate-500">{t('adminBilling.form.pricesHint', { currency: form.currency.toUpperCase() || '—' })}</p>
        {errors.prices && <p className="text-sm text-danger-600" data-testid="error-prices">{errors.prices}</p>}
        <div className="grid gap-3 sm:grid-cols-3">
          {CYCLES.map((c) => {
            const id = `${ids}-price-${c}`;
            return (
              <Field key={c} label={t(`billing.cycles.${c}`)} htmlFor={id} error={errors[`price.${c}`]}>
                <Input
                  id={id}
                  inputMode="decimal"
                  value={form.prices[c]}
                  placeholder={t('adminBilling.form.notSold')}
                  onChange={(e) => set({ prices: { ...form.prices, [c]: e.target.value } })}
                  invalid={Boolean(errors[`price.${c}`])}
                  dir="ltr"
                  className="text-end"
                  data-testid={`price-${c}`}
                />
              </Field>
            );
          })}
        </div>
      </fieldset>

      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t('adminBilling.form.features')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {FEATURE_KEYS.map((k) => (
            <label key={k} className="flex items-center gap-2.5 rounded-xl border border-slate-200 px-3 py-2 text-sm text-slate-700 has-[:checked]:border-primary-300 has-[:checked]:bg-primary-50/60">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 accent-primary-600"
                checked={form.features[k]}
                onChange={(e) => set({ features: { ...form.features, [k]: e.target.checked } })}
                data-testid={`feature-${k}`}
              />
              {t(`billing.features.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t('adminBilling.form.limits')}</legend>
        <p className="mb-2 text-xs text-slate-500">{t('adminBilling.form.limitsHint')}</p>
        <LimitsFields value={form.limits} onChange={(limits) => set({ limits })} errors={errors} placeholder={t('billing.plans.unlimited')} />
      </fieldset>
    </FormModal>
  );
}

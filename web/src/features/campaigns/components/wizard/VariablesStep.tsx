import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, Select, TextField } from '../../../../components/ui';
import { useContactFields } from '../../../crm/hooks';
import { alignVariables, withSource } from '../../form';
import { CONTACT_COLUMNS, VARIABLE_SOURCES, type VariableMapping, type VariableSource } from '../../types';
import { TemplatePreview } from '../TemplatePreview';
import { StepTitle } from './BasicsSteps';
import { usePreviewValues } from './previewValues';
import type { StepProps } from './types';

function SlotName({ slot, buttonText }: { slot: string; buttonText?: string }) {
  const { t } = useTranslation();
  const [kind, a] = slot.split('.');
  if (kind === 'button') {
    return (
      <span>
        {t('campaigns.wizard.variables.button')} <bdi className="font-medium">{buttonText || Number(a) + 1}</bdi>
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1.5">
      {kind === 'header' ? t('campaigns.wizard.variables.header') : t('campaigns.wizard.variables.body')}
      <code className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-700" dir="ltr">{`{{${slot.split('.').pop() ?? ''}}}`}</code>
    </span>
  );
}

const isSource = (v: string): v is VariableSource => (VARIABLE_SOURCES as readonly string[]).includes(v);

/** One row per parameter slot: where its value comes from, and the fallback for recipients without one. */
export function VariablesStep({ form, update, campaign, template, fieldErrors }: StepProps) {
  const { t } = useTranslation();
  const fields = useContactFields();
  const values = usePreviewValues(form.variables);
  const csvColumns = campaign?.csvColumns ?? [];
  // A link button through Parley's redirect is filled with each recipient's click token: it asks where the link
  // leads instead of a variable.
  const tracked = useMemo(() => (template?.slots ?? []).filter((s) => campaign?.trackedSlots.includes(s)), [template, campaign]);
  const slots = useMemo(() => template?.slots.filter((s) => !tracked.includes(s)), [template, tracked]);

  // The template decides the rows: a slot it gained gets a default, one it lost goes.
  useEffect(() => {
    if (!slots) return;
    const same = slots.length === form.variables.length && slots.every((s, i) => form.variables[i]?.slot === s);
    if (!same) update({ variables: alignVariables(slots, form.variables) });
  }, [slots, form.variables, update]);

  const set = (i: number, m: VariableMapping) => update({ variables: form.variables.map((v, j) => (j === i ? m : v)) });

  if (!template) return <p className="text-sm text-slate-500">{t('campaigns.wizard.template.pick')}</p>;

  return (
    <div>
      <StepTitle title={t('campaigns.wizard.variables.title')} hint={t('campaigns.wizard.variables.hint')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-4">
          {template.media && (
            <TextField
              label={t(`campaigns.wizard.variables.media.${template.media}`)}
              name="headerMediaUrl"
              type="url"
              dir="ltr"
              placeholder="https://"
              value={form.headerMediaUrl}
              onChange={(e) => update({ headerMediaUrl: e.target.value })}
              hint={t('campaigns.wizard.variables.mediaHint')}
              error={fieldErrors.headerMediaUrl}
              data-testid="header-media-url"
            />
          )}
          {tracked.map((slot) => {
            const i = Number(slot.split('.')[1]);
            return (
              <div key={slot} className="rounded-xl border border-primary-200 bg-primary-50/40 p-3" data-testid="tracked-link">
                <TextField
                  label={t('campaigns.wizard.variables.clickUrl', { button: template.parts.buttons[i]?.text ?? i + 1 })}
                  name="clickUrl"
                  type="url"
                  dir="ltr"
                  placeholder="https://"
                  value={form.clickUrl}
                  onChange={(e) => update({ clickUrl: e.target.value })}
                  hint={t('campaigns.wizard.variables.clickUrlHint')}
                  error={fieldErrors.clickUrl}
                  data-testid="click-url"
                />
              </div>
            );
          })}
          {form.variables.length === 0 ? (
            <p className="rounded-xl bg-slate-50 p-4 text-sm text-slate-600" data-testid="no-variables">
              {t('campaigns.wizard.variables.none')}
            </p>
          ) : (
            <ul className="space-y-3" data-testid="variable-rows">
              {form.variables.map((m, i) => {
                const buttonIndex = m.slot.startsWith('button.') ? Number(m.slot.split('.')[1]) : -1;
                const valueError = fieldErrors[`variables.${i}.value`];
                return (
                  <li key={m.slot} className="rounded-xl border border-slate-200 p-3" data-testid="variable-row" data-slot={m.slot}>
                    <p className="mb-2 text-sm text-slate-700">
                      <SlotName slot={m.slot} buttonText={template.parts.buttons[buttonIndex]?.text} />
                    </p>
                    <div className="grid gap-x-2 gap-y-1.5 sm:grid-cols-[10rem_minmax(0,1fr)_minmax(0,1fr)]">
                      <span className="hidden text-xs text-slate-500 sm:block" aria-hidden="true">
                        {t('campaigns.wizard.variables.source')}
                      </span>
                      <span className="hidden text-xs text-slate-500 sm:block" aria-hidden="true">
                        {t('campaigns.wizard.variables.value')}
                      </span>
                      <span className="hidden text-xs text-slate-500 sm:block" aria-hidden="true">
                        {t('campaigns.wizard.variables.fallbackLabel')}
                      </span>
                      <Select
                        aria-label={t('campaigns.wizard.variables.source')}
                        value={m.source}
                        onChange={(e) => isSource(e.target.value) && set(i, withSource(m, e.target.value, csvColumns))}
                        data-testid="variable-source"
                      >
                        <option value="field">{t('campaigns.wizard.variables.sources.field')}</option>
                        <option value="constant">{t('campaigns.wizard.variables.sources.constant')}</option>
                        <option value="csv" disabled={csvColumns.length === 0 && m.source !== 'csv'}>
                          {t('campaigns.wizard.variables.sources.csv')}
                        </option>
                      </Select>
                      {m.source === 'field' ? (
                        <Select aria-label={t('campaigns.wizard.variables.field')} value={m.value} onChange={(e) => set(i, { ...m, value: e.target.value })} invalid={Boolean(valueError)} data-testid="variable-value">
                          {CONTACT_COLUMNS.map((c) => (
                            <option key={c} value={c}>
                              {t(`campaigns.fields.${c}`)}
                            </option>
                          ))}
                          {(fields.data ?? []).map((f) => (
                            <option key={f.key} value={f.key}>
                              {f.label}
                            </option>
                          ))}
                          {!CONTACT_COLUMNS.includes(m.value as (typeof CONTACT_COLUMNS)[number]) && !fields.data?.some((f) => f.key === m.value) && m.value && <option value={m.value}>{m.value}</option>}
                        </Select>
                      ) : m.source === 'csv' ? (
                        <Select aria-label={t('campaigns.wizard.variables.column')} value={m.value} onChange={(e) => set(i, { ...m, value: e.target.value })} invalid={Boolean(valueError)} data-testid="variable-value">
                          {!csvColumns.includes(m.value) && <option value={m.value}>{m.value || '—'}</option>}
                          {csvColumns.map((c) => (
                            <option key={c} value={c}>
                              {c}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <Input
                          aria-label={t('campaigns.wizard.variables.constant')}
                          placeholder={t('campaigns.wizard.variables.constant')}
                          value={m.value}
                          onChange={(e) => set(i, { ...m, value: e.target.value })}
                          invalid={Boolean(valueError)}
                          dir="auto"
                          data-testid="variable-value"
                        />
                      )}
                      <Input
                        aria-label={t('campaigns.wizard.variables.fallback')}
                        placeholder={t('campaigns.wizard.variables.fallback')}
                        value={m.fallback ?? ''}
                        disabled={m.source === 'constant'}
                        onChange={(e) => set(i, { ...m, fallback: e.target.value })}
                        dir="auto"
                        data-testid="variable-fallback"
                      />
                    </div>
                    {valueError && <p className="mt-1 text-sm text-danger-600">{valueError}</p>}
                  </li>
                );
              })}
            </ul>
          )}
          {csvColumns.length === 0 && form.variables.length > 0 && <p className="text-xs text-slate-500">{t('campaigns.wizard.variables.csvLater')}</p>}
          <p className="text-xs text-slate-500">{t('campaigns.wizard.variables.fallbackHint')}</p>
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <p className="mb-2 text-sm font-medium text-slate-700">{t('campaigns.preview.title')}</p>
          <TemplatePreview parts={template.parts} values={values} mediaUrl={form.headerMediaUrl || null} />
        </div>
      </div>
    </div>
  );
}

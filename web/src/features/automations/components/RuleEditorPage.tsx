//! `/app/automations/new` and `/app/automations/:id`: a rule's name, trigger, conditions and actions, with the rule
//! read back as a sentence. Missing picks are pointed out before sending; the API's 422s show under their fields.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, buttonClasses, Card, PageSpinner, Switch, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError } from '../../../lib/formErrors';
import { draftToInput, emptyDraft, fieldPaths, localProblems, ruleToDraft, type RuleDraft } from '../form';
import { useAutomation, useAutomationActions, useFieldOptions } from '../hooks';
import { actionsSummary, conditionsSummary, triggerSummary } from '../summary';
import type { Automation } from '../types';
import { ActionsSection } from './ActionsSection';
import { ConditionsSection } from './ConditionsSection';
import { BackToRules } from './parts';
import { useNames, useTranslate } from './useRuleText';
import { TriggerSection } from './TriggerSection';

const LIST = '/app/automations';

function Section({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId: string }) {
  return (
    <Card className="p-4 sm:p-5" data-testid={testId}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {hint && <p className="mt-0.5 text-sm text-slate-500">{hint}</p>}
      <div className="mt-4">{children}</div>
    </Card>
  );
}

function Preview({ draft }: { draft: RuleDraft }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const names = useNames();
  const fieldKinds = useFieldKinds();
  const input = draftToInput(draft, fieldKinds);
  return (
    <div className="rounded-2xl border border-primary-200 bg-primary-50/60 p-4 text-sm text-primary-900" data-testid="rule-preview" aria-live="polite">
      <p className="mb-1 font-semibold">{t('automations.editor.preview')}</p>
      <p className="break-words" data-testid="rule-preview-text">
        {(input.conditions?.groups ?? []).length === 0
          ? t('automations.editor.previewAlways', { trigger: triggerSummary(tr, input.trigger, names), actions: actionsSummary(tr, input.actions, names) })
          : t('automations.editor.previewText', {
              trigger: triggerSummary(tr, input.trigger, names),
              conditions: conditionsSummary(tr, input.conditions ?? {}, names),
              actions: actionsSummary(tr, input.actions, names),
            })}
      </p>
    </div>
  );
}

function useFieldKinds(): Record<string, string> {
  const fields = useFieldOptions().data ?? [];
  return Object.fromEntries(fields.map((f) => [f.key, f.kind]));
}

function RuleEditor({ rule }: { rule: Automation | null }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const fieldKinds = useFieldKinds();
  const { create, update } = useAutomationActions();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? ruleToDraft(rule) : emptyDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A message not about one field (a conflict, the network); field errors are in `errors`.
  const [general, setGeneral] = useState<string | null>(null);
  const saving = create.isPending || update.isPending;
  const set = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // Editing a part of the rule takes that part's errors away (they were about what it held).
    const parts = Object.keys(patch).map((k) => (k === 'match' || k === 'groups' ? 'conditions' : k));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => !parts.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)))));
  };
  const message = general ?? (Object.keys(errors).length > 0 ? t('automations.errors.fixBelow') : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = localProblems(draft);
    if (Object.keys(local).length > 0) {
      setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, tr(v)])));
      setGeneral(null);
      return;
    }
    setErrors({});
    setGeneral(null);
    const onError = (err: unknown) => {
      const mapped = mapFormError(err, fieldPaths(draft), { describe: errorText });
      setErrors(mapped.fields);
      setGeneral(mapped.message);
    };
    const body = draftToInput(draft, fieldKinds);
    const done = () => void navigate(LIST);
    if (rule) update.mutate({ id: rule.id, body }, { onSuccess: done, onError });
    else create.mutate(body, { onSuccess: done, onError });
  };

  return (
    <form onSubmit={submit} noValidate className="mx-auto max-w-3xl space-y-4" data-testid="rule-editor">
      <div>
        <BackToRules />
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{rule ? t('automations.editor.editTitle') : t('automations.editor.createTitle')}</h1>
      </div>
      {message && (
        <Alert tone="danger" data-testid="rule-error">
          {message}
        </Alert>
      )}
      <Section title={t('automations.editor.basics')} testId="rule-basics">
        <div className="space-y-4">
          <TextField
            id="rule-name"
            label={t('automations.editor.name')}
            dir="auto"
            maxLength={120}
            required
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
            error={errors.name}
            placeholder={t('automations.editor.namePlaceholder')}
          />
          <TextField
            id="rule-description"
            label={t('automations.editor.description')}
            dir="auto"
            maxLength={500}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
            error={errors.description}
          />
          <div className="flex items-center gap-3">
            <Switch on={draft.enabled} onChange={(enabled) => set({ enabled })} label={t('automations.editor.enabled')} testId="rule-enabled" />
            <span className="text-sm text-slate-700">{draft.enabled ? t('automations.editor.enabledOn') : t('automations.editor.enabledOff')}</span>
          </div>
        </div>
      </Section>
      <Section title={t('automations.editor.when')} testId="rule-trigger">
        <TriggerSection trigger={draft.trigger} onChange={(trigger) => set({ trigger })} errors={errors} />
      </Section>
      <Section title={t('automations.editor.onlyIf')} hint={t('automations.editor.onlyIfHint')} testId="rule-conditions">
        <ConditionsSection match={draft.match} groups={draft.groups} onChange={(match, groups) => set({ match, groups })} errors={errors} />
      </Section>
      <Section title={t('automations.editor.then')} hint={t('automations.editor.thenHint')} testId="rule-actions">
        <ActionsSection actions={draft.actions} onChange={(actions) => set({ actions })} errors={errors} />
      </Section>
      <Preview draft={draft} />
      <div className="flex flex-wrap justify-end gap-2 pb-4">
        <Link to={LIST} className={buttonClasses('outline', 'md')}>
          {t('common.cancel')}
        </Link>
        <Button type="submit" loading={saving} data-testid="rule-save">
          {rule ? t('automations.editor.save') : t('automations.editor.create')}
        </Button>
      </div>
    </form>
  );
}

export function RuleEditorRoute() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { id } = useParams();
  const rule = useAutomation(id ?? null);
  if (!id) return <RuleEditor rule={null} />;
  if (rule.isPending) return <PageSpinner label={t('common.loading')} />;
  if (rule.isError) return <Alert tone="danger">{errorText(rule.error)}</Alert>;
  return <RuleEditor key={rule.data.id} rule={rule.data} />;
}

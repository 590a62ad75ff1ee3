import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../../../api/errors';
import { Alert, Button, Card, Icon, PageSpinner } from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { cn } from '../../../../lib/cn';
import { useTemplates } from '../../../whatsapp';
import { stepOfField, type ByStep } from '../../checks';
import { emptyForm, formFromCampaign, stepProblem, toCampaignInput, type WizardForm } from '../../form';
import { useCampaign, useDraftActions } from '../../hooks';
import { chosenTemplate } from '../../template';
import { isWizardStep, WIZARD_STEPS, type Campaign, type WizardStep } from '../../types';
import { AudienceStep } from './AudienceStep';
import { NameStep, NumberStep } from './BasicsSteps';
import { ReviewStep } from './ReviewStep';
import { ScheduleStep } from './ScheduleStep';
import { TemplateStep } from './TemplateStep';
import type { StepProps } from './types';
import { useDraftSaver } from './useDraftSaver';
import { VariablesStep } from './VariablesStep';

/** The step a resumed draft opens on: the first one still missing something, else the review. */
function resumeStep(form: WizardForm): WizardStep {
  return WIZARD_STEPS.find((s) => stepProblem(s, form) !== null) ?? 'review';
}

function Stepper({ step, onStep, marks, disabled }: { step: WizardStep; onStep: (s: WizardStep) => void; marks: Partial<Record<WizardStep, boolean>>; disabled: boolean }) {
  const { t } = useTranslation();
  const at = WIZARD_STEPS.indexOf(step);
  return (
    <nav aria-label={t('campaigns.wizard.steps')} className="-mx-1 overflow-x-auto px-1 pb-1">
      <ol className="flex min-w-max gap-1 sm:gap-2" data-testid="wizard-steps">
        {WIZARD_STEPS.map((s, i) => {
          const current = s === step;
          return (
            <li key={s}>
              <button
                type="button"
                onClick={() => onStep(s)}
                disabled={disabled || current}
                aria-current={current ? 'step' : undefined}
                className={cn(
                  'flex items-center gap-2 rounded-full px-3 py-1.5 text-sm whitespace-nowrap transition',
                  current ? 'bg-primary-600 font-medium text-white' : 'text-slate-600 hover:bg-slate-100 disabled:opacity-55',
                )}
                data-testid="wizard-step"
                data-step={s}
                data-problem={marks[s] ? 'true' : undefined}
              >
                <span
                  className={cn(
                    'flex size-5 items-center justify-center rounded-full text-[11px] font-semibold',
                    current ? 'bg-white/20' : i < at ? 'bg-primary-100 text-primary-700' : 'bg-slate-100 text-slate-500',
                  )}
                >
                  {i < at ? <Icon name="check" className="size-3" /> : i + 1}
                </span>
                {t(`campaigns.wizard.step.${s}`)}
                {marks[s] && <span className="size-2 rounded-full bg-danger-500" aria-label={t('campaigns.wizard.stepHasProblems')} />}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function SaveIndicator({ state }: { state: string }) {
  const { t } = useTranslation();
  if (state === 'idle') return null;
  return (
    <span className={cn('text-xs', state === 'error' ? 'text-danger-700' : 'text-slate-500')} data-testid="wizard-save-state" data-state={state}>
      {t(`campaigns.wizard.save.${state as 'saving' | 'saved' | 'error'}`)}
    </span>
  );
}

function Wizard({ campaign, initial }: { campaign: Campaign | null; initial: WizardForm }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const id = campaign?.id ?? null;
  const [form, setForm] = useState<WizardForm>(initial);
  const saver = useDraftSaver(id);
  const { create } = useDraftActions();
  const [refusal, setRefusal] = useState<ByStep | null>(null);
  const [moving, setMoving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A scheduled campaign goes back to a draft with its first change (the API's rule): say so, and to schedule again.
  const [wasScheduled] = useState(campaign?.status === 'scheduled');

  const fromParams = params.get('step');
  const step: WizardStep = !id ? 'name' : isWizardStep(fromParams) ? fromParams : resumeStep(initial);
  const index = WIZARD_STEPS.indexOf(step);

  // What was loaded counts as saved; every change after it is saved a moment later.
  const { markSaved, save } = saver;
  useEffect(() => markSaved(initial), [markSaved, initial]);
  useEffect(() => {
    if (!id) return;
    const timer = setTimeout(() => void save(form).catch(() => undefined), 700);
    return () => clearTimeout(timer);
  }, [id, form, save]);

  // Leaving the wizard saves what the last 700 ms changed.
  const latest = useRef(form);
  useEffect(() => {
    latest.current = form;
  });
  useEffect(() => () => void save(latest.current).catch(() => undefined), [save]);

  const templates = useTemplates(form.connectionIds[0], form.connectionIds.length > 0);
  const template = useMemo(() => {
    const listed = templates.data?.find((x) => x.id === form.templateId);
    if (listed) return chosenTemplate(listed);
    return form.templateId && campaign?.templateId === form.templateId ? chosenTemplate(campaign.template) : null;
  }, [templates.data, form.templateId, campaign]);

  const update = useCallback((patch: Partial<WizardForm>) => {
    setProblem(null);
    setForm((f) => ({ ...f, ...patch }));
  }, []);

  const saveError = saver.state === 'error' ? saver.error : create.error;
  // A save's 422: each field's message next to it (on its step), the others above the buttons with their step.
  const { fieldErrors, general } = useMemo(() => {
    const none = { fieldErrors: {} as Record<string, string>, general: null as string | null };
    if (!saveError) return none;
    if (!(saveError instanceof ApiError) || saveError.fieldErrors.length === 0) return { ...none, general: errorText(saveError) };
    const here: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const f of saveError.fieldErrors) {
      const at = stepOfField(f.field);
      if (at === step) here[f.field] ??= f.message;
      else elsewhere.push(`${t(`campaigns.wizard.step.${at}`)}: ${f.message}`);
    }
    return { fieldErrors: here, general: elsewhere.length > 0 ? elsewhere.join(' · ') : null };
  }, [saveError, errorText, step, t]);

  const goTo = async (next: WizardStep) => {
    const forward = WIZARD_STEPS.indexOf(next) > index;
    const p = forward ? stepProblem(step, form) : null;
    if (p) {
      setProblem(p);
      return;
    }
    setMoving(true);
    try {
      if (!id) {
        const created = await create.mutateAsync(toCampaignInput(form));
        navigate(`/app/campaigns/${created.id}/edit?step=${next}`, { replace: true });
        return;
      }
      // Going back never waits on a save that fails (the message stays shown); going on does.
      await save(form).catch((e: unknown) => {
        if (forward) throw e;
      });
      setParams({ step: next }, { replace: false });
      window.scrollTo({ top: 0 });
    } catch {
      // Shown from the saver's or the create's error.
    } finally {
      setMoving(false);
    }
  };

  const props: StepProps = { form, update, campaign, template, fieldErrors };
  const marks: Partial<Record<WizardStep, boolean>> = {};
  for (const s of WIZARD_STEPS) if (refusal?.[s]?.length) marks[s] = true;

  const stepRefusal = refusal?.[step];

  return (
    <div className="mx-auto max-w-5xl space-y-5" data-testid="campaign-wizard" data-step={step}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link to="/app/campaigns" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
            <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
            {t('campaigns.list.title')}
          </Link>
          <h1 className="mt-1 truncate text-2xl font-semibold tracking-tight text-slate-900">
            {form.name.trim() ? <bdi>{form.name}</bdi> : t('campaigns.wizard.newTitle')}
          </h1>
        </div>
        <SaveIndicator state={saver.state} />
      </div>
      {wasScheduled && campaign && (
        <Alert tone={campaign.status === 'scheduled' ? 'info' : 'warning'}>
          <span data-testid="wizard-was-scheduled">
            {campaign.status === 'scheduled' ? t('campaigns.wizard.scheduledNote') : t('campaigns.wizard.backToDraft')}
          </span>
        </Alert>
      )}
      <Stepper step={step} onStep={(s) => void goTo(s)} marks={marks} disabled={!id || moving} />

      {stepRefusal && (
        <Alert tone="danger" title={t('campaigns.wizard.refusedHere')}>
          <ul className="list-inside list-disc space-y-0.5" data-testid="step-refusal">
            {stepRefusal.map((m, i) => (
              <li key={i} dir="auto">
                {m}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <Card className="p-4 sm:p-6" data-testid={`wizard-${step}`}>
        {step === 'name' && <NameStep {...props} />}
        {step === 'number' && <NumberStep {...props} />}
        {step === 'template' && <TemplateStep {...props} templates={templates} />}
        {step === 'variables' && <VariablesStep {...props} />}
        {step === 'audience' && <AudienceStep {...props} />}
        {step === 'schedule' && <ScheduleStep {...props} />}
        {step === 'review' && campaign && (
          <ReviewStep
            {...props}
            campaign={campaign}
            refusal={refusal}
            onRefused={setRefusal}
            onGoTo={(s) => void goTo(s)}
            beforeLaunch={() => save(form)}
          />
        )}
      </Card>

      {(problem || general) && (
        <Alert tone="danger">
          <span data-testid="wizard-error">{problem ? t(`campaigns.wizard.problem.${problem as 'nameRequired'}`) : general}</span>
        </Alert>
      )}

      {step !== 'review' && (
        <div className="flex items-center justify-between gap-3">
          <Button variant="outline" onClick={() => void goTo(WIZARD_STEPS[index - 1] ?? 'name')} disabled={index === 0 || moving} data-testid="wizard-back">
            <Icon name="chevronStart" className="size-4 rtl:-scale-x-100" />
            {t('common.previous')}
          </Button>
          <Button onClick={() => void goTo(WIZARD_STEPS[index + 1] ?? 'review')} loading={moving} data-testid="wizard-next">
            {t('campaigns.wizard.next')}
            <Icon name="chevronEnd" className="size-4 rtl:-scale-x-100" />
          </Button>
        </div>
      )}
    </div>
  );
}

/** `/app/campaigns/new` and `/app/campaigns/:id/edit`: the wizard, on a new campaign or a saved draft. */
export function CampaignWizardPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  if (!id) return <Wizard key="new" campaign={null} initial={emptyForm()} />;
  return <SavedWizard key={id} id={id} loading={t('common.loading')} />;
}

function SavedWizard({ id, loading }: { id: string; loading: string }) {
  const errorText = useErrorText();
  const query = useCampaign(id);
  // The form is read from the draft once, when it arrives; later answers (our own saves) do not reset it.
  const [initial, setInitial] = useState<WizardForm | null>(null);
  if (query.data && initial === null) setInitial(formFromCampaign(query.data));
  if (query.isError) return <Alert tone="danger">{errorText(query.error)}</Alert>;
  if (!query.data || !initial) return <PageSpinner label={loading} />;
  if (query.data.status !== 'draft' && query.data.status !== 'scheduled') return <Navigate to={`/app/campaigns/${id}`} replace />;
  return <Wizard campaign={query.data} initial={initial} />;
}

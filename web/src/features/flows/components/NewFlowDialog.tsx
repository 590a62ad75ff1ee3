import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert, Button, Icon, Input, Modal, ModalActions, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { useFlowActions, useFlowTemplates } from '../hooks';
import { triggerSummary } from '../triggerSummary';
import type { CreateFlowInput, FlowTemplate } from '../types';

const BLANK = '';

/** A new flow: a name, and a blank canvas or one of the ready templates (the gallery). Opens the builder on it. */
export function NewFlowDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const templates = useFlowTemplates(open);
  const { create } = useFlowActions();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string>(BLANK);
  const [nameError, setNameError] = useState(false);

  const pick = (tpl: FlowTemplate | null) => {
    setPicked(tpl?.key ?? BLANK);
    if (tpl && (!name.trim() || (templates.data ?? []).some((x) => x.name === name))) setName(tpl.name);
  };

  const close = () => {
    create.reset();
    setNameError(false);
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(true);
      return;
    }
    create.mutate(
      // The key is one GET /flows/templates listed, so it is one of the document's template keys.
      { name: name.trim(), templateKey: (picked || null) as CreateFlowInput['templateKey'] },
      {
        onSuccess: (flow) => {
          close();
          void navigate(`/app/flows/${flow.id}`);
        },
      },
    );
  };

  const card = (key: string, title: string, body: string, meta: string | null, tpl: FlowTemplate | null) => (
    <button
      key={key || 'blank'}
      type="button"
      onClick={() => pick(tpl)}
      aria-pressed={picked === key}
      className={cn(
        'flex h-full flex-col items-start gap-1 rounded-xl border p-3 text-start transition',
        picked === key ? 'border-primary-400 bg-primary-50/60 ring-2 ring-primary-200' : 'border-slate-200 hover:border-slate-300 hover:bg-slate-50',
      )}
      data-testid="template-card"
      data-template={key || 'blank'}
    >
      <span className="text-sm font-semibold text-slate-900">{title}</span>
      <span className="text-xs text-slate-600">{body}</span>
      {meta && <span className="mt-auto pt-1 text-[11px] text-slate-500">{meta}</span>}
    </button>
  );

  return (
    <Modal
      open={open}
      onClose={close}
      title={t('flows.create.title')}
      description={t('flows.create.description')}
      size="lg"
      testId="new-flow-dialog"
      footer={
        <ModalActions onCancel={close}>
          <Button type="submit" form="new-flow-form" loading={create.isPending} data-testid="create-flow">
            {t('flows.create.submit')}
          </Button>
        </ModalActions>
      }
    >
      <form id="new-flow-form" onSubmit={submit} className="space-y-4" noValidate>
        {create.isError && <Alert tone="danger">{errorText(create.error)}</Alert>}
        <div className="space-y-1.5">
          <label htmlFor="flow-name" className="block text-sm font-medium text-slate-700">
            {t('flows.fields.name')}
          </label>
          <Input
            id="flow-name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(false);
            }}
            invalid={nameError}
            maxLength={120}
            dir="auto"
            placeholder={t('flows.create.namePlaceholder')}
            data-testid="new-flow-name"
          />
          {nameError && <p className="text-sm text-danger-600">{t('flows.create.nameRequired')}</p>}
        </div>
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">{t('flows.create.startFrom')}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {card(BLANK, t('flows.create.blank'), t('flows.create.blankDescription'), null, null)}
            {(templates.data ?? []).map((tpl) =>
              card(tpl.key, tpl.name, tpl.description, `${t('flows.versions.nodes', { count: tpl.nodeCount })} · ${triggerSummary(tpl.trigger, t)}`, tpl),
            )}
          </div>
          {templates.isPending && (
            <div className="flex justify-center p-4 text-primary-500">
              <Spinner label={t('common.loading')} />
            </div>
          )}
          {templates.isError && <Alert tone="danger">{errorText(templates.error)}</Alert>}
          {picked && (templates.data?.find((x) => x.key === picked)?.contactFields.length ?? 0) > 0 && (
            <p className="mt-2 flex items-start gap-1.5 text-xs text-slate-500">
              <Icon name="info" className="mt-px size-3.5 shrink-0" />
              {t('flows.create.fieldsNote', { fields: templates.data?.find((x) => x.key === picked)?.contactFields.join(', ') ?? '' })}
            </p>
          )}
        </fieldset>
      </form>
    </Modal>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ConfirmModal, FormModal, SelectField, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError, NO_ERRORS, type FormErrors } from '../../../lib/formErrors';
import { useSession } from '../../auth';
import { dealKeys, useDealActions, usePipelines } from '../hooks/useDeals';
import { dealsApi } from '../api';
import { isManager } from '../permissions';
import { isPriority, PRIORITIES, type ContactOption, type CreateDealInput, type Deal, type Priority } from '../types';
import { ContactPicker } from './ContactPicker';
import { MemberSelect } from './MemberSelect';

const FIELDS = ['title', 'contactId', 'value', 'currency', 'priority', 'expectedCloseDate', 'ownerId', 'pipelineId', 'stageId', 'notes'] as const;

export interface DealDefaults {
  contact?: ContactOption | null;
  conversationId?: string | null;
  pipelineId?: string | null;
  stageId?: string | null;
}

interface FormState {
  title: string;
  contact: ContactOption | null;
  value: string;
  currency: string;
  priority: Priority;
  expectedCloseDate: string;
  ownerId: string | null;
  pipelineId: string;
  stageId: string;
  notes: string;
}

function initialState(deal: Deal | null | undefined, defaults: DealDefaults | undefined, ownerId: string): FormState {
  if (deal) {
    return {
      title: deal.title,
      contact: { id: deal.contactId, name: deal.contactName, phone: deal.contactPhone },
      value: String(deal.value ?? ''),
      currency: deal.currency,
      priority: isPriority(deal.priority) ? deal.priority : 'medium',
      expectedCloseDate: deal.expectedCloseDate ?? '',
      ownerId: deal.ownerId ?? null,
      pipelineId: deal.pipelineId,
      stageId: deal.stageId,
      notes: deal.notes ?? '',
    };
  }
  return {
    title: '',
    contact: defaults?.contact ?? null,
    value: '',
    currency: 'USD',
    priority: 'medium',
    expectedCloseDate: '',
    ownerId,
    pipelineId: defaults?.pipelineId ?? '',
    stageId: defaults?.stageId ?? '',
    notes: '',
  };
}

/** Creates a deal, or edits `deal` (and deletes it, for managers). Mount it only while open. */
export function DealDialog({
  deal,
  defaults,
  onClose,
  onSaved,
}: {
  deal?: Deal | null;
  defaults?: DealDefaults;
  onClose: () => void;
  onSaved?: (deal: Deal) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const pipelines = usePipelines();
  const { create, update, remove } = useDealActions();
  const qc = useQueryClient();
  const [form, setForm] = useState<FormState>(() => initialState(deal, defaults, session.user.id));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [moving, setMoving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editing = Boolean(deal);

  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === form.pipelineId) ?? list.find((p) => p.isDefault) ?? list[0];
  const stages = pipeline?.stages ?? [];
  const stageId = stages.some((s) => s.id === form.stageId) ? form.stageId : (stages[0]?.id ?? '');

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!form.title.trim()) fields.title = t('deals.errors.titleRequired');
    if (!form.contact) fields.contactId = t('deals.errors.contactRequired');
    const value = form.value.trim() === '' ? 0 : Number(form.value);
    if (!Number.isFinite(value) || value < 0) fields.value = t('deals.errors.valueInvalid');
    if (form.currency.trim() && !/^[A-Za-z]{3}$/.test(form.currency.trim())) fields.currency = t('deals.errors.currencyInvalid');
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const body: CreateDealInput = {
      title: form.title.trim(),
      contactId: form.contact!.id,
      value,
      currency: form.currency.trim().toUpperCase() || undefined,
      priority: form.priority,
      expectedCloseDate: form.expectedCloseDate || null,
      ownerId: form.ownerId,
      notes: form.notes.trim() || null,
    };
    try {
      let saved: Deal;
      if (deal) {
        saved = await update.mutateAsync({ dealId: deal.id, body });
        if (stageId && stageId !== deal.stageId) {
          setMoving(true);
          saved = await dealsApi.move({ dealId: deal.id, body: { stageId } });
          void qc.invalidateQueries({ queryKey: dealKeys.all });
          void qc.invalidateQueries({ queryKey: dealKeys.dashboard });
        }
      } else {
        saved = await create.mutateAsync({
          ...body,
          pipelineId: pipeline?.id,
          stageId: stageId || undefined,
          conversationId: defaults?.conversationId ?? undefined,
        });
      }
      onSaved?.(saved);
      onClose();
    } catch (error) {
      setErrors(mapFormError(error, FIELDS, { describe: errorText }));
    } finally {
      setMoving(false);
    }
  };

  const closed = deal && deal.status !== 'open';

  return (
    <>
      <FormModal
        open
        onClose={onClose}
        title={editing ? t('deals.dialog.editTitle') : t('deals.dialog.newTitle')}
        testId="deal-dialog"
        formId="deal-form"
        onSubmit={(e) => void submit(e)}
        submitLabel={editing ? t('common.save') : t('deals.dialog.create')}
        submitting={create.isPending || update.isPending || moving}
        submitTestId="deal-submit"
        error={errors.message}
      >
        {closed && (
          <Alert tone={deal.status === 'won' ? 'success' : 'warning'}>
            <span data-testid="deal-closed-info">
              {t(deal.status === 'won' ? 'deals.closed.won' : 'deals.closed.lost', {
                name: deal.closedByName ?? t('deals.closed.someone'),
                when: formatDateTime(deal.closedAt, i18n.language),
              })}
            </span>
          </Alert>
        )}
        <TextField name="title" label={t('deals.fields.title')} value={form.title} onChange={(e) => set('title', e.target.value)} error={errors.fields.title} required maxLength={200} data-testid="deal-title" />
        <ContactPicker value={form.contact} onChange={(c) => set('contact', c)} error={errors.fields.contactId} disabled={editing || Boolean(defaults?.contact)} />
        <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
          <TextField
            name="value"
            label={t('deals.fields.value')}
            type="number"
            inputMode="decimal"
            min={0}
            step="0.01"
            value={form.value}
            onChange={(e) => set('value', e.target.value)}
            error={errors.fields.value}
            dir="ltr"
            data-testid="deal-value"
          />
          <TextField
            name="currency"
            label={t('deals.fields.currency')}
            value={form.currency}
            onChange={(e) => set('currency', e.target.value.toUpperCase())}
            error={errors.fields.currency}
            maxLength={3}
            dir="ltr"
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField name="priority" label={t('deals.fields.priority')} value={form.priority} onChange={(e) => set('priority', e.target.value as Priority)} error={errors.fields.priority}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`deals.priority.${p}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            name="expectedCloseDate"
            label={t('deals.fields.expectedCloseDate')}
            type="date"
            value={form.expectedCloseDate}
            onChange={(e) => set('expectedCloseDate', e.target.value)}
            error={errors.fields.expectedCloseDate}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {!editing && list.length > 1 && (
            <SelectField name="pipelineId" label={t('deals.fields.pipeline')} value={pipeline?.id ?? ''} onChange={(e) => setForm((f) => ({ ...f, pipelineId: e.target.value, stageId: '' }))} error={errors.fields.pipelineId}>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          )}
          <SelectField name="stageId" label={t('deals.fields.stage')} value={stageId} onChange={(e) => set('stageId', e.target.value)} error={errors.fields.stageId} disabled={stages.length === 0} data-testid="deal-stage">
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <MemberSelect id="deal-owner" label={t('deals.fields.owner')} value={form.ownerId} onChange={(v) => set('ownerId', v)} emptyLabel={t('deals.noOwner')} error={errors.fields.ownerId} />
        </div>
        <TextAreaField name="notes" label={t('deals.fields.notes')} value={form.notes} onChange={(e) => set('notes', e.target.value)} error={errors.fields.notes} rows={3} />
        {deal && isManager(session.role) && (
          <div className="border-t border-slate-100 pt-4">
            <Button variant="ghost" className="text-danger-700 hover:bg-danger-50 hover:text-danger-800" onClick={() => setConfirmDelete(true)} data-testid="deal-delete">
              {t('deals.dialog.delete')}
            </Button>
          </div>
        )}
      </FormModal>
      {deal && (
        <ConfirmModal
          open={confirmDelete}
          title={t('deals.dialog.deleteTitle')}
          body={t('deals.dialog.deleteBody', { title: deal.title })}
          confirmLabel={t('deals.dialog.delete')}
          danger
          loading={remove.isPending}
          error={remove.error ? errorText(remove.error) : null}
          onClose={() => {
            setConfirmDelete(false);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(deal.id, {
              onSuccess: () => {
                setConfirmDelete(false);
                onClose();
              },
            })
          }
        />
      )}
    </>
  );
}

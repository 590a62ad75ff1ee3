import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../api/types';
import { FormModal, TBody, TD, TR, Table, TableHeader, TextField } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useLabelActions, useLabels } from '../hooks/useInbox';
import { useItemForm } from '../hooks/useItemForm';
import { LABEL_COLORS, isHexColor } from '../settings';
import { SettingsListCard } from './SettingsListCard';

function LabelModal({ item: label, onClose }: { item: Label | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { errors, submitting, close, save } = useItemForm({
    item: label,
    actions: useLabelActions(),
    onClose,
    fields: ['name', 'color', 'description'],
    codeFields: { label_exists: 'name' },
  });
  const [name, setName] = useState(label?.name ?? '');
  const [color, setColor] = useState(label?.color ?? LABEL_COLORS[0]);
  const [description, setDescription] = useState(label?.description ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('inboxSettings.required');
    save(fields, { name: name.trim(), color: color.toLowerCase(), description: description.trim() || null });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={label ? t('inboxSettings.labels.edit') : t('inboxSettings.labels.new')}
      formId="label-form"
      onSubmit={submit}
      submitLabel={label ? t('common.save') : t('inboxSettings.labels.create')}
      submitting={submitting}
      submitTestId="label-submit"
      testId="label-modal"
      error={errors.message}
    >
      <TextField label={t('fields.name')} id="label-name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} dir="auto" required />
      <div className="space-y-1.5">
        <span className="block text-sm font-medium text-slate-700">{t('inboxSettings.labels.color')}</span>
        <div className="flex flex-wrap items-center gap-2">
          {LABEL_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              onClick={() => setColor(c)}
              className={cn('size-7 rounded-full ring-offset-2 transition', color === c && 'ring-2 ring-slate-900')}
              style={{ backgroundColor: c }}
              aria-label={c}
              aria-pressed={color === c}
              data-testid="label-color-swatch"
            />
          ))}
          <input
            type="color"
            value={isHexColor(color) ? color : '#64748b'}
            onChange={(e) => setColor(e.target.value.toLowerCase())}
            className="h-8 w-10 cursor-pointer rounded-md border border-slate-200 bg-white"
            aria-label={t('inboxSettings.labels.customColor')}
            data-testid="label-color"
          />
        </div>
        {errors.fields.color && <p className="text-sm text-danger-600">{errors.fields.color}</p>}
      </div>
      <TextField
        label={t('inboxSettings.labels.description')}
        id="label-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.fields.description}
        dir="auto"
      />
    </FormModal>
  );
}

export function LabelsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { remove } = useLabelActions();

  return (
    <SettingsListCard
      entity="label"
      title={t('inboxSettings.labels.title')}
      description={t('inboxSettings.labels.subtitle')}
      newLabel={t('inboxSettings.labels.new')}
      empty={{ icon: 'tag', title: t('inboxSettings.labels.empty'), description: t('inboxSettings.labels.emptyBody') }}
      query={labels}
      remove={remove}
      deleteTitle={t('inboxSettings.labels.deleteTitle')}
      deleteBody={(l) => t('inboxSettings.labels.deleteBody', { name: l.name })}
      editor={LabelModal}
    >
      {(list, rowActions) => (
        <Table data-testid="labels-table">
          <TableHeader columns={[t('fields.name'), t('inboxSettings.labels.description')]} actions />
          <TBody>
            {list.map((l) => (
              <TR key={l.id} data-testid="label-row" data-label-id={l.id}>
                <TD>
                  <span className="inline-flex items-center gap-2 font-medium text-slate-900">
                    <span className="size-3 rounded-full" style={{ backgroundColor: l.color }} aria-hidden="true" />
                    <span dir="auto">{l.name}</span>
                  </span>
                </TD>
                <TD className="text-slate-500" dir="auto">
                  {l.description || '—'}
                </TD>
                <TD className="text-end whitespace-nowrap">{rowActions(l)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </SettingsListCard>
  );
}

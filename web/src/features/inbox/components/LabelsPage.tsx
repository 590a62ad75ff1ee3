import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../api/types';
import { Button, Card, CardHeader, ConfirmMutationModal, EmptyState, FormModal, Icon, QueryView, TBody, TD, TR, Table, TableHeader, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useLabelActions, useLabels } from '../hooks/useInbox';
import { LABEL_COLORS, isHexColor } from '../settings';

function LabelModal({ label, open, onClose }: { label: Label | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create, update } = useLabelActions();
  const [name, setName] = useState(label?.name ?? '');
  const [color, setColor] = useState(label?.color ?? LABEL_COLORS[0]);
  const [description, setDescription] = useState(label?.description ?? '');
  const [errors, setErrors] = useState(NO_ERRORS);
  const mutation = label ? update : create;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ fields: { name: t('inboxSettings.required') }, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const body = { name: name.trim(), color: color.toLowerCase(), description: description.trim() || null };
    const onError = (err: unknown) => setErrors(mapFormError(err, ['name', 'color', 'description'], { describe: errorText, codeFields: { label_exists: 'name' } }));
    if (label) update.mutate({ id: label.id, body }, { onSuccess: close, onError });
    else create.mutate(body, { onSuccess: close, onError });
  };

  return (
    <FormModal
      open={open}
      onClose={close}
      title={label ? t('inboxSettings.labels.edit') : t('inboxSettings.labels.new')}
      formId="label-form"
      onSubmit={submit}
      submitLabel={label ? t('common.save') : t('inboxSettings.labels.create')}
      submitting={mutation.isPending}
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
  const [editing, setEditing] = useState<Label | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);

  const add = (
    <Button onClick={() => setEditing('new')} data-testid="new-label">
      <Icon name="plus" className="size-4" />
      {t('inboxSettings.labels.new')}
    </Button>
  );

  return (
    <Card>
      <CardHeader title={t('inboxSettings.labels.title')} description={t('inboxSettings.labels.subtitle')} actions={add} />
      <QueryView
        query={labels}
        isEmpty={(l) => l.length === 0}
        empty={<EmptyState icon="tag" title={t('inboxSettings.labels.empty')} description={t('inboxSettings.labels.emptyBody')} />}
      >
        {(list) => (
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
                  <TD className="text-end whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(l)} data-testid="edit-label">
                      {t('inboxSettings.edit')}
                    </Button>
                    <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50" onClick={() => setDeleting(l)} data-testid="delete-label">
                      {t('inboxSettings.delete')}
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      {editing && <LabelModal key={editing === 'new' ? 'new' : editing.id} label={editing === 'new' ? null : editing} open onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(l) => l.id}
        title={t('inboxSettings.labels.deleteTitle')}
        body={t('inboxSettings.labels.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('inboxSettings.delete')}
        danger
      />
    </Card>
  );
}

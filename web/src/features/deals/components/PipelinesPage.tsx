import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmMutationModal,
  EmptyState,
  FormModal,
  Icon,
  IconButton,
  Input,
  Modal,
  ModalActions,
  PageHeader,
  PageSpinner,
  Select,
  TextField,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS, type FormErrors } from '../../../lib/formErrors';
import { useSession } from '../../auth';
import { usePipelineActions, usePipelines } from '../hooks/useDeals';
import { isManager } from '../permissions';
import { defaultProbability, moveRow, rowsOf, STAGE_COLORS, stagesBody, validateRows, type StageRow } from '../stages';
import { isStageKind, STAGE_KINDS, type Pipeline, type StageKind } from '../types';

function NewPipelineDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = usePipelineActions();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ fields: { name: t('pipelines.errors.nameRequired') }, message: null });
      return;
    }
    create.mutate({ name: name.trim() }, { onSuccess: onClose, onError: (err) => setErrors(mapFormError(err, ['name'], { describe: errorText })) });
  };
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('pipelines.new')}
      description={t('pipelines.newHint')}
      formId="pipeline-new"
      onSubmit={submit}
      submitLabel={t('pipelines.create')}
      submitting={create.isPending}
      submitTestId="pipeline-create"
      error={errors.message}
      testId="pipeline-new-dialog"
    >
      <TextField name="name" label={t('pipelines.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} maxLength={100} />
    </FormModal>
  );
}

let newRowSeq = 0;

function PipelineEditor({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { update } = usePipelineActions();
  const [name, setName] = useState(pipeline.name);
  const [rows, setRows] = useState<StageRow[]>(() => rowsOf(pipeline.stages));
  const [checked, setChecked] = useState(false);
  const validation = validateRows(rows);
  const nameMissing = !name.trim();
  const invalid = nameMissing || validation.empty || Object.keys(validation.rows).length > 0;

  const change = (key: string, patch: Partial<StageRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => {
    newRowSeq += 1;
    setRows((rs) => [...rs, { key: `new-${newRowSeq}`, name: '', color: STAGE_COLORS[rs.length % STAGE_COLORS.length] ?? '#64748b', probability: '50', kind: 'open' }]);
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (invalid) return;
    update.mutate({ pipelineId: pipeline.id, body: { name: name.trim(), stages: stagesBody(rows) } }, { onSuccess: onClose });
  };

  const fieldErrors = update.error ? mapFormError(update.error, ['name'], { describe: errorText }) : NO_ERRORS;

  return (
    <Modal
      open
      onClose={onClose}
      size="lg"
      title={t('pipelines.editTitle', { name: pipeline.name })}
      testId="pipeline-editor"
      footer={
        <ModalActions onCancel={onClose}>
          <Button type="submit" form="pipeline-edit" loading={update.isPending} data-testid="pipeline-save">
            {t('common.save')}
          </Button>
        </ModalActions>
      }
    >
      <form id="pipeline-edit" onSubmit={save} className="space-y-4" noValidate>
        {update.error && fieldErrors.message ? <Alert tone="danger">{fieldErrors.message}</Alert> : null}
        <TextField
          name="name"
          label={t('pipelines.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={(checked && nameMissing ? t('pipelines.errors.nameRequired') : undefined) ?? fieldErrors.fields.name}
          maxLength={100}
        />
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('pipelines.stages')}</legend>
          {checked && validation.empty && <p className="text-sm text-danger-600">{t('pipelines.errors.noStages')}</p>}
          <ol className="space-y-2" data-testid="stage-rows">
            {rows.map((r, i) => {
              const err = checked ? validation.rows[r.key] : undefined;
              return (
                <li key={r.key} className="rounded-xl border border-slate-200 p-2.5" data-testid="stage-row">
                  <div className="flex flex-wrap items-center gap-2">
                    <input
                      type="color"
                      value={r.color}
                      onChange={(e) => change(r.key, { color: e.target.value })}
                      className="size-9 shrink-0 cursor-pointer rounded-lg border border-slate-200 bg-white p-0.5"
                      aria-label={t('pipelines.color')}
                    />
                    <Input
                      value={r.name}
                      onChange={(e) => change(r.key, { name: e.target.value })}
                      placeholder={t('pipelines.stageName')}
                      aria-label={t('pipelines.stageName')}
                      invalid={Boolean(err?.name)}
                      className="min-w-32 flex-1"
                      maxLength={60}
                      data-testid="stage-name"
                    />
                    <div className="flex items-center gap-1">
                      <Input
                        type="number"
                        min={0}
                        max={100}
                        value={r.probability}
                        onChange={(e) => change(r.key, { probability: e.target.value })}
                        aria-label={t('pipelines.probability')}
                        invalid={Boolean(err?.probability)}
                        className="w-20"
                        dir="ltr"
                      />
                      <span className="text-sm text-slate-500">%</span>
                    </div>
                    <Select
                      value={r.kind}
                      onChange={(e) => {
                        const kind = e.target.value as StageKind;
                        change(r.key, { kind, probability: r.id ? r.probability : String(defaultProbability(kind)) });
                      }}
                      aria-label={t('pipelines.kind')}
                      className="w-auto"
                    >
                      {STAGE_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`pipelines.kinds.${k}`)}
                        </option>
                      ))}
                    </Select>
                    <div className="ms-auto flex items-center">
                      <Button variant="ghost" size="sm" className="px-2" aria-label={t('pipelines.moveUp', { name: r.name || '…' })} title={t('pipelines.moveUp', { name: r.name || '…' })} disabled={i === 0} onClick={() => setRows((rs) => moveRow(rs, i, -1))} data-testid="stage-up">
                        <span aria-hidden="true">↑</span>
                      </Button>
                      <Button variant="ghost" size="sm" className="px-2" aria-label={t('pipelines.moveDown', { name: r.name || '…' })} title={t('pipelines.moveDown', { name: r.name || '…' })} disabled={i === rows.length - 1} onClick={() => setRows((rs) => moveRow(rs, i, 1))} data-testid="stage-down">
                        <span aria-hidden="true">↓</span>
                      </Button>
                      <IconButton icon="trash" size="sm" label={t('pipelines.removeStage', { name: r.name || '…' })} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} data-testid="stage-remove" />
                    </div>
                  </div>
                  {(err?.name || err?.probability) && (
                    <p className="mt-1.5 text-xs text-danger-600">
                      {[err.name && t('pipelines.errors.stageNameRequired'), err.probability && t('pipelines.errors.probabilityRange')].filter(Boolean).join(' · ')}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          <Button variant="outline" size="sm" onClick={add} data-testid="stage-add">
            <Icon name="plus" className="size-4" />
            {t('pipelines.addStage')}
          </Button>
          <p className="text-xs text-slate-500">{t('pipelines.stagesHint')}</p>
        </fieldset>
      </form>
    </Modal>
  );
}

/** Settings → Pipelines: owners and managers list, create, rename, set the default, edit stages and delete. */
export function PipelinesPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const pipelines = usePipelines();
  const { update, remove } = usePipelineActions();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Pipeline | null>(null);
  const [deleting, setDeleting] = useState<Pipeline | null>(null);

  if (!isManager(session.role)) return <Navigate to="/app" replace />;
  const list = [...(pipelines.data ?? [])].sort((a, b) => a.position - b.position);

  return (
    <div data-testid="pipelines-page">
      <PageHeader
        title={t('pipelines.title')}
        description={t('pipelines.subtitle')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="pipeline-new">
            <Icon name="plus" className="size-4" />
            {t('pipelines.new')}
          </Button>
        }
      />
      {update.isError && !editing && <Alert tone="danger" className="mb-4">{errorText(update.error)}</Alert>}
      {pipelines.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : pipelines.isError ? (
        <Alert tone="danger">{errorText(pipelines.error)}</Alert>
      ) : list.length === 0 ? (
        <EmptyState icon="chart" title={t('pipelines.empty')} />
      ) : (
        <ul className="space-y-3">
          {list.map((p) => (
            <li key={p.id}>
              <Card className="p-4" data-testid="pipeline-item" data-pipeline-id={p.id}>
                <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <h2 className="truncate text-base font-semibold text-slate-900" dir="auto">
                        {p.name}
                      </h2>
                      {p.isDefault && <Badge tone="primary">{t('pipelines.default')}</Badge>}
                    </div>
                    <ol className="mt-2 flex flex-wrap gap-1.5">
                      {[...p.stages]
                        .sort((a, b) => a.position - b.position)
                        .map((s) => (
                          <li key={s.id} className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 px-2 py-0.5 text-xs text-slate-700">
                            <span className="size-2 rounded-full" style={{ backgroundColor: s.color }} aria-hidden="true" />
                            {s.name}
                            <span className="text-slate-400 tabular-nums">{s.probability}%</span>
                            {s.kind !== 'open' && isStageKind(s.kind) && <span className="text-slate-500">· {t(`pipelines.kinds.${s.kind}`)}</span>}
                          </li>
                        ))}
                    </ol>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    {!p.isDefault && (
                      <Button
                        variant="outline"
                        size="sm"
                        loading={update.isPending && update.variables?.pipelineId === p.id && update.variables.body.isDefault === true}
                        onClick={() => update.mutate({ pipelineId: p.id, body: { isDefault: true } })}
                        data-testid="pipeline-make-default"
                      >
                        {t('pipelines.makeDefault')}
                      </Button>
                    )}
                    <Button
                      variant="outline"
                      size="sm"
                      onClick={() => {
                        update.reset();
                        setEditing(p);
                      }}
                      data-testid="pipeline-edit"
                    >
                      <Icon name="pencil" className="size-4" />
                      {t('pipelines.edit')}
                    </Button>
                    <IconButton icon="trash" size="sm" label={t('pipelines.delete', { name: p.name })} onClick={() => setDeleting(p)} data-testid="pipeline-delete" />
                  </div>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {creating && <NewPipelineDialog onClose={() => setCreating(false)} />}
      {editing && <PipelineEditor key={editing.id} pipeline={editing} onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(p) => p.id}
        title={t('pipelines.deleteTitle')}
        body={deleting ? t('pipelines.deleteBody', { name: deleting.name }) : null}
        confirmLabel={t('pipelines.deleteConfirm')}
        danger
      />
    </div>
  );
}

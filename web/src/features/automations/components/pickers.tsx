//! The editor's pickers: a labelled select filled from the workspace's labels, people, teams, flows, contact fields,
//! deal stages, webhook endpoints or numbers (the same lists their own pages use), and a set of checkboxes.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/ui';
import { useAgents, useLabels, useTeams } from '../../inbox';
import { useConnections } from '../../whatsapp';
import { useEndpointOptions, useFieldOptions, useFlowOptions, usePipelineOptions } from '../hooks';

export interface PickProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  /** The first option's text, for "any"/"none" (value ""); without it, "Choose…". */
  empty?: string;
  testId?: string;
}

interface Option {
  value: string;
  label: string;
  group?: string;
}

function Pick({ id, label, value, onChange, error, hint, empty, testId, options, loading }: PickProps & { options: Option[]; loading?: boolean }) {
  const { t } = useTranslation();
  const groups = [...new Set(options.map((o) => o.group ?? ''))];
  const render = (list: Option[]) =>
    list.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  // A saved id that is no longer in the list (deleted) stays visible rather than silently changing.
  const missing = value !== '' && !loading && !options.some((o) => o.value === value);
  return (
    <SelectField id={id} label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error} hint={hint} data-testid={testId}>
      <option value="">{loading ? t('common.loading') : (empty ?? t('automations.editor.choose'))}</option>
      {missing && <option value={value}>{t('automations.summary.unknown')}</option>}
      {groups.length > 1
        ? groups.map((g) => (
            <optgroup key={g} label={g}>
              {render(options.filter((o) => (o.group ?? '') === g))}
            </optgroup>
          ))
        : render(options)}
    </SelectField>
  );
}

export function LabelPick(p: PickProps) {
  const q = useLabels();
  return <Pick {...p} loading={q.isPending} options={(q.data ?? []).map((l) => ({ value: l.id, label: l.name }))} />;
}

export function MemberPick(p: PickProps) {
  const q = useAgents();
  return <Pick {...p} loading={q.isPending} options={(q.data ?? []).map((a) => ({ value: a.userId, label: a.name }))} />;
}

export function TeamPick(p: PickProps) {
  const q = useTeams();
  return <Pick {...p} loading={q.isPending} options={(q.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />;
}

export function FlowPick(p: PickProps) {
  const { t } = useTranslation();
  const q = useFlowOptions();
  // Only a published flow runs; drafts are listed (the API accepts them) but said to be unpublished.
  const options = (q.data ?? []).map((f) => ({ value: f.id, label: f.version ? f.name : t('automations.editor.flowDraft', { name: f.name }) }));
  return <Pick {...p} loading={q.isPending} options={options} />;
}

export function FieldPick(p: PickProps) {
  const q = useFieldOptions();
  return <Pick {...p} loading={q.isPending} options={(q.data ?? []).map((f) => ({ value: f.key, label: f.label }))} />;
}

export function StagePick(p: PickProps) {
  const q = usePipelineOptions();
  const options = (q.data ?? []).flatMap((pl) => pl.stages.map((s) => ({ value: s.id, label: s.name, group: pl.name })));
  return <Pick {...p} loading={q.isPending} options={options} />;
}

export function EndpointPick(p: PickProps) {
  const q = useEndpointOptions();
  return <Pick {...p} loading={q.isPending} options={(q.data ?? []).map((e) => ({ value: e.id, label: e.description ? `${e.description} (${e.url})` : e.url }))} />;
}

/** A plain select over a fixed list whose option texts are translated. */
export function ChoicePick({ choices, text, ...p }: PickProps & { choices: readonly string[]; text: (v: string) => string }) {
  return <Pick {...p} options={choices.map((c) => ({ value: c, label: text(c) }))} />;
}

/** Checkboxes for a set of values (statuses, weekdays, numbers). */
export function CheckSet<T extends string | number>({
  legend,
  values,
  choices,
  text,
  onChange,
  error,
  testId,
}: {
  legend: ReactNode;
  values: T[];
  choices: readonly T[];
  text: (v: T) => string;
  onChange: (values: T[]) => void;
  error?: string;
  testId?: string;
}) {
  return (
    <fieldset className="space-y-1.5" data-testid={testId}>
      <legend className="mb-1.5 text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {choices.map((c) => (
          <label key={String(c)} className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 text-primary-600"
              checked={values.includes(c)}
              onChange={(e) => onChange(e.target.checked ? [...values, c] : values.filter((v) => v !== c))}
            />
            <span dir="auto">{text(c)}</span>
          </label>
        ))}
      </div>
      {error && <p className="text-sm text-danger-600">{error}</p>}
    </fieldset>
  );
}

export function NumberChecks({ values, onChange, error, legend }: { values: string[]; onChange: (v: string[]) => void; error?: string; legend: ReactNode }) {
  const q = useConnections();
  const list = q.data ?? [];
  return <CheckSet legend={legend} values={values} choices={list.map((c) => c.id)} text={(id) => list.find((c) => c.id === id)?.name ?? id} onChange={onChange} error={error} />;
}

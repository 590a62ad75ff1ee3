//! The bar over every tab: the range (presets or two days), the overview's comparison and business-hours switches,
//! and the filters by number, team, agent and label. Everything it sets goes into the URL.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, Select, Switch } from '../../../components/ui';
import { useInboxSettings, useAgents, useLabels, useTeams } from '../../inbox';
import { useConnections } from '../../whatsapp';
import { customRangeError, PRESETS, viewRange, type FilterKey, type RangeChoice, type View } from '../query';


function FilterSelect({
  id,
  label,
  all,
  value,
  options,
  onChange,
}: {
  id: FilterKey;
  label: string;
  all: string;
  value: string | undefined;
  options: { id: string; name: string }[] | undefined;
  onChange: (key: FilterKey, value: string | undefined) => void;
}) {
  return (
    <Select
      controlSize="sm"
      aria-label={label}
      value={value ?? ''}
      onChange={(e) => onChange(id, e.target.value || undefined)}
      data-testid={`filter-${id}`}
      className="w-full min-w-0 sm:w-auto sm:max-w-[12rem]"
    >
      <option value="">{all}</option>
      {/* The id in the URL may name something not (yet) in the list: keep it selectable so the view reads true. */}
      {value && !options?.some((o) => o.id === value) && <option value={value}>{label}</option>}
      {options?.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </Select>
  );
}

export function Toolbar({ view, onChange, today, manager }: { view: View; onChange: (patch: Partial<View>) => void; today: string; manager: boolean }) {
  const { t } = useTranslation();
  const connections = useConnections();
  const teams = useTeams();
  const agents = useAgents();
  const labels = useLabels();
  const settings = useInboxSettings();
  const current = viewRange(view, today);
  const [draft, setDraft] = useState(current);
  const draftError = view.range === 'custom' ? customRangeError(draft.from, draft.to) : null;

  const pickRange = (range: RangeChoice) => {
    if (range === 'custom') {
      // Start from the days on screen, so the two inputs open on something sensible.
      setDraft(current);
      onChange({ range, from: current.from, to: current.to });
    } else {
      onChange({ range, from: undefined, to: undefined });
    }
  };
  const editDay = (side: 'from' | 'to', value: string) => {
    const next = { ...draft, [side]: value };
    setDraft(next);
    if (!customRangeError(next.from, next.to)) onChange({ range: 'custom', ...next });
  };
  const setFilter = (key: FilterKey, value: string | undefined) => onChange({ filters: { ...view.filters, [key]: value } });

  return (
    <div className="mb-6 space-y-3 rounded-2xl border border-slate-200/80 bg-white p-3 shadow-soft" data-testid="analytics-toolbar">
      <div className="flex flex-wrap items-center gap-2">
        <Select
          controlSize="sm"
          aria-label={t('analytics.range.label')}
          value={view.range}
          onChange={(e) => pickRange(e.target.value as RangeChoice)}
          data-testid="range-preset"
          className="w-full sm:w-auto"
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`analytics.range.${p}`)}
            </option>
          ))}
          <option value="custom">{t('analytics.range.custom')}</option>
        </Select>
        {view.range === 'custom' && (
          <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
            <label className="flex flex-1 items-center gap-1.5 text-xs text-slate-500 sm:flex-none">
              {t('analytics.range.from')}
              <Input type="date" controlSize="sm" value={draft.from} max={today} onChange={(e) => editDay('from', e.target.value)} data-testid="range-from" invalid={draftError === 'order' || draftError === 'span'} />
            </label>
            <label className="flex flex-1 items-center gap-1.5 text-xs text-slate-500 sm:flex-none">
              {t('analytics.range.to')}
              <Input type="date" controlSize="sm" value={draft.to} onChange={(e) => editDay('to', e.target.value)} data-testid="range-to" invalid={draftError === 'order' || draftError === 'span'} />
            </label>
          </div>
        )}
        {view.tab === 'overview' && (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 sm:ms-auto">
            <span className="flex items-center gap-2 text-sm text-slate-600">
              <Switch on={view.compare} onChange={(compare) => onChange({ compare })} label={t('analytics.compare')} testId="toggle-compare" />
              {t('analytics.compare')}
            </span>
            <span className="flex items-center gap-2 text-sm text-slate-600" title={settings.data?.businessHoursEnabled === false ? t('analytics.businessOff') : undefined}>
              <Switch on={view.business} onChange={(business) => onChange({ business })} label={t('analytics.business')} testId="toggle-business" />
              {t('analytics.business')}
            </span>
          </div>
        )}
      </div>
      {draftError && draftError !== 'missing' && (
        <p className="text-xs text-danger-600" role="alert" data-testid="range-error">
          {t(`analytics.range.error.${draftError}`)}
        </p>
      )}
      <div className="grid grid-cols-2 items-center gap-2 sm:flex sm:flex-wrap">
        <span className="col-span-2 text-xs font-medium text-slate-500">{t('analytics.filters.title')}</span>
        <FilterSelect
          id="connectionId"
          label={t('analytics.filters.connection')}
          all={t('analytics.filters.allConnections')}
          value={view.filters.connectionId}
          options={connections.data?.map((c) => ({ id: c.id, name: c.displayPhoneNumber ? `${c.name} (${c.displayPhoneNumber})` : c.name }))}
          onChange={setFilter}
        />
        <FilterSelect id="teamId" label={t('analytics.filters.team')} all={t('analytics.filters.allTeams')} value={view.filters.teamId} options={teams.data} onChange={setFilter} />
        {manager && (
          <FilterSelect
            id="agentId"
            label={t('analytics.filters.agent')}
            all={t('analytics.filters.allAgents')}
            value={view.filters.agentId}
            options={agents.data?.map((a) => ({ id: a.userId, name: a.name }))}
            onChange={setFilter}
          />
        )}
        <FilterSelect id="labelId" label={t('analytics.filters.label')} all={t('analytics.filters.allLabels')} value={view.filters.labelId} options={labels.data} onChange={setFilter} />
      </div>
    </div>
  );
}

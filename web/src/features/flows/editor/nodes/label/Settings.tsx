import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowLabelAction } from '../../../types';
import { PlainField, SelectRow } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

export function LabelSettings({ data, onChange }: SettingsProps<'label'>) {
  const { t } = useTranslation();
  const { labels, readOnly } = useSettingsData();
  const list = useId();
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.action')} value={data.action} onChange={(action) => onChange({ ...data, action: action as FlowLabelAction })}>
        <option value="add">{t('flows.label.add')}</option>
        <option value="remove">{t('flows.label.remove')}</option>
      </SelectRow>
      <PlainField label={t('flows.fields.label')} value={data.label} onChange={(label) => onChange({ ...data, label }, 'label')} testId="field-label" />
      <datalist id={list}>
        {labels.map((l) => (
          <option key={l.id} value={l.name} />
        ))}
      </datalist>
      {labels.length > 0 && !readOnly && (
        <div className="flex flex-wrap gap-1">
          {labels.map((l) => (
            <button key={l.id} type="button" className="rounded-full bg-slate-100 px-2 py-0.5 text-xs hover:bg-slate-200" onClick={() => onChange({ ...data, label: l.name })}>
              {l.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

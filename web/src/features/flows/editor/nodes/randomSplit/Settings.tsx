import { useTranslation } from 'react-i18next';
import { shortId } from '../../../catalog';
import type { FlowBranch } from '../../../types';
import { Help, NumberField, PlainField, RowList } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function RandomSplitSettings({ data, onChange }: SettingsProps<'randomSplit'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Help>{t('flows.settings.randomSplit')}</Help>
      <RowList<FlowBranch>
        label={t('flows.fields.branches')}
        items={data.branches}
        onChange={(branches) => onChange({ branches })}
        make={() => ({ id: shortId(), label: String.fromCharCode(65 + data.branches.length), weight: 50 })}
        max={10}
        min={1}
        addLabel={t('flows.fields.addBranch')}
        testId="branches"
        render={(b, set) => (
          <div className="flex gap-2">
            <div className="min-w-0 flex-1">
              <PlainField label={t('flows.fields.branchLabel')} value={b.label ?? ''} onChange={(label) => set({ ...b, label })} />
            </div>
            <NumberField label={t('flows.fields.weight')} value={b.weight} min={0} onChange={(weight) => set({ ...b, weight: Math.max(0, Math.round(weight ?? 0)) })} />
          </div>
        )}
      />
    </div>
  );
}

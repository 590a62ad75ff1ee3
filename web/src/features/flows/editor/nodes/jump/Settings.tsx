import { useTranslation } from 'react-i18next';
import { nodeText } from '../../../summary';
import { Help, SelectRow } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

export function JumpSettings({ id, data, onChange }: SettingsProps<'jump'>) {
  const { t } = useTranslation();
  const { nodes } = useSettingsData();
  const targets = nodes.filter((n) => n.id !== id && n.type !== 'start');
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.target')} value={data.target} onChange={(target) => onChange({ target })} testId="field-target">
        <option value="">{t('flows.fields.chooseNode')}</option>
        {targets.map((n) => {
          const text = nodeText(n);
          return (
            <option key={n.id} value={n.id}>
              {t(`flows.kinds.${n.type}.name`)}
              {text ? ` · ${text}` : ''} ({n.id})
            </option>
          );
        })}
      </SelectRow>
      <Help>{t('flows.settings.jump')}</Help>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Help, TemplateField } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function HandoffSettings({ data, onChange }: SettingsProps<'handoff'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Help>{t('flows.settings.handoff')}</Help>
      <TemplateField label={t('flows.fields.note')} value={data.note ?? ''} onChange={(note) => onChange({ note: note || null }, 'note')} rows={3} />
    </div>
  );
}

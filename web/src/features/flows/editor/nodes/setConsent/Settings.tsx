import { useTranslation } from 'react-i18next';
import { Help, SelectRow } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function SetConsentSettings({ data, onChange }: SettingsProps<'setConsent'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.consent')} value={data.granted ? 'yes' : 'no'} onChange={(v) => onChange({ granted: v === 'yes' })}>
        <option value="yes">{t('flows.consent.granted')}</option>
        <option value="no">{t('flows.consent.withdrawn')}</option>
      </SelectRow>
      <Help>{t('flows.settings.setConsent')}</Help>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Help } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function BusinessHoursSettings(_: SettingsProps<'businessHours'>) {
  const { t } = useTranslation();
  return <Help>{t('flows.settings.businessHours')}</Help>;
}

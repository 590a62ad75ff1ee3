import { useTranslation } from 'react-i18next';
import { Help } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function EndSettings(_: SettingsProps<'end'>) {
  const { t } = useTranslation();
  return <Help>{t('flows.settings.end')}</Help>;
}

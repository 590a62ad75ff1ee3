import { useTranslation } from 'react-i18next';
import { Help } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

/** The start node has no settings: what starts the flow is its trigger, in the flow's settings. */
export function StartSettings(_: SettingsProps<'start'>) {
  const { t } = useTranslation();
  return <Help>{t('flows.settings.start')}</Help>;
}

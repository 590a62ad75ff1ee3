import { useTranslation } from 'react-i18next';
import { DurationField, Help } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function WaitSettings({ data, onChange }: SettingsProps<'wait'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <DurationField label={t('flows.fields.waitFor')} seconds={data.seconds} onChange={(seconds) => onChange({ seconds: seconds ?? 60 }, 'seconds')} testId="field-seconds" />
      <Help>{t('flows.settings.wait')}</Help>
    </div>
  );
}

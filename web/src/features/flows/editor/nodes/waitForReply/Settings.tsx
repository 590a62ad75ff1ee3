import { useTranslation } from 'react-i18next';
import { DurationField, Help, VarNameField } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function WaitForReplySettings({ data, onChange }: SettingsProps<'waitForReply'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Help>{t('flows.settings.waitForReply')}</Help>
      <VarNameField label={t('flows.fields.saveAs')} value={data.saveAs ?? ''} onChange={(saveAs) => onChange({ ...data, saveAs: saveAs || null }, 'saveAs')} />
      <DurationField label={t('flows.fields.timeout')} seconds={data.timeoutSecs} onChange={(timeoutSecs) => onChange({ ...data, timeoutSecs })} optional hint={t('flows.fields.timeoutHint')} />
    </div>
  );
}

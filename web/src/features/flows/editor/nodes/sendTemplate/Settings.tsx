import { useTranslation } from 'react-i18next';
import { Help, PlainField } from '../../settings/fields';
import { JsonField } from '../../settings/JsonField';
import type { SettingsProps } from '../../settings/types';

export function SendTemplateSettings({ data, onChange }: SettingsProps<'sendTemplate'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Help>{t('flows.settings.sendTemplate')}</Help>
      <PlainField label={t('flows.fields.templateName')} value={data.name} onChange={(name) => onChange({ ...data, name }, 'name')} mono testId="field-template-name" />
      <PlainField label={t('flows.fields.language')} value={data.language} onChange={(language) => onChange({ ...data, language }, 'language')} mono placeholder="en_US" />
      <JsonField
        label={t('flows.fields.components')}
        value={data.components}
        onChange={(components) => onChange({ ...data, components }, 'components')}
        hint={t('flows.settings.components')}
      />
    </div>
  );
}

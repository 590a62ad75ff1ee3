import { useTranslation } from 'react-i18next';
import { TemplateField, VarNameField } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function SetVariableSettings({ data, onChange }: SettingsProps<'setVariable'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <VarNameField label={t('flows.fields.variable')} value={data.name} onChange={(name) => onChange({ ...data, name }, 'name')} testId="field-name" />
      <TemplateField label={t('flows.fields.value')} value={data.value ?? ''} onChange={(value) => onChange({ ...data, value }, 'value')} rows={2} testId="field-value" />
    </div>
  );
}

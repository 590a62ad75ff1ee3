import { useTranslation } from 'react-i18next';
import { SelectRow, TemplateField } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

export function UpdateFieldSettings({ data, onChange }: SettingsProps<'updateField'>) {
  const { t } = useTranslation();
  const { fields } = useSettingsData();
  const known = fields.some((f) => f.key === data.key);
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.contactField')} value={data.key} onChange={(key) => onChange({ ...data, key })} testId="field-key">
        <option value="">{t('flows.fields.chooseField')}</option>
        {!known && data.key && <option value={data.key}>{data.key}</option>}
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </SelectRow>
      <TemplateField label={t('flows.fields.value')} value={data.value ?? ''} onChange={(value) => onChange({ ...data, value }, 'value')} rows={2} />
    </div>
  );
}

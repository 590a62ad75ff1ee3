import { useTranslation } from 'react-i18next';
import { TemplateField } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function WebhookSettings({ data, onChange }: SettingsProps<'webhook'>) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <TemplateField label={t('flows.fields.url')} value={data.url} onChange={(url) => onChange({ ...data, url }, 'url')} multiline={false} mono hint={t('flows.http.urlHint')} testId="field-url" />
      <TemplateField label={t('flows.fields.body')} value={data.body ?? ''} onChange={(body) => onChange({ ...data, body: body || null }, 'body')} rows={4} mono hint={t('flows.settings.webhookBody')} />
    </div>
  );
}

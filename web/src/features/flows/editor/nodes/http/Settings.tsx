import { useTranslation } from 'react-i18next';
import { HTTP_METHODS, type FlowHeader, type FlowHttpMethod, type FlowResponseMap } from '../../../types';
import { NumberField, PlainField, RowList, SelectRow, TemplateField, VarNameField } from '../../settings/fields';
import { JsonField } from '../../settings/JsonField';
import type { SettingsProps } from '../../settings/types';

export function HttpSettings({ data, onChange }: SettingsProps<'http'>) {
  const { t } = useTranslation();
  const set = (patch: Partial<typeof data>, key?: string) => onChange({ ...data, ...patch }, key);
  const method = data.method ?? 'GET';
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.method')} value={method} onChange={(m) => set({ method: m as FlowHttpMethod })} testId="field-method">
        {HTTP_METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </SelectRow>
      <TemplateField label={t('flows.fields.url')} value={data.url} onChange={(url) => set({ url }, 'url')} multiline={false} mono hint={t('flows.http.urlHint')} testId="field-url" />
      <RowList<FlowHeader>
        label={t('flows.fields.headers')}
        items={data.headers ?? []}
        onChange={(headers) => set({ headers })}
        make={() => ({ name: '', value: '' })}
        addLabel={t('flows.fields.addHeader')}
        render={(h, setHeader) => (
          <>
            <PlainField label={t('flows.fields.headerName')} value={h.name} onChange={(name) => setHeader({ ...h, name })} mono />
            <TemplateField label={t('flows.fields.headerValue')} value={h.value ?? ''} onChange={(value) => setHeader({ ...h, value })} multiline={false} mono />
          </>
        )}
      />
      {method !== 'GET' && (
        <TemplateField label={t('flows.fields.body')} value={data.body ?? ''} onChange={(body) => set({ body: body || null }, 'body')} rows={4} mono hint={t('flows.http.bodyHint')} />
      )}
      <NumberField
        label={t('flows.fields.timeoutMs')}
        value={data.timeoutMs}
        min={100}
        max={30000}
        allowEmpty
        onChange={(timeoutMs) => set({ timeoutMs }, 'timeoutMs')}
        hint={t('flows.http.timeoutHint')}
      />
      <RowList<FlowResponseMap>
        label={t('flows.fields.responseMap')}
        items={data.responseMap ?? []}
        onChange={(responseMap) => set({ responseMap })}
        make={() => ({ var: '', path: '' })}
        addLabel={t('flows.fields.addMapping')}
        testId="response-map"
        render={(m, setMap) => (
          <>
            <PlainField label={t('flows.fields.jsonPath')} value={m.path} onChange={(path) => setMap({ ...m, path })} mono placeholder="order.status" />
            <VarNameField label={t('flows.fields.intoVariable')} value={m.var} onChange={(v) => setMap({ ...m, var: v })} />
          </>
        )}
      />
      <VarNameField label={t('flows.fields.saveStatusAs')} value={data.saveStatusAs ?? ''} onChange={(saveStatusAs) => set({ saveStatusAs: saveStatusAs || null }, 'saveStatusAs')} />
      <JsonField
        label={t('flows.fields.sampleResponse')}
        value={data.sampleResponse}
        onChange={(sampleResponse) => set({ sampleResponse }, 'sampleResponse')}
        hint={t('flows.http.sampleHint')}
        testId="field-sample"
      />
    </div>
  );
}

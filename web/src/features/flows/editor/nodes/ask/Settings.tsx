import { useTranslation } from 'react-i18next';
import { shortId } from '../../../catalog';
import type { FlowAskOption } from '../../../types';
import { askStyle, INTERACTIVE_BODY_MAX, LIST_BUTTON_MAX, MAX_OPTIONS, ROW_DESCRIPTION_MAX, titleMax } from '../../askStyle';
import { DurationField, Help, NumberField, PlainField, RowList, TemplateField, VarNameField } from '../../settings/fields';
import type { SettingsProps } from '../../settings/types';

export function AskSettings({ data, onChange }: SettingsProps<'ask'>) {
  const { t } = useTranslation();
  const style = askStyle(data);
  const max = titleMax(data);
  const set = (patch: Partial<typeof data>, key?: string) => onChange({ ...data, ...patch }, key);
  return (
    <div className="space-y-4">
      <TemplateField label={t('flows.fields.question')} value={data.text} onChange={(text) => set({ text }, 'text')} max={INTERACTIVE_BODY_MAX} testId="field-text" />
      <RowList<FlowAskOption>
        label={t('flows.fields.options')}
        items={data.options}
        onChange={(options) => set({ options })}
        make={() => ({ id: shortId(), title: '' })}
        max={MAX_OPTIONS}
        min={1}
        addLabel={t('flows.fields.addOption')}
        testId="options"
        render={(o, setOption, i) => (
          <>
            <PlainField label={t('flows.fields.optionTitle', { n: i + 1 })} value={o.title} onChange={(title) => setOption({ ...o, title })} max={max} testId="option-title" />
            {style === 'list' && (
              <>
                <PlainField
                  label={t('flows.fields.optionDescription')}
                  value={o.description ?? ''}
                  onChange={(description) => setOption({ ...o, description: description || null })}
                  max={ROW_DESCRIPTION_MAX}
                />
                <PlainField label={t('flows.fields.optionSection')} value={o.section ?? ''} onChange={(section) => setOption({ ...o, section: section || null })} max={24} />
              </>
            )}
          </>
        )}
      />
      <Help>{t(style === 'buttons' ? 'flows.ask.asButtons' : 'flows.ask.asList')}</Help>
      {style === 'list' && (
        <PlainField
          label={t('flows.fields.listButton')}
          value={data.listButton ?? ''}
          onChange={(listButton) => set({ listButton: listButton || null }, 'listButton')}
          max={LIST_BUTTON_MAX}
          placeholder={t('flows.ask.defaultListButton')}
        />
      )}
      <VarNameField label={t('flows.fields.saveAs')} value={data.saveAs ?? ''} onChange={(saveAs) => set({ saveAs: saveAs || null }, 'saveAs')} hint={t('flows.ask.saveAsHint')} />
      <NumberField label={t('flows.fields.retries')} value={data.retries ?? 1} min={0} max={10} onChange={(retries) => set({ retries: retries ?? 0 }, 'retries')} hint={t('flows.ask.retriesHint')} />
      <TemplateField label={t('flows.fields.retryText')} value={data.retryText ?? ''} onChange={(retryText) => set({ retryText: retryText || null }, 'retryText')} rows={2} max={INTERACTIVE_BODY_MAX} />
      <DurationField label={t('flows.fields.timeout')} seconds={data.timeoutSecs} onChange={(timeoutSecs) => set({ timeoutSecs })} optional testId="field-timeout" hint={t('flows.fields.timeoutHint')} />
    </div>
  );
}

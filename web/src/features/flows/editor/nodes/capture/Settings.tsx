import { useTranslation } from 'react-i18next';
import { CAPTURE_KINDS, type FlowCaptureInput } from '../../../types';
import { INTERACTIVE_BODY_MAX } from '../../askStyle';
import { DurationField, NumberField, PlainField, RowList, SelectRow, TemplateField, VarNameField } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

function inputOf(kind: FlowCaptureInput['kind']): FlowCaptureInput {
  switch (kind) {
    case 'choice':
      return { kind, choices: [''] };
    case 'regex':
      return { kind, pattern: '' };
    case 'number':
      return { kind };
    default:
      return { kind };
  }
}

export function CaptureSettings({ data, onChange }: SettingsProps<'capture'>) {
  const { t } = useTranslation();
  const { fields } = useSettingsData();
  const set = (patch: Partial<typeof data>, key?: string) => onChange({ ...data, ...patch }, key);
  const input = data.input;
  return (
    <div className="space-y-4">
      <TemplateField label={t('flows.fields.question')} value={data.text} onChange={(text) => set({ text }, 'text')} max={INTERACTIVE_BODY_MAX} testId="field-text" />
      <SelectRow label={t('flows.fields.accepts')} value={input.kind} onChange={(k) => set({ input: inputOf(k as FlowCaptureInput['kind']) })} testId="field-input-kind">
        {CAPTURE_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`flows.capture.kinds.${k}`)}
          </option>
        ))}
      </SelectRow>
      <p className="text-xs text-slate-500">{t(`flows.capture.hints.${input.kind}`)}</p>
      {input.kind === 'number' && (
        <div className="flex gap-3">
          <NumberField label={t('flows.fields.min')} value={input.min} allowEmpty onChange={(min) => set({ input: { ...input, min } }, 'min')} />
          <NumberField label={t('flows.fields.max')} value={input.max} allowEmpty onChange={(max) => set({ input: { ...input, max } }, 'max')} />
        </div>
      )}
      {input.kind === 'choice' && (
        <RowList<string>
          label={t('flows.fields.choices')}
          items={input.choices}
          onChange={(choices) => set({ input: { ...input, choices } })}
          make={() => ''}
          min={1}
          addLabel={t('flows.fields.addChoice')}
          render={(c, setChoice, i) => <PlainField label={t('flows.fields.choice', { n: i + 1 })} value={c} onChange={setChoice} />}
        />
      )}
      {input.kind === 'regex' && (
        <PlainField label={t('flows.fields.pattern')} value={input.pattern} onChange={(pattern) => set({ input: { ...input, pattern } }, 'pattern')} mono max={500} />
      )}
      <VarNameField label={t('flows.fields.saveAs')} value={data.saveAs} onChange={(saveAs) => set({ saveAs }, 'saveAs')} testId="field-save-as" />
      <SelectRow label={t('flows.fields.saveToField')} value={data.saveToField ?? ''} onChange={(f) => set({ saveToField: f || null })}>
        <option value="">{t('flows.fields.noField')}</option>
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </SelectRow>
      <NumberField label={t('flows.fields.retries')} value={data.retries ?? 2} min={0} max={10} onChange={(retries) => set({ retries: retries ?? 0 }, 'retries')} hint={t('flows.capture.retriesHint')} />
      <TemplateField label={t('flows.fields.retryText')} value={data.retryText ?? ''} onChange={(retryText) => set({ retryText: retryText || null }, 'retryText')} rows={2} max={INTERACTIVE_BODY_MAX} />
      <DurationField label={t('flows.fields.timeout')} seconds={data.timeoutSecs} onChange={(timeoutSecs) => set({ timeoutSecs })} optional hint={t('flows.fields.timeoutHint')} />
    </div>
  );
}

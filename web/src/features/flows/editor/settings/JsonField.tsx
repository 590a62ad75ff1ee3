import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Textarea } from '../../../../components/ui';
import { useSettingsData } from './context';

const show = (v: unknown) => (v === undefined || v === null ? '' : JSON.stringify(v, null, 2));

/** JSON typed as text: applied when it parses (empty = none), the parser's complaint shown otherwise. */
export function JsonField({ label, value, onChange, hint, testId }: { label: ReactNode; value: unknown; onChange: (v: unknown) => void; hint?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { readOnly } = useSettingsData();
  const [text, setText] = useState(() => show(value));
  const [seen, setSeen] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // Undo (or another edit) changed the value: show it.
  if (seen !== value) {
    setSeen(value);
    setText(show(value));
    setError(null);
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <Textarea
        id={id}
        value={text}
        rows={4}
        readOnly={readOnly}
        dir="ltr"
        invalid={error !== null}
        className="min-h-0 font-mono text-xs"
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') {
            setError(null);
            setSeen(undefined);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(next);
            setError(null);
            setSeen(parsed);
            onChange(parsed);
          } catch (err) {
            setError(err instanceof Error ? err.message : t('flows.fields.badJson'));
          }
        }}
      />
      {error ? <p className="text-xs text-danger-600">{t('flows.fields.badJson')}</p> : hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { useContactFields } from '../../../crm/hooks';
import type { VariableMapping } from '../../types';

/** A built-in contact column's label key, or null for a custom field's key. */
export const builtInFieldKey = (value: string) =>
  value === 'name' || value === 'first_name' || value === 'phone' || value === 'email' || value === 'company' ? value : null;

/**
 * What the preview shows for each slot: a constant as it is, a contact field or CSV column as its name in brackets
 * (each recipient's own value goes there), nothing while a slot has no value.
 */
export function usePreviewValues(mappings: readonly VariableMapping[]): Record<string, string | null> {
  const { t } = useTranslation();
  const fields = useContactFields();
  const out: Record<string, string | null> = {};
  for (const m of mappings) {
    if (m.source === 'constant') out[m.slot] = m.value || null;
    else if (m.source === 'csv') out[m.slot] = m.value ? `[${m.value}]` : null;
    else {
      const builtIn = builtInFieldKey(m.value);
      const label = builtIn ? t(`campaigns.fields.${builtIn}`) : (fields.data?.find((f) => f.key === m.value)?.label ?? m.value);
      out[m.slot] = label ? `[${label}]` : null;
    }
  }
  return out;
}

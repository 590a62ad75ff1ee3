import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Field, Input, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useDebounce } from '../../../lib/useDebounce';
import { contactName } from '../format';
import { useContactSearch } from '../hooks/useDeals';
import type { ContactOption } from '../types';

/** Picks one contact, searching `GET /contacts?q=` as one types. */
export function ContactPicker({
  value,
  onChange,
  error,
  disabled,
}: {
  value: ContactOption | null;
  onChange: (contact: ContactOption | null) => void;
  error?: string;
  /** Prefilled and fixed (e.g. from a conversation). */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fieldId = useId();
  const [q, setQ] = useState('');
  const debounced = useDebounce(q.trim(), 250);
  const search = useContactSearch(debounced, !value && debounced.length > 0);
  const results = search.data?.items ?? [];

  return (
    <Field label={t('deals.fields.contact')} htmlFor={fieldId} error={error}>
      {value ? (
        <div className="flex items-center gap-3 rounded-xl border border-slate-200 px-3 py-2" data-testid="contact-picked">
          <Avatar name={contactName(value)} className="size-8" />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900" dir="auto">
              {contactName(value)}
            </p>
            {value.phone && (
              <p className="truncate text-xs text-slate-500" dir="ltr">
                {value.phone}
              </p>
            )}
          </div>
          {!disabled && (
            <Button variant="ghost" size="sm" onClick={() => onChange(null)} id={fieldId}>
              {t('deals.contactPicker.change')}
            </Button>
          )}
        </div>
      ) : (
        <div className="space-y-2">
          <Input
            id={fieldId}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('deals.contactPicker.placeholder')}
            invalid={Boolean(error)}
            autoComplete="off"
            data-testid="contact-search"
          />
          {debounced.length > 0 && (
            <div className="max-h-48 overflow-y-auto rounded-xl border border-slate-200" role="listbox" aria-label={t('deals.contactPicker.results')}>
              {search.isPending || search.isFetching ? (
                <div className="flex justify-center p-3">
                  <Spinner className="text-primary-500" label={t('common.loading')} />
                </div>
              ) : search.isError ? (
                <p className="p-3 text-sm text-danger-700">{errorText(search.error)}</p>
              ) : results.length === 0 ? (
                <p className="p-3 text-sm text-slate-500">{t('deals.contactPicker.none')}</p>
              ) : (
                results.map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    role="option"
                    aria-selected={false}
                    onClick={() => {
                      onChange({ id: c.id, name: c.name, phone: c.phone, profileName: c.profileName ?? null });
                      setQ('');
                    }}
                    className="flex w-full items-center gap-3 px-3 py-2 text-start hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
                    data-testid="contact-option"
                  >
                    <Avatar name={contactName(c)} className="size-7 text-[10px]" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm text-slate-900" dir="auto">
                        {contactName(c)}
                      </span>
                      {c.phone && (
                        <span className="block truncate text-xs text-slate-500" dir="ltr">
                          {c.phone}
                        </span>
                      )}
                    </span>
                  </button>
                ))
              )}
            </div>
          )}
        </div>
      )}
    </Field>
  );
}

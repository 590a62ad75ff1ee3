//! /admin/strings: the platform admin words any web string differently per language (stored on the server, shown
//! to everyone without a rebuild): search a key or a text, see English and the built-in translation, write the
//! platform's own text, or go back to the built-in one.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, EmptyState, PageHeader, Pagination, SearchInput, Select, Spinner, Switch, TextAreaField } from '../../../components/ui';
import { directionOf, LANGUAGES, type Language } from '../../../i18n';
import { useErrorText } from '../../../i18n/useErrorText';
import { useDebounce } from '../../../lib/useDebounce';
import { useBuiltInStrings, useStringActions, useWebStrings } from './api';

type Item = { key: string; english: string; value?: string | null };

function StringRow({ item, lng, builtIn }: { item: Item; lng: Language; builtIn: string | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { save, reset } = useStringActions(lng);
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null) return;
    save.mutate({ key: item.key, value: draft }, { onSuccess: () => setDraft(null) });
  };
  return (
    <li className="space-y-2 px-5 py-4" data-testid="web-string" data-key={item.key}>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 text-xs break-all text-slate-500" dir="ltr">
          {item.key}
        </code>
        {item.value != null && <Badge tone="accent">{t('webStrings.overridden')}</Badge>}
      </div>
      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        <div className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{t('webStrings.english')}</dt>
          <dd className="break-words text-slate-800" dir="ltr" lang="en">
            {item.english}
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{item.value != null ? t('webStrings.current') : t('webStrings.builtIn')}</dt>
          <dd className="break-words text-slate-800" dir={directionOf(lng)} lang={lng} data-testid="web-string-current">
            {item.value ?? builtIn ?? '—'}
          </dd>
        </div>
      </dl>
      {editing ? (
        <form onSubmit={submit} className="space-y-2">
          <TextAreaField
            id={`string-${item.key}`}
            label={t('webStrings.yourText')}
            value={draft}
            dir={directionOf(lng)}
            lang={lng}
            onChange={(e) => setDraft(e.target.value)}
            error={save.error ? errorText(save.error) : undefined}
            hint={t('webStrings.placeholdersHint')}
          />
          <div className="flex gap-2">
            <Button type="submit" size="sm" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="outline" onClick={() => setDraft(item.value ?? builtIn ?? item.english)} data-testid="web-string-edit">
            {t('webStrings.override')}
          </Button>
          {item.value != null && (
            <Button size="sm" variant="ghost" loading={reset.isPending} onClick={() => reset.mutate(item.key)} data-testid="web-string-reset">
              {t('webStrings.reset')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

export function StringsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [lng, setLng] = useState<Language>('en');
  const [q, setQ] = useState('');
  const [overridden, setOverridden] = useState(false);
  const [page, setPage] = useState(1);
  const query = useDebounce(q, 250);
  const list = useWebStrings(lng, { q: query, overridden, page });
  const builtIn = useBuiltInStrings(lng);
  return (
    <div className="space-y-6">
      <PageHeader title={t('webStrings.title')} description={t('webStrings.subtitle')} />
      <Card>
        <CardBody className="flex flex-wrap items-center gap-3">
          <Select
            aria-label={t('common.language')}
            className="w-auto"
            value={lng}
            onChange={(e) => {
              setLng(e.target.value as Language);
              setPage(1);
            }}
            data-testid="web-strings-language"
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </Select>
          <SearchInput
            className="min-w-0 flex-1"
            label={t('webStrings.search')}
            value={q}
            onChange={(v) => {
              setQ(v);
              setPage(1);
            }}
            testId="web-strings-search"
          />
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <Switch
              on={overridden}
              label={t('webStrings.onlyOverridden')}
              onChange={(on) => {
                setOverridden(on);
                setPage(1);
              }}
            />
            {t('webStrings.onlyOverridden')}
          </label>
        </CardBody>
      </Card>
      {list.isError ? (
        <Alert tone="danger">{errorText(list.error)}</Alert>
      ) : !list.data ? (
        <Spinner label={t('common.loading')} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon="globe" title={t('webStrings.emptyTitle')} description={t('webStrings.emptyBody')} />
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="web-strings">
            {list.data.items.map((item) => (
              <StringRow key={`${lng}:${item.key}`} item={item} lng={lng} builtIn={builtIn.data?.get(item.key)} />
            ))}
          </ul>
          <div className="border-t border-slate-100 px-5 py-3">
            <Pagination page={list.data.page} perPage={list.data.perPage} total={list.data.total} onPage={setPage} />
          </div>
        </Card>
      )}
    </div>
  );
}

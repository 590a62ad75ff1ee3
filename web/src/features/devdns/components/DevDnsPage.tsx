//! `/dev/dns` (demo mode, no sign-in): the demo DNS server's records as a list, a form to add one or edit one, and
//! remove. Every change replaces the server's whole table, which the next DNS question sees.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { DevToolLayout } from '../../../app/layouts/DevToolLayout';
import { Alert, Badge, Button, Card, CardBody, CardHeader, EmptyState, Icon, QueryView, SelectField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError } from '../../../lib/formErrors';
import { useConfig } from '../../config';
import { devDnsApi, type DevDnsRecord, type DevDnsType } from '../api';

const TYPES: DevDnsType[] = ['CNAME', 'TXT', 'A', 'AAAA'];
const KEY = ['devdns', 'records'] as const;
const EMPTY: DevDnsRecord = { name: '', type: 'CNAME', value: '' };

export function DevDnsPage() {
  const config = useConfig();
  const records = useQuery({ queryKey: KEY, queryFn: devDnsApi.list, enabled: config.data?.demo === true });
  return (
    <DevToolLayout ns="devdns" isOn={(c) => c.demo} testId="dev-dns-page">
      <QueryView query={records}>{(data) => <Editor records={data.records} />}</QueryView>
    </DevToolLayout>
  );
}

function Editor({ records }: { records: DevDnsRecord[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  // The record being edited (its index), or null for a new one.
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState<DevDnsRecord>(EMPTY);
  const save = useMutation({ mutationFn: devDnsApi.replace, onSuccess: (data) => qc.setQueryData(KEY, data) });
  const index = editing ?? records.length;
  const errors = save.isError ? mapFormError(save.error, ['name', 'value'], { describe: errorText }) : null;
  // The server names fields by their place in the whole list; this form edits one of them.
  const fieldError = (f: 'name' | 'value') =>
    save.error instanceof ApiError ? save.error.fieldErrors.find((e) => e.field === `records[${index}].${f}`)?.message : undefined;
  const reset = () => {
    setEditing(null);
    setDraft(EMPTY);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = editing === null ? [...records, draft] : records.map((r, i) => (i === editing ? draft : r));
    save.mutate(next, { onSuccess: reset });
  };
  const removeAt = (i: number) => {
    save.mutate(
      records.filter((_, j) => j !== i),
      { onSuccess: () => (editing === i ? reset() : editing !== null && editing > i && setEditing(editing - 1)) },
    );
  };
  return (
    <>
      <Card data-testid="dev-dns-form">
        <CardHeader title={editing === null ? t('devdns.formTitle') : t('devdns.editTitle')} />
        <CardBody>
          <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_8.5rem_minmax(0,1fr)_auto] sm:items-start">
            <TextField
              id="dns-name"
              label={t('devdns.name')}
              placeholder="app.agency.test"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              required
              maxLength={253}
              dir="ltr"
              autoCapitalize="none"
              spellCheck={false}
              error={fieldError('name')}
              data-testid="dns-name"
            />
            <SelectField
              id="dns-type"
              label={t('devdns.type')}
              value={draft.type}
              onChange={(e) => setDraft({ ...draft, type: e.target.value as DevDnsType })}
              dir="ltr"
              data-testid="dns-type"
            >
              {TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {ty}
                </option>
              ))}
            </SelectField>
            <TextField
              id="dns-value"
              label={t('devdns.value')}
              placeholder={draft.type === 'TXT' ? 'parley-verify=…' : draft.type === 'CNAME' ? 'edge.parley.test' : draft.type === 'A' ? '203.0.113.10' : '2001:db8::10'}
              value={draft.value}
              onChange={(e) => setDraft({ ...draft, value: e.target.value })}
              required
              maxLength={1000}
              dir="ltr"
              autoCapitalize="none"
              spellCheck={false}
              error={fieldError('value')}
              data-testid="dns-value"
            />
            <div className="flex gap-2 sm:mt-6">
              <Button type="submit" loading={save.isPending} data-testid="dns-save">
                <Icon name={editing === null ? 'plus' : 'check'} className="size-4" />
                {editing === null ? t('devdns.add') : t('devdns.save')}
              </Button>
              {editing !== null && (
                <Button variant="outline" onClick={reset}>
                  {t('devdns.cancel')}
                </Button>
              )}
            </div>
          </form>
          {errors?.message && !fieldError('name') && !fieldError('value') && (
            <Alert tone="danger" className="mt-3">
              {errors.message}
            </Alert>
          )}
          {save.isSuccess && <p className="mt-3 text-sm text-success-700">{t('devdns.saved')}</p>}
        </CardBody>
      </Card>
      {records.length === 0 ? (
        <Card>
          <EmptyState icon="globe" title={t('devdns.emptyTitle')} description={t('devdns.emptyBody')} />
        </Card>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="dev-dns-records">
            {records.map((r, i) => (
              <li
                key={`${r.name}-${r.type}-${r.value}-${i}`}
                className="grid gap-2 px-5 py-3 sm:grid-cols-[minmax(0,1fr)_5rem_minmax(0,1fr)_auto] sm:items-center"
                data-testid="dev-dns-record"
              >
                <code className="font-mono text-sm break-all text-slate-900" dir="ltr">
                  {r.name}
                </code>
                <span>
                  <Badge tone="primary">{r.type}</Badge>
                </span>
                <code className="font-mono text-xs break-all text-slate-700" dir="ltr">
                  {r.value}
                </code>
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => {
                      setEditing(i);
                      setDraft(r);
                    }}
                  >
                    <Icon name="pencil" className="size-4" />
                    {t('devdns.edit')}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => removeAt(i)} disabled={save.isPending}>
                    <Icon name="trash" className="size-4" />
                    {t('devdns.remove')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { Alert, Button, Card, CardBody, CardHeader, PageHeader, QueryView, TextAreaField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import type { IpAllowlistSettings } from '../api';
import { useIpAllowlist, useSaveIpAllowlist } from '../hooks/useSettings';

/** Lines of the textarea as the API's entries: blank lines and surrounding spaces are not entries. */
function entriesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Owners: the workspace's IP allow-list for sign-in and API keys. */
function AllowlistForm({ settings }: { settings: IpAllowlistSettings }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [text, setText] = useState(settings.entries.join('\n'));
  const save = useSaveIpAllowlist();
  const entries = entriesOf(text);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(entries, { onSuccess: (saved) => setText(saved.entries.join('\n')) });
  };

  const addMine = () => {
    if (settings.yourIp && !entries.includes(settings.yourIp)) setText([...entries, settings.yourIp].join('\n'));
  };

  // A field error names `entries[i]`: shown as the line the owner typed (blank lines are not counted by the API).
  const lineErrors =
    save.error instanceof ApiError
      ? save.error.fieldErrors.map((f) => {
          const i = /^entries\[(\d+)\]$/.exec(f.field);
          return i ? t('access.entryError', { line: entries[Number(i[1])] ?? Number(i[1]) + 1, message: f.message }) : f.message;
        })
      : [];

  return (
    <form onSubmit={submit} className="max-w-xl space-y-4" noValidate data-testid="ip-allowlist-form">
      {save.isError && (
        <Alert tone="danger">
          {lineErrors.length > 0 ? (
            <ul className="space-y-1" dir="auto">
              {lineErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : (
            errorText(save.error)
          )}
        </Alert>
      )}
      {save.isSuccess && <Alert tone="success">{t('access.saved')}</Alert>}
      <Alert tone={settings.entries.length > 0 ? 'warning' : 'info'}>
        {settings.entries.length > 0 ? t('access.active') : t('access.off')}
      </Alert>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span>{t('access.yourIp')}:</span>
        <code className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800" dir="ltr" data-testid="your-ip">
          {settings.yourIp ?? t('access.unknownIp')}
        </code>
        {settings.yourIp && (
          <Button type="button" variant="secondary" size="sm" onClick={addMine}>
            {t('access.addMine')}
          </Button>
        )}
      </div>
      <TextAreaField
        label={t('access.entries')}
        name="entries"
        rows={6}
        dir="ltr"
        spellCheck={false}
        className="font-mono text-sm"
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={t('access.allowlistHelp')}
      />
      <p className="text-xs text-slate-500">{t('access.lockoutNote')}</p>
      <Button type="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </form>
  );
}

export function AccessPage() {
  const { t } = useTranslation();
  const settings = useIpAllowlist();
  return (
    <div className="space-y-6">
      <PageHeader title={t('access.title')} description={t('access.subtitle')} />
      <Card>
        <CardHeader title={t('access.allowlist')} />
        <CardBody>
          <QueryView query={settings}>{(data) => <AllowlistForm settings={data} />}</QueryView>
        </CardBody>
      </Card>
    </div>
  );
}

//! The sender card of Settings → Mail: the display name and the brand's own address (where the platform allows
//! one), the From mails go out with now, the DNS records the address's domain needs (each copyable, found or missing
//! after a check) and "Verify".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, CopyButton, Icon, TextField, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError } from '../../../lib/formErrors';
import type { MailSender, SenderRecord } from '../mailApi';
import { useSaveMailSender, useVerifyMailSender } from '../mailHooks';

const TONE: Record<string, BadgeTone> = { none: 'neutral', pending: 'warning', verified: 'success', failing: 'danger' };
type Status = 'none' | 'pending' | 'verified' | 'failing';

export function MailSenderCard({ sender }: { sender: MailSender }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveMailSender();
  const verify = useVerifyMailSender();
  const [name, setName] = useState(sender.fromName ?? '');
  const [address, setAddress] = useState(sender.fromAddress ?? '');
  const [saved, setSaved] = useState(false);
  // The server's answer (a saved, normalised address) replaces what the form shows.
  const [shown, setShown] = useState({ name: sender.fromName, address: sender.fromAddress });
  if (shown.name !== sender.fromName || shown.address !== sender.fromAddress) {
    setShown({ name: sender.fromName, address: sender.fromAddress });
    setName(sender.fromName ?? '');
    setAddress(sender.fromAddress ?? '');
  }
  const status = sender.status as Status;
  const errors = save.isError ? mapFormError(save.error, ['fromName', 'fromAddress'], { describe: errorText }) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = sender.ownAddressAllowed ? { fromName: name, fromAddress: address } : { fromName: name };
    save.mutate(input, { onSuccess: () => setSaved(true) });
  };
  return (
    <Card data-testid="mail-sender" data-status={status}>
      <CardHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t('mail.sender.title')}
            <Badge tone={TONE[status] ?? 'neutral'} dot data-testid="mail-sender-status">
              {t(`mail.sender.status.${status}`)}
            </Badge>
          </span>
        }
        description={t('mail.sender.subtitle')}
      />
      <CardBody className="space-y-5">
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              id="mail-from-name"
              name="fromName"
              label={t('mail.sender.fromName')}
              hint={t('mail.sender.fromNameHint')}
              value={name}
              maxLength={80}
              onChange={(e) => setName(e.target.value)}
              error={errors?.fields.fromName}
              data-testid="mail-from-name"
            />
            <TextField
              id="mail-from-address"
              name="fromAddress"
              type="email"
              dir="ltr"
              label={t('mail.sender.fromAddress')}
              hint={sender.ownAddressAllowed ? t('mail.sender.fromAddressHint') : t('mail.sender.notAllowed')}
              value={address}
              placeholder="hello@youragency.com"
              disabled={!sender.ownAddressAllowed}
              autoComplete="off"
              onChange={(e) => setAddress(e.target.value)}
              error={errors?.fields.fromAddress}
              data-testid="mail-from-address"
            />
          </div>
          {errors?.message && <Alert tone="danger">{errors.message}</Alert>}
          {saved && !save.isPending && <Alert tone="success">{t('mail.sender.saved')}</Alert>}
          <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
            <p className="min-w-0 text-sm text-slate-600">
              {t('mail.sender.effective')}{' '}
              <code className="rounded bg-slate-50 px-1.5 py-0.5 font-mono text-xs break-all text-slate-800" dir="ltr" data-testid="mail-effective-from">
                {sender.effectiveFrom}
              </code>
            </p>
            <Button type="submit" loading={save.isPending} data-testid="mail-sender-save">
              {t('mail.sender.save')}
            </Button>
          </div>
        </form>
        <p className="text-sm text-slate-600">{t(`mail.sender.statusHelp.${status}`)}</p>
        {sender.records.length > 0 && (
          <section className="space-y-3" data-testid="mail-sender-records">
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">{t('mail.sender.records.title')}</h3>
                <p className="text-xs text-slate-500">
                  {sender.checkedAt ? t('mail.sender.checkedAt', { time: formatDateTime(sender.checkedAt, i18n.language) }) : t('mail.sender.neverChecked')}
                </p>
              </div>
              <Button size="sm" variant="secondary" onClick={() => verify.mutate()} loading={verify.isPending} data-testid="mail-sender-verify">
                <Icon name="refresh" className="size-4" />
                {t('mail.sender.verify')}
              </Button>
            </div>
            {verify.isError && <Alert tone="danger">{errorText(verify.error)}</Alert>}
            {sender.checkError && (
              <Alert tone="warning" title={t('mail.sender.checkError')}>
                <span dir="ltr">{sender.checkError}</span>
              </Alert>
            )}
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
              {sender.records.map((r) => (
                <SenderRecordRow key={r.purpose} record={r} />
              ))}
            </ul>
            <p className="text-xs text-slate-500">{t('mail.sender.records.keep')}</p>
          </section>
        )}
      </CardBody>
    </Card>
  );
}

function SenderRecordRow({ record: r }: { record: SenderRecord }) {
  const { t } = useTranslation();
  return (
    <li className="grid gap-2 p-3 sm:grid-cols-[8rem_minmax(0,1fr)_minmax(0,1fr)] sm:items-start" data-testid="mail-sender-record" data-purpose={r.purpose}>
      <div className="flex flex-wrap items-center gap-2 sm:flex-col sm:items-start">
        <Badge tone="primary">{r.kind}</Badge>
        {r.found != null && (
          <Badge tone={r.found ? 'success' : r.required ? 'danger' : 'warning'} data-testid="mail-record-found">
            {r.found ? t('mail.sender.records.found') : t('mail.sender.records.missing')}
          </Badge>
        )}
        <span className="text-xs text-slate-500">{t(`mail.sender.records.${r.purpose}` as 'mail.sender.records.verify', { defaultValue: r.purpose })}</span>
      </div>
      <RecordValue label={t('mail.sender.records.name')} value={r.name} />
      <RecordValue label={t('mail.sender.records.value')} value={r.value} />
    </li>
  );
}

function RecordValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <span className="block text-xs font-medium text-slate-500">{label}</span>
      <div className="mt-1 flex items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-slate-50 px-2 py-1 font-mono text-xs break-all text-slate-800" dir="ltr">
          {value}
        </code>
        <CopyButton value={value} size="sm" variant="ghost" />
      </div>
    </div>
  );
}

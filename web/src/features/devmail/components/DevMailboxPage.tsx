import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Mail } from '../../../api/types';
import { Alert, Badge, Button, Card, EmptyState, Icon, LanguageSwitcher, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { Logo } from '../../../app/layouts/Logo';
import { useConfig } from '../../config';
import { useMailbox } from '../hooks/useMailbox';
import { linkify } from '../linkify';

function MailText({ text }: { text: string }) {
  return (
    <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-700" dir="auto">
      {linkify(text).map((p, i) =>
        p.kind === 'link' ? (
          <a key={i} href={p.href} className="font-medium break-all text-primary-600 underline decoration-primary-300 underline-offset-2 hover:text-primary-700" dir="ltr">
            {p.href}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

function MailCard({ mail }: { mail: Mail }) {
  const { t, i18n } = useTranslation();
  return (
    <Card className="overflow-hidden" data-testid="mail">
      <div className="flex flex-col gap-1 border-b border-slate-100 bg-slate-50/60 px-5 py-3 sm:flex-row sm:items-center sm:justify-between">
        <h2 className="font-semibold text-slate-900" dir="auto">
          {mail.subject}
        </h2>
        <time className="text-xs text-slate-500" dateTime={mail.createdAt}>
          {formatDateTime(mail.createdAt, i18n.language)}
        </time>
      </div>
      <div className="space-y-3 px-5 py-4">
        <p className="text-xs text-slate-500">
          {t('devmail.from')}{' '}
          <span className="font-medium text-slate-700" dir="ltr" data-testid="mail-from">
            {mail.from}
          </span>
        </p>
        <p className="text-xs text-slate-500">
          {t('devmail.to')} <span className="font-medium text-slate-700" dir="ltr">{mail.to}</span>
        </p>
        <MailText text={mail.text} />
      </div>
    </Card>
  );
}

export function DevMailboxPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const config = useConfig();
  const enabled = config.data?.devMailbox === true;
  const mails = useMailbox(enabled);

  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link to="/login" aria-label="Parley">
            <Logo />
          </Link>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
        <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <div className="flex items-center gap-2">
              <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('devmail.title')}</h1>
              <Badge tone="accent">{t('devmail.devOnly')}</Badge>
            </div>
            <p className="mt-1 text-sm text-slate-500">{t('devmail.subtitle')}</p>
          </div>
          {enabled && (
            <Button variant="outline" size="sm" onClick={() => void mails.refetch()} loading={mails.isFetching}>
              <Icon name="refresh" className="size-4" />
              {t('common.refresh')}
            </Button>
          )}
        </div>
        {config.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : config.isError ? (
          <Alert tone="danger">{errorText(config.error)}</Alert>
        ) : !enabled ? (
          <Card>
            <EmptyState icon="shield" title={t('devmail.disabledTitle')} description={t('devmail.disabledBody')} />
          </Card>
        ) : mails.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : mails.isError ? (
          <Alert tone="danger">{errorText(mails.error)}</Alert>
        ) : mails.data.length === 0 ? (
          <Card>
            <EmptyState icon="mail" title={t('devmail.emptyTitle')} description={t('devmail.emptyBody')} />
          </Card>
        ) : (
          <div className="space-y-4">
            {mails.data.map((m) => (
              <MailCard key={m.id} mail={m} />
            ))}
          </div>
        )}
      </main>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { Mail } from '../../../api/types';
import { Button, Card, EmptyState, Icon, QueryView } from '../../../components/ui';
import { formatDateTime } from '../../../lib/format';
import { DevToolLayout } from '../../../app/layouts/DevToolLayout';
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
  const config = useConfig();
  const mails = useMailbox(config.data?.devMailbox === true);
  const refresh = (
    <Button variant="outline" size="sm" onClick={() => void mails.refetch()} loading={mails.isFetching}>
      <Icon name="refresh" className="size-4" />
      {t('common.refresh')}
    </Button>
  );
  return (
    <DevToolLayout ns="devmail" isOn={(c) => c.devMailbox} actions={refresh}>
      <QueryView
        query={mails}
        isEmpty={(list) => list.length === 0}
        empty={
          <Card>
            <EmptyState icon="mail" title={t('devmail.emptyTitle')} description={t('devmail.emptyBody')} />
          </Card>
        }
      >
        {(list) => (
          <div className="space-y-4">
            {list.map((m) => (
              <MailCard key={m.id} mail={m} />
            ))}
          </div>
        )}
      </QueryView>
    </DevToolLayout>
  );
}

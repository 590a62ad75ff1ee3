import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Card, EmptyState, Icon, PageHeader, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { LimitReached, LockedFeature, useFeature, useUsageLimit } from '../../billing';
import { useConnections } from '../hooks/useWhatsapp';
import { ConnectionBadges, ConnectionStatusBadge } from './ConnectionBadges';
import { ConnectNumberModal } from './ConnectNumberModal';

export function WhatsappNumbersPage() {
  const { t } = useTranslation();
  const connections = useConnections();
  const [connecting, setConnecting] = useState(false);
  // The first number is always open; another needs the "several numbers" switch and room under the numbers' limit
  // (the listed numbers are the fresher count).
  const count = connections.data?.length;
  const severalAllowed = useFeature('multipleWhatsAppNumbers').allowed;
  const full = useUsageLimit('whatsAppNumbers', count).atLimit;
  const switchLocked = !severalAllowed && (count ?? 0) > 0;
  const locked = switchLocked || full;

  const connectButton = (
    <Button onClick={() => setConnecting(true)} disabled={locked} aria-describedby={locked ? 'numbers-locked' : undefined} data-testid="connect-number">
      <Icon name={locked ? 'lock' : 'plus'} className="size-4" />
      {t('whatsapp.connect.button')}
    </Button>
  );

  return (
    <div>
      <PageHeader title={t('whatsapp.title')} description={t('whatsapp.subtitle')} actions={connectButton} />
      {switchLocked ? (
        <LockedFeature feature="multipleWhatsAppNumbers" id="numbers-locked" note={t('billing.locks.numbers')} className="mb-4" />
      ) : (
        full && <LimitReached usage="whatsAppNumbers" used={count} id="numbers-locked" className="mb-4" />
      )}
      <Card>
        <QueryView
          query={connections}
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState icon="phone" title={t('whatsapp.emptyTitle')} description={t('whatsapp.emptyBody')} action={connectButton} />}
        >
          {(data) => (
            <Table data-testid="numbers-table">
              <TableHeader columns={[t('fields.name'), t('whatsapp.number'), t('common.status'), t('whatsapp.lastError')]} />
              <TBody>
                {data.map((c) => (
                  <TR key={c.id} data-testid="number-row">
                    <TD>
                      <Link to={`/app/whatsapp/${c.id}`} className="font-medium text-slate-900 hover:text-primary-700 hover:underline">
                        {c.name}
                      </Link>
                      <div className="mt-1">
                        <ConnectionBadges connection={c} />
                      </div>
                    </TD>
                    <TD>
                      <span className="block whitespace-nowrap text-slate-700" dir="ltr">
                        {c.displayPhoneNumber ?? '—'}
                      </span>
                      {c.verifiedName && <span className="block text-xs text-slate-500">{c.verifiedName}</span>}
                    </TD>
                    <TD>
                      <ConnectionStatusBadge status={c.status} />
                    </TD>
                    <TD className="max-w-xs text-xs text-danger-700">
                      <span className="line-clamp-2 break-words" title={c.lastError ?? undefined}>
                        {c.lastError ?? <span className="text-slate-400">—</span>}
                      </span>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>
      <ConnectNumberModal open={connecting} onClose={() => setConnecting(false)} />
    </div>
  );
}

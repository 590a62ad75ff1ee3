import { useTranslation } from 'react-i18next';
import { Badge, Card, CardHeader, EmptyState, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { useWebhookEvents } from '../hooks/useWhatsapp';
import { webhookTone } from '../status';
import { problemsOf } from '../webhookProblems';

const STATUSES = ['received', 'processing', 'processed', 'failed'] as const;

export function WebhookLogCard({ connectionId }: { connectionId: string }) {
  const { t, i18n } = useTranslation();
  const events = useWebhookEvents(connectionId);

  return (
    <Card>
      <CardHeader title={t('whatsapp.webhookLog.title')} description={t('whatsapp.webhookLog.subtitle')} />
      <QueryView
        query={events}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState icon="inbox" title={t('whatsapp.webhookLog.empty')} description={t('whatsapp.webhookLog.emptyBody')} />}
      >
        {(data) => (
          <Table data-testid="webhook-log">
            <TableHeader columns={[t('whatsapp.webhookLog.received'), t('common.status'), t('whatsapp.webhookLog.size'), t('whatsapp.webhookLog.problems')]} />
            <TBody>
              {data.map((e) => {
                const problems = problemsOf(e.problems);
                const known = (STATUSES as readonly string[]).includes(e.status);
                return (
                  <TR key={e.id}>
                    <TD className="whitespace-nowrap text-slate-500">{formatDateTime(e.receivedAt, i18n.language)}</TD>
                    <TD>
                      <Badge tone={webhookTone(e.status)}>{known ? t(`whatsapp.webhookLog.status.${e.status as (typeof STATUSES)[number]}`) : e.status}</Badge>
                    </TD>
                    <TD className="whitespace-nowrap text-slate-500 tabular-nums" dir="ltr">{formatBytes(e.sizeBytes, i18n.language)}</TD>
                    <TD>
                      {problems.length === 0 ? (
                        <span className="text-slate-400">—</span>
                      ) : (
                        <ul className="space-y-1">
                          {problems.map((p, i) => (
                            <li key={i} className="text-xs">
                              <code className="rounded-md bg-danger-50 px-1.5 py-0.5 font-mono text-danger-700" dir="ltr">{p.problem}</code>
                              {p.detail && <span className="ms-1.5 break-words text-slate-600" dir="auto">{p.detail}</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </QueryView>
    </Card>
  );
}

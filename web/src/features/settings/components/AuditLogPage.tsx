import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Card, EmptyState, PageHeader, PageSpinner, Pagination, TBody, TD, TH, THead, TR, Table } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useAuditLogs } from '../hooks/useSettings';

const PER_PAGE = 25;

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && Object.keys(value).length === 0) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return '';
  }
}

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const logs = useAuditLogs(page, PER_PAGE);

  return (
    <div>
      <PageHeader title={t('audit.title')} description={t('audit.subtitle')} />
      <Card>
        {logs.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : logs.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorText(logs.error)}</Alert>
          </div>
        ) : logs.data.items.length === 0 ? (
          <EmptyState icon="list" title={t('audit.empty')} />
        ) : (
          <>
            <Table data-testid="audit-table">
              <THead>
                <tr>
                  <TH>{t('audit.time')}</TH>
                  <TH>{t('audit.action')}</TH>
                  <TH>{t('audit.actor')}</TH>
                  <TH>{t('audit.target')}</TH>
                  <TH>{t('audit.ip')}</TH>
                </tr>
              </THead>
              <TBody>
                {logs.data.items.map((e) => {
                  const meta = compactJson(e.metadata);
                  return (
                    <TR key={e.id}>
                      <TD className="whitespace-nowrap text-slate-500">{formatDateTime(e.createdAt, i18n.language)}</TD>
                      <TD>
                        <code className="rounded-md bg-primary-50 px-1.5 py-0.5 font-mono text-xs text-primary-700" dir="ltr" title={meta || undefined}>
                          {e.action}
                        </code>
                      </TD>
                      <TD className="text-slate-700">{e.actorName ?? t('audit.system')}</TD>
                      <TD className="text-slate-500">
                        {e.targetType ? (
                          <span dir="ltr">
                            {e.targetType}
                            {e.targetId && <span className="ms-1 font-mono text-xs text-slate-400">{e.targetId.slice(0, 8)}</span>}
                          </span>
                        ) : (
                          '—'
                        )}
                      </TD>
                      <TD className="font-mono text-xs text-slate-500" dir="ltr">{e.ip ?? '—'}</TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
            <Pagination page={page} perPage={logs.data.perPage || PER_PAGE} total={logs.data.total} onPage={setPage} />
          </>
        )}
      </Card>
    </div>
  );
}

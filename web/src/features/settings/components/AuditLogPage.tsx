import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, EmptyState, PageHeader, PagedQueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
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
  const [page, setPage] = useState(1);
  const logs = useAuditLogs(page, PER_PAGE);

  return (
    <div>
      <PageHeader title={t('audit.title')} description={t('audit.subtitle')} />
      <Card>
        <PagedQueryView
          query={logs}
          page={page}
          perPage={PER_PAGE}
          onPage={setPage}
          empty={<EmptyState icon="list" title={t('audit.empty')} />}
        >
          {(items) => (
            <Table data-testid="audit-table">
              <TableHeader columns={[t('audit.time'), t('audit.action'), t('audit.actor'), t('audit.target'), t('audit.ip')]} />
              <TBody>
                {items.map((e) => {
                  const meta = compactJson(e.metadata);
                  const visitor = (e.metadata as { userName?: unknown } | null)?.userName;
                  return (
                    <TR key={e.id}>
                      <TD className="whitespace-nowrap text-slate-500">{formatDateTime(e.createdAt, i18n.language)}</TD>
                      <TD>
                        <code className="rounded-md bg-primary-50 px-1.5 py-0.5 font-mono text-xs text-primary-700" dir="ltr" title={meta || undefined}>
                          {e.action}
                        </code>
                      </TD>
                      <TD className="text-slate-700">
                        {/* An agency's support person is no member once the entry ended: the entry names them. */}
                        {e.actorName ?? (typeof visitor === 'string' ? visitor : t('audit.system'))}
                      </TD>
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
          )}
        </PagedQueryView>
      </Card>
    </div>
  );
}

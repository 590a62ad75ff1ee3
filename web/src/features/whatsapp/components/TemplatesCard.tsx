import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connection } from '../../../api/types';
import { Alert, Badge, Button, Card, CardHeader, EmptyState, Icon, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useConnectionActions, useTemplates } from '../hooks/useWhatsapp';
import { templateTone } from '../status';
import { NewTemplateModal } from './NewTemplateModal';

/**
 * No role check of its own: like the rest of the number's page it sits in the /app area, which only owners and
 * managers may enter (the server asks for a manager too).
 */
export function TemplatesCard({ connection }: { connection: Connection }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const connectionId = connection.id;
  const templates = useTemplates(connectionId);
  const { syncTemplates } = useConnectionActions();
  const [creating, setCreating] = useState(false);
  // Only the Cloud API has Meta's template review; QR sessions send free text.
  const canCreate = connection.kind === 'cloud';

  const actions = (
    <>
      <Button variant="outline" size="sm" onClick={() => syncTemplates.mutate(connectionId)} loading={syncTemplates.isPending} data-testid="sync-templates">
        <Icon name="refresh" className="size-4" />
        {t('whatsapp.templates.sync')}
      </Button>
      {canCreate && (
        <Button size="sm" onClick={() => setCreating(true)} data-testid="new-template">
          <Icon name="plus" className="size-4" />
          {t('whatsapp.templates.new')}
        </Button>
      )}
    </>
  );

  return (
    <Card>
      <CardHeader title={t('whatsapp.templates.title')} description={t('whatsapp.templates.subtitle')} actions={actions} />
      {syncTemplates.isError && (
        <div className="px-5 pt-4">
          <Alert tone="danger">{errorText(syncTemplates.error)}</Alert>
        </div>
      )}
      <QueryView
        query={templates}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState icon="list" title={t('whatsapp.templates.empty')} description={t('whatsapp.templates.emptyBody')} />}
      >
        {(data) => (
          <Table data-testid="templates-table">
            <TableHeader columns={[t('fields.name'), t('whatsapp.templates.language'), t('whatsapp.templates.category'), t('common.status'), t('whatsapp.templates.updated')]} />
            <TBody>
              {data.map((tpl) => (
                <TR key={tpl.id}>
                  <TD className="font-mono text-xs text-slate-900" dir="ltr">{tpl.name}</TD>
                  <TD className="text-slate-600" dir="ltr">{tpl.language}</TD>
                  <TD className="text-slate-600">{tpl.category ?? '—'}</TD>
                  <TD>
                    <Badge tone={templateTone(tpl.status)}>{tpl.status}</Badge>
                    {tpl.rejectedReason && <p className="mt-1 text-xs text-danger-700">{tpl.rejectedReason}</p>}
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDateTime(tpl.updatedAt, i18n.language)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      {creating && <NewTemplateModal connectionId={connectionId} onClose={() => setCreating(false)} />}
    </Card>
  );
}

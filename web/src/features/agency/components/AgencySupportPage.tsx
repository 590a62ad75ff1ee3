//! Settings → Agency support (owners of a client workspace): whether the agency may open support entries, and every
//! entry so far (who, why, when, until when, and how it ended), from the workspace's own audit log.
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Card, CardBody, CardHeader, EmptyState, PageHeader, QueryView, Switch, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import type { AgencySupportSettings, SupportVisit } from '../api';
import { useSetSupport, useSupportSettings } from '../hooks';

export function AgencySupportPage() {
  const { t } = useTranslation();
  const settings = useSupportSettings();
  return (
    <div className="space-y-6" data-testid="agency-support-page">
      <PageHeader title={t('agency.supportPage.title')} description={t('agency.supportPage.subtitle')} />
      <QueryView query={settings}>{(s) => <Body s={s} />}</QueryView>
    </div>
  );
}

function Body({ s }: { s: AgencySupportSettings }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const set = useSetSupport();
  if (!s.managed) return <Alert tone="info">{t('agency.supportPage.notManaged')}</Alert>;
  const active = s.entries.filter((e) => e.state === 'active').length;
  return (
    <>
      <Card>
        <CardHeader
          title={s.agencyName ? t('agency.supportPage.switchTitle', { name: s.agencyName }) : t('agency.supportPage.switchTitleNoName')}
          description={s.enabled ? t('agency.supportPage.onBody') : t('agency.supportPage.offBody')}
          actions={<Switch on={s.enabled} busy={set.isPending} onChange={(on) => set.mutate(on)} label={t('agency.supportPage.switch')} testId="agency-support-switch" />}
        />
        {(set.isError || (s.enabled && active > 0)) && (
          <CardBody>
            {set.isError && <Alert tone="danger">{errorText(set.error)}</Alert>}
            {s.enabled && active > 0 && <Alert tone="warning">{t('agency.supportPage.activeNow', { count: active })}</Alert>}
          </CardBody>
        )}
      </Card>
      <Card>
        <CardHeader title={t('agency.supportPage.entries')} />
        {s.entries.length === 0 ? (
          <EmptyState icon="shield" title={t('agency.supportPage.empty')} />
        ) : (
          <>
            <div className="hidden md:block">
              <Table data-testid="support-entries">
                <TableHeader
                  columns={[
                    t('agency.supportPage.columns.who'),
                    t('agency.supportPage.columns.reason'),
                    t('agency.supportPage.columns.opened'),
                    t('agency.supportPage.columns.until'),
                    t('agency.supportPage.columns.state'),
                  ]}
                />
                <TBody>
                  {s.entries.map((e) => (
                    <EntryRow key={e.id} e={e} />
                  ))}
                </TBody>
              </Table>
            </div>
            <ul className="divide-y divide-slate-100 md:hidden" data-testid="support-entry-cards">
              {s.entries.map((e) => (
                <EntryCard key={e.id} e={e} />
              ))}
            </ul>
          </>
        )}
      </Card>
    </>
  );
}

function StateBadge({ e }: { e: SupportVisit }) {
  const { t } = useTranslation();
  const tone = e.state === 'active' ? 'warning' : 'neutral';
  return (
    <Badge tone={tone} dot={e.state === 'active'} data-testid="support-state">
      {t(`agency.supportPage.state.${e.state}`)}
    </Badge>
  );
}

function EntryRow({ e }: { e: SupportVisit }) {
  const { i18n } = useTranslation();
  return (
    <TR data-testid="support-entry">
      <TD>
        <div className="font-medium text-slate-900" dir="auto">
          {e.userName}
        </div>
        <div className="text-xs text-slate-500" dir="ltr">
          {e.userEmail}
        </div>
        <div className="text-xs text-slate-500" dir="auto">
          {e.agencyName}
        </div>
      </TD>
      <TD className="max-w-xs" dir="auto">
        {e.reason}
      </TD>
      <TD className="whitespace-nowrap">{formatDateTime(e.openedAt, i18n.language)}</TD>
      <TD className="whitespace-nowrap">{formatDateTime(e.endedAt ?? e.expiresAt, i18n.language)}</TD>
      <TD>
        <StateBadge e={e} />
      </TD>
    </TR>
  );
}

function EntryCard({ e }: { e: SupportVisit }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="space-y-1 p-4 text-sm" data-testid="support-entry-card">
      <div className="flex items-start justify-between gap-2">
        <span className="font-medium text-slate-900" dir="auto">
          {e.userName} · {e.agencyName}
        </span>
        <StateBadge e={e} />
      </div>
      <p className="text-slate-600" dir="auto">
        {e.reason}
      </p>
      <p className="text-xs text-slate-500">
        {t('agency.supportPage.span', { from: formatDateTime(e.openedAt, i18n.language), to: formatDateTime(e.endedAt ?? e.expiresAt, i18n.language) })}
      </p>
    </li>
  );
}

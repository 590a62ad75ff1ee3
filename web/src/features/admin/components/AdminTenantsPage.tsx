import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminTenant } from '../../../api/types';
import {
  Alert, Badge, Button, Card, ConfirmModal, EmptyState, Icon, Input, PageHeader, PageSpinner, Pagination,
  TBody, TD, TH, THead, TR, Table,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate, formatNumber } from '../../../lib/format';
import { useDebounce } from '../../../lib/useDebounce';
import { useAdminTenants, useSetTenantStatus } from '../hooks/useAdmin';

const PER_PAGE = 20;

export function AdminTenantsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const tenants = useAdminTenants(page, PER_PAGE, q);
  const setStatus = useSetTenantStatus();
  const [suspending, setSuspending] = useState<AdminTenant | null>(null);

  return (
    <div>
      <PageHeader title={t('admin.tenants.title')} description={t('admin.tenants.subtitle')} />
      <Card>
        <div className="border-b border-slate-100 px-5 py-4">
          <div className="relative max-w-sm">
            <Icon name="search" className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
            <Input
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
              placeholder={t('admin.tenants.search')}
              aria-label={t('admin.tenants.search')}
              className="ps-9"
            />
          </div>
        </div>
        {setStatus.error && !suspending && (
          <div className="px-5 pt-4">
            <Alert tone="danger">{errorText(setStatus.error)}</Alert>
          </div>
        )}
        {tenants.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : tenants.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorText(tenants.error)}</Alert>
          </div>
        ) : tenants.data.items.length === 0 ? (
          <EmptyState icon="building" title={q ? t('admin.tenants.noMatch') : t('admin.tenants.empty')} />
        ) : (
          <>
            <Table data-testid="tenants-table">
              <THead>
                <tr>
                  <TH>{t('admin.tenants.tenant')}</TH>
                  <TH>{t('admin.tenants.owner')}</TH>
                  <TH>{t('admin.tenants.members')}</TH>
                  <TH>{t('common.status')}</TH>
                  <TH>{t('common.created')}</TH>
                  <TH className="text-end">
                    <span className="sr-only">{t('common.actions')}</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {tenants.data.items.map((tn) => {
                  const suspended = tn.status === 'suspended';
                  return (
                    <TR key={tn.id}>
                      <TD>
                        <p className="font-medium text-slate-900">{tn.name}</p>
                        <p className="font-mono text-xs text-slate-400" dir="ltr">{tn.slug}</p>
                      </TD>
                      <TD className="text-slate-600">
                        <span dir="ltr">{tn.ownerEmail ?? '—'}</span>
                      </TD>
                      <TD className="tabular-nums">{formatNumber(tn.memberCount, i18n.language)}</TD>
                      <TD>
                        <Badge tone={suspended ? 'danger' : 'success'} dot>
                          {suspended ? t('tenantStatus.suspended') : t('tenantStatus.active')}
                        </Badge>
                      </TD>
                      <TD className="whitespace-nowrap text-slate-500">{formatDate(tn.createdAt, i18n.language)}</TD>
                      <TD className="text-end">
                        {suspended ? (
                          <Button
                            size="sm"
                            variant="secondary"
                            loading={setStatus.isPending && setStatus.variables?.id === tn.id}
                            onClick={() => setStatus.mutate({ id: tn.id, status: 'active' })}
                          >
                            {t('admin.tenants.activate')}
                          </Button>
                        ) : (
                          <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setSuspending(tn)}>
                            {t('admin.tenants.suspend')}
                          </Button>
                        )}
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
            <Pagination page={page} perPage={tenants.data.perPage || PER_PAGE} total={tenants.data.total} onPage={setPage} />
          </>
        )}
      </Card>
      <ConfirmModal
        open={suspending !== null}
        title={t('admin.tenants.suspendTitle')}
        body={t('admin.tenants.suspendBody', { name: suspending?.name ?? '' })}
        confirmLabel={t('admin.tenants.suspend')}
        danger
        loading={setStatus.isPending}
        error={setStatus.error ? errorText(setStatus.error) : null}
        onClose={() => {
          setSuspending(null);
          setStatus.reset();
        }}
        onConfirm={() => suspending && setStatus.mutate({ id: suspending.id, status: 'suspended' }, { onSuccess: () => setSuspending(null) })}
      />
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminTenant } from '../../../api/types';
import {
  Alert, Badge, Button, Card, ConfirmMutationModal, EmptyState, PageHeader, PagedQueryView, SearchInput,
  TBody, TD, TR, Table, TableHeader,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate, formatNumber } from '../../../lib/format';
import { useSearchPaging } from '../../../lib/useSearchPaging';
import { useAdminTenants, useSetTenantStatus } from '../hooks/useAdmin';

const PER_PAGE = 20;

export function AdminTenantsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { page, setPage, search, setSearch, q } = useSearchPaging();
  const tenants = useAdminTenants(page, PER_PAGE, q);
  const setStatus = useSetTenantStatus();
  const [suspending, setSuspending] = useState<AdminTenant | null>(null);

  return (
    <div>
      <PageHeader title={t('admin.tenants.title')} description={t('admin.tenants.subtitle')} />
      <Card>
        <div className="border-b border-slate-100 px-5 py-4">
          <SearchInput className="max-w-sm" value={search} onChange={setSearch} label={t('admin.tenants.search')} />
        </div>
        {setStatus.error && !suspending && (
          <div className="px-5 pt-4">
            <Alert tone="danger">{errorText(setStatus.error)}</Alert>
          </div>
        )}
        <PagedQueryView
          query={tenants}
          page={page}
          perPage={PER_PAGE}
          onPage={setPage}
          empty={<EmptyState icon="building" title={q ? t('admin.tenants.noMatch') : t('admin.tenants.empty')} />}
        >
          {(items) => (
            <Table data-testid="tenants-table">
              <TableHeader columns={[t('admin.tenants.tenant'), t('admin.tenants.owner'), t('admin.tenants.members'), t('common.status'), t('common.created')]} actions />
              <TBody>
                {items.map((tn) => {
                  const suspended = tn.status === 'suspended';
                  return (
                    <TR key={tn.id}>
                      <TD>
                        <Link to={`/admin/tenants/${tn.id}`} className="font-medium text-slate-900 hover:text-primary-700 hover:underline" data-testid="tenant-link">
                          {tn.name}
                        </Link>
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
          )}
        </PagedQueryView>
      </Card>
      <ConfirmMutationModal
        item={suspending}
        onClose={() => setSuspending(null)}
        mutation={setStatus}
        variables={(tn) => ({ id: tn.id, status: 'suspended' as const })}
        title={t('admin.tenants.suspendTitle')}
        body={t('admin.tenants.suspendBody', { name: suspending?.name ?? '' })}
        confirmLabel={t('admin.tenants.suspend')}
        danger
      />
    </div>
  );
}

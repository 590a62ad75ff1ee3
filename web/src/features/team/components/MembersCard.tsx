import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Role } from '../../../api/types';
import {
  Alert, Avatar, Badge, Button, Card, CardHeader, ConfirmModal, EmptyState, Icon, Input, PageSpinner, Pagination, Select,
  TBody, TD, TH, THead, TR, Table,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { useDebounce } from '../../../lib/useDebounce';
import { useSession } from '../../auth';
import { useMemberActions, useMembers } from '../hooks/useTeam';
import { assignableRoles, canManage } from '../permissions';
import { RoleBadge } from './RoleBadge';

const PER_PAGE = 20;

export function MembersCard() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const members = useMembers(page, PER_PAGE, q);
  const actions = useMemberActions();
  const [removing, setRemoving] = useState<Member | null>(null);
  const roles = assignableRoles(session.role ?? null);

  const actionError = actions.changeRole.error ?? actions.setStatus.error;

  return (
    <Card>
      <CardHeader
        title={t('team.members.title')}
        description={members.data ? t('team.members.count', { count: members.data.total }) : undefined}
        actions={
          <div className="relative w-full sm:w-64">
            <Icon name="search" className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
            <Input
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
              placeholder={t('team.members.search')}
              aria-label={t('team.members.search')}
              className="ps-9"
            />
          </div>
        }
      />
      {actionError && (
        <div className="px-5 pt-4">
          <Alert tone="danger">{errorText(actionError)}</Alert>
        </div>
      )}
      {members.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : members.isError ? (
        <div className="p-5">
          <Alert tone="danger">{errorText(members.error)}</Alert>
        </div>
      ) : members.data.items.length === 0 ? (
        <EmptyState icon="users" title={q ? t('team.members.noMatch') : t('team.members.empty')} />
      ) : (
        <>
          <Table data-testid="members-table">
            <THead>
              <tr>
                <TH>{t('team.members.member')}</TH>
                <TH>{t('fields.role')}</TH>
                <TH>{t('common.status')}</TH>
                <TH>{t('team.members.lastLogin')}</TH>
                <TH className="text-end">
                  <span className="sr-only">{t('common.actions')}</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {members.data.items.map((m) => {
                const manageable = canManage(session.role ?? null, session.user.id, m);
                const disabled = m.status === 'disabled';
                return (
                  <TR key={m.userId} data-testid="member-row">
                    <TD>
                      <div className="flex items-center gap-3">
                        <Avatar name={m.name} />
                        <div className="min-w-0">
                          <p className="truncate font-medium text-slate-900">
                            {m.name}
                            {m.userId === session.user.id && <span className="ms-1.5 text-xs font-normal text-slate-400">({t('team.members.you')})</span>}
                          </p>
                          <p className="truncate text-xs text-slate-500" dir="ltr">{m.email}</p>
                        </div>
                      </div>
                    </TD>
                    <TD>
                      {manageable && roles.length > 1 ? (
                        <Select
                          aria-label={t('team.members.changeRole', { name: m.name })}
                          value={m.role}
                          className="h-8 w-32 text-xs"
                          disabled={actions.changeRole.isPending}
                          onChange={(e) => actions.changeRole.mutate({ id: m.userId, role: e.target.value as Role })}
                        >
                          {roles.map((r) => (
                            <option key={r} value={r}>
                              {t(`roles.${r}`)}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <RoleBadge role={m.role} />
                      )}
                    </TD>
                    <TD>
                      <Badge tone={disabled ? 'danger' : 'success'} dot>
                        {disabled ? t('memberStatus.disabled') : t('memberStatus.active')}
                      </Badge>
                    </TD>
                    <TD className="whitespace-nowrap text-slate-500">{formatDateTime(m.lastLoginAt, i18n.language)}</TD>
                    <TD className="text-end whitespace-nowrap">
                      {manageable && (
                        <div className="inline-flex gap-1">
                          <Button
                            size="sm"
                            variant="ghost"
                            loading={actions.setStatus.isPending && actions.setStatus.variables?.id === m.userId}
                            onClick={() => actions.setStatus.mutate({ id: m.userId, status: disabled ? 'active' : 'disabled' })}
                          >
                            {disabled ? t('team.members.enable') : t('team.members.disable')}
                          </Button>
                          <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setRemoving(m)}>
                            {t('team.members.remove')}
                          </Button>
                        </div>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <Pagination page={page} perPage={members.data.perPage || PER_PAGE} total={members.data.total} onPage={setPage} />
        </>
      )}
      <ConfirmModal
        open={removing !== null}
        title={t('team.members.removeTitle')}
        body={t('team.members.removeBody', { name: removing?.name ?? '' })}
        confirmLabel={t('team.members.remove')}
        danger
        loading={actions.remove.isPending}
        error={actions.remove.error ? errorText(actions.remove.error) : null}
        onClose={() => {
          setRemoving(null);
          actions.remove.reset();
        }}
        onConfirm={() => removing && actions.remove.mutate(removing.userId, { onSuccess: () => setRemoving(null) })}
      />
    </Card>
  );
}

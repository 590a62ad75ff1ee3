import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Role } from '../../../api/types';
import {
  Alert, Avatar, Badge, Button, Card, CardHeader, ConfirmMutationModal, EmptyState, PagedQueryView, SearchInput, Select,
  TBody, TD, TR, Table, TableHeader,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime, formatTime } from '../../../lib/format';
import { useSearchPaging } from '../../../lib/useSearchPaging';
import { useSession } from '../../auth';
import { useMemberActions, useMembers } from '../hooks/useTeam';
import { assignableRoles, canManage } from '../permissions';
import { RoleBadge } from './RoleBadge';

const PER_PAGE = 20;

export function MembersCard() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const { page, setPage, search, setSearch, q } = useSearchPaging();
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
        actions={<SearchInput className="w-full sm:w-64" value={search} onChange={setSearch} label={t('team.members.search')} />}
      />
      {actionError && (
        <div className="px-5 pt-4">
          <Alert tone="danger">{errorText(actionError)}</Alert>
        </div>
      )}
      <PagedQueryView
        query={members}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        empty={<EmptyState icon="users" title={q ? t('team.members.noMatch') : t('team.members.empty')} />}
      >
        {(items) => (
          <Table data-testid="members-table">
            <TableHeader columns={[t('team.members.member'), t('fields.role'), t('common.status'), t('team.members.lastLogin')]} actions />
            <TBody>
              {items.map((m) => {
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
                      {m.supportUntil ? (
                        // An agency's support entry: a visit that ends by itself, not a seat to manage.
                        <Badge tone="warning" data-testid="support-member">
                          {t('team.supportUntil', { time: formatTime(m.supportUntil, i18n.language) })}
                        </Badge>
                      ) : manageable && roles.length > 1 ? (
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
                          {!m.supportUntil && (
                            <Button
                              size="sm"
                              variant="ghost"
                              loading={actions.setStatus.isPending && actions.setStatus.variables?.id === m.userId}
                              onClick={() => actions.setStatus.mutate({ id: m.userId, status: disabled ? 'active' : 'disabled' })}
                            >
                              {disabled ? t('team.members.enable') : t('team.members.disable')}
                            </Button>
                          )}
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
        )}
      </PagedQueryView>
      <ConfirmMutationModal
        item={removing}
        onClose={() => setRemoving(null)}
        mutation={actions.remove}
        variables={(m) => m.userId}
        title={t('team.members.removeTitle')}
        body={t('team.members.removeBody', { name: removing?.name ?? '' })}
        confirmLabel={t('team.members.remove')}
        danger
      />
    </Card>
  );
}

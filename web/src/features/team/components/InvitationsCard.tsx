import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '../../../api/types';
import { Alert, Button, Card, CardHeader, ConfirmMutationModal, EmptyState, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate } from '../../../lib/format';
import { useInvitationActions, useInvitations } from '../hooks/useTeam';
import { RoleBadge } from './RoleBadge';

/** `onInvite`: opens the invitation form; absent when no more can be invited (the plan's seats are taken). */
export function InvitationsCard({ onInvite }: { onInvite?: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const invitations = useInvitations();
  const actions = useInvitationActions();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [resent, setResent] = useState<string | null>(null);
  const pending = invitations.data?.filter((i) => i.status === 'pending') ?? [];

  return (
    <Card>
      <CardHeader title={t('team.invitations.title')} description={t('team.invitations.subtitle')} />
      {resent && (
        <div className="px-5 pt-4">
          <Alert tone="success">{t('team.invitations.resent', { email: resent })}</Alert>
        </div>
      )}
      {actions.resend.error && (
        <div className="px-5 pt-4">
          <Alert tone="danger">{errorText(actions.resend.error)}</Alert>
        </div>
      )}
      <QueryView
        query={invitations}
        isEmpty={() => pending.length === 0}
        empty={
          <EmptyState
            icon="mail"
            title={t('team.invitations.empty')}
            description={t('team.invitations.emptyBody')}
            action={
              onInvite && (
                <Button variant="secondary" size="sm" onClick={onInvite}>
                  {t('team.invite.button')}
                </Button>
              )
            }
          />
        }
      >
        {() => (
          <Table data-testid="invitations-table">
            <TableHeader columns={[t('fields.email'), t('fields.role'), t('team.invitations.invitedBy'), t('team.invitations.expires')]} actions />
            <TBody>
              {pending.map((inv) => (
                <TR key={inv.id} data-testid="invitation-row">
                  <TD className="font-medium text-slate-900">
                    <span dir="ltr">{inv.email}</span>
                  </TD>
                  <TD>
                    <RoleBadge role={inv.role} />
                  </TD>
                  <TD className="text-slate-500">{inv.invitedByName ?? '—'}</TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDate(inv.expiresAt, i18n.language)}</TD>
                  <TD className="text-end whitespace-nowrap">
                    <div className="inline-flex gap-1">
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={actions.resend.isPending && actions.resend.variables === inv.id}
                        onClick={() => {
                          setResent(null);
                          actions.resend.mutate(inv.id, { onSuccess: () => setResent(inv.email) });
                        }}
                      >
                        {t('team.invitations.resend')}
                      </Button>
                      <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setRevoking(inv)}>
                        {t('team.invitations.revoke')}
                      </Button>
                    </div>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      <ConfirmMutationModal
        item={revoking}
        onClose={() => setRevoking(null)}
        mutation={actions.revoke}
        variables={(inv) => inv.id}
        title={t('team.invitations.revokeTitle')}
        body={t('team.invitations.revokeBody', { email: revoking?.email ?? '' })}
        confirmLabel={t('team.invitations.revoke')}
        danger
      />
    </Card>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '../../../api/types';
import { Alert, Button, Card, CardHeader, ConfirmModal, EmptyState, PageSpinner, TBody, TD, TH, THead, TR, Table } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate } from '../../../lib/format';
import { useInvitationActions, useInvitations } from '../hooks/useTeam';
import { RoleBadge } from './RoleBadge';

export function InvitationsCard({ onInvite }: { onInvite: () => void }) {
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
      {invitations.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : invitations.isError ? (
        <div className="p-5">
          <Alert tone="danger">{errorText(invitations.error)}</Alert>
        </div>
      ) : pending.length === 0 ? (
        <EmptyState
          icon="mail"
          title={t('team.invitations.empty')}
          description={t('team.invitations.emptyBody')}
          action={
            <Button variant="secondary" size="sm" onClick={onInvite}>
              {t('team.invite.button')}
            </Button>
          }
        />
      ) : (
        <Table data-testid="invitations-table">
          <THead>
            <tr>
              <TH>{t('fields.email')}</TH>
              <TH>{t('fields.role')}</TH>
              <TH>{t('team.invitations.invitedBy')}</TH>
              <TH>{t('team.invitations.expires')}</TH>
              <TH className="text-end">
                <span className="sr-only">{t('common.actions')}</span>
              </TH>
            </tr>
          </THead>
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
      <ConfirmModal
        open={revoking !== null}
        title={t('team.invitations.revokeTitle')}
        body={t('team.invitations.revokeBody', { email: revoking?.email ?? '' })}
        confirmLabel={t('team.invitations.revoke')}
        danger
        loading={actions.revoke.isPending}
        error={actions.revoke.error ? errorText(actions.revoke.error) : null}
        onClose={() => {
          setRevoking(null);
          actions.revoke.reset();
        }}
        onConfirm={() => revoking && actions.revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </Card>
  );
}

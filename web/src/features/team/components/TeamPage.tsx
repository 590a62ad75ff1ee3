import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, PageHeader } from '../../../components/ui';
import { LimitReached, useUsageLimit } from '../../billing';
import { useTeamSummary } from '../hooks/useTeam';
import { InvitationsCard } from './InvitationsCard';
import { InviteMemberModal } from './InviteMemberModal';
import { MembersCard } from './MembersCard';
import { WorkspaceLanguageCard } from './WorkspaceLanguageCard';

export function TeamPage() {
  const { t } = useTranslation();
  const [inviting, setInviting] = useState(false);
  // Members and pending invitations count against the plan's seats; the summary follows each invitation.
  const summary = useTeamSummary().data;
  const seats = summary ? summary.members + summary.pendingInvitations : undefined;
  const full = useUsageLimit('agents', seats).atLimit;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('team.title')}
        description={t('team.subtitle')}
        actions={
          <Button onClick={() => setInviting(true)} disabled={full} aria-describedby={full ? 'team-limit' : undefined} data-testid="invite-member">
            <Icon name={full ? 'lock' : 'plus'} className="size-4" />
            {t('team.invite.button')}
          </Button>
        }
      />
      {full && <LimitReached usage="agents" used={seats} note={t('billing.locks.seats')} id="team-limit" />}
      <MembersCard />
      <InvitationsCard onInvite={full ? undefined : () => setInviting(true)} />
      <WorkspaceLanguageCard />
      <InviteMemberModal open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}

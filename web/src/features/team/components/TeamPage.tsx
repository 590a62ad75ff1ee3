import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, PageHeader } from '../../../components/ui';
import { InvitationsCard } from './InvitationsCard';
import { InviteMemberModal } from './InviteMemberModal';
import { MembersCard } from './MembersCard';

export function TeamPage() {
  const { t } = useTranslation();
  const [inviting, setInviting] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('team.title')}
        description={t('team.subtitle')}
        actions={
          <Button onClick={() => setInviting(true)} data-testid="invite-member">
            <Icon name="plus" className="size-4" />
            {t('team.invite.button')}
          </Button>
        }
      />
      <MembersCard />
      <InvitationsCard onInvite={() => setInviting(true)} />
      <InviteMemberModal open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}

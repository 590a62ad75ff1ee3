import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/auth';
import { WorkspaceShell } from './WorkspaceShell';

/** Owners and managers. */
export function UserLayout() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <WorkspaceShell
      area="user"
      testId="layout-user"
      base="/app"
      nav={[
        { to: '/app', label: t('nav.dashboard'), icon: 'home', end: true },
        ...(session.tenant?.isAgency ? [{ to: '/app/agency', label: t('nav.agency'), icon: 'building' as const }] : []),
        { to: '/app/conversations', label: t('nav.conversations'), icon: 'chat' },
        { to: '/app/analytics', label: t('nav.analytics'), icon: 'chart' },
        { to: '/app/contacts', label: t('contacts.nav'), icon: 'users' },
        { to: '/app/segments', label: t('segments.nav'), icon: 'bolt' },
        { to: '/app/deals', label: t('deals.nav'), icon: 'chart' },
        { to: '/app/tickets', label: t('tickets.nav'), icon: 'file' },
        { to: '/app/flows', label: t('bot.nav'), icon: 'bot' },
        { to: '/app/campaigns', label: t('nav.campaigns'), icon: 'megaphone' },
        { to: '/app/automations', label: t('nav.automations'), icon: 'sparkles' },
        { to: '/app/whatsapp', label: t('nav.whatsapp'), icon: 'phone' },
        { to: '/app/team', label: t('nav.team'), icon: 'users' },
        { to: '/app/inbox-settings', label: t('nav.inboxSettings'), icon: 'settings' },
        { to: '/app/pipelines', label: t('pipelines.nav'), icon: 'panel' },
        { to: '/app/contact-fields', label: t('contactFields.nav'), icon: 'list' },
        ...(session.role === 'owner' ? [{ to: '/app/billing', label: t('billing.nav'), icon: 'tag' as const }] : []),
        { to: '/app/brand', label: t('nav.brand'), icon: 'sparkles' },
        { to: '/app/api-keys', label: t('nav.apiKeys'), icon: 'key' },
        ...(session.role === 'owner' ? [{ to: '/app/access', label: t('nav.access'), icon: 'lock' as const }] : []),
        { to: '/app/domains', label: t('nav.domains'), icon: 'globe' },
        ...(session.role === 'owner' ? [{ to: '/app/mail', label: t('nav.mail'), icon: 'mail' as const }] : []),
        { to: '/app/webhooks', label: t('nav.webhooks'), icon: 'globe' },
        { to: '/app/widgets', label: t('nav.widgets'), icon: 'chat' },
        { to: '/app/audit-log', label: t('nav.auditLog'), icon: 'list' },
        ...(session.role === 'owner' ? [{ to: '/app/data-privacy', label: t('privacy.page.title'), icon: 'shield' as const }] : []),
        ...(session.role === 'owner' && session.tenant?.agencyId ? [{ to: '/app/agency-support', label: t('nav.agencySupport'), icon: 'shield' as const }] : []),
        { to: '/app/profile', label: t('nav.profile'), icon: 'user' },
        { to: '/app/security', label: t('twoFactor.nav'), icon: 'lock' },
      ]}
    />
  );
}
